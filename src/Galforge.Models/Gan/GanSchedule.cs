namespace Galforge.Models.Gan;

/// <summary>
/// The progressive-growing schedule as a function of images shown: stage 0 (4x4) is trained for
/// one phase; every later stage first fades in over one phase (alpha ramps linearly 0 to 1) and is
/// then stabilised for one phase; the last stage continues for the config's final images.
/// </summary>
public static class GanSchedule
{
    /// <summary>Stage and fade-in alpha after <paramref name="imagesSeen"/> images.</summary>
    public static (int Stage, float Alpha) At(ProgressiveGanConfig config, long imagesSeen)
    {
        var p = config.ImagesPerPhase;
        if (imagesSeen < p || config.StageCount == 1) return (0, 1f);
        var phase = (imagesSeen - p) / p;           // 0: fade of stage 1, 1: stabilise stage 1, ...
        var stage = (int)Math.Min(phase / 2 + 1, config.StageCount - 1);
        if (phase >= 2L * (config.StageCount - 1)) return (config.StageCount - 1, 1f);
        if (phase % 2 == 1) return (stage, 1f);
        var into = imagesSeen - p - phase * p;
        return (stage, (float)((double)into / p));
    }

    /// <summary>True when all images of the schedule have been shown.</summary>
    public static bool Done(ProgressiveGanConfig config, long imagesSeen) => imagesSeen >= config.TotalImages;
}
