using System.Text.Json;
using System.Text.Json.Serialization;
using Galforge.Models.Training;

namespace Galforge.Models.Gan;

/// <summary>
/// run.json of a progressive-GAN run folder: what the model was trained on and how to map its
/// output back to image units (bands, pixel scale, arcsinh scales, condition encoding, seed).
/// </summary>
public sealed class GanRunInfo
{
    /// <summary>File name inside the run folder.</summary>
    public const string FileName = RunFiles.RunJson;

    /// <summary>Model family, always "progressive-gan".</summary>
    [JsonPropertyName("kind")] public string Kind { get; set; } = ProgressiveGanGenerator.ModelKind;

    /// <summary>Band names in channel order.</summary>
    [JsonPropertyName("bands")] public string[] Bands { get; set; } = [];

    /// <summary>Pixel scale of the training stamps, arcsec per pixel.</summary>
    [JsonPropertyName("pixel_scale_arcsec")] public double PixelScale { get; set; }

    /// <summary>Final stamp side, pixels.</summary>
    [JsonPropertyName("image_size")] public int ImageSize { get; set; }

    /// <summary>Arcsinh scale per band (image units): pixels were asinh(x / scale) in training.</summary>
    [JsonPropertyName("asinh_scales")] public double[] AsinhScales { get; set; } = [];

    /// <summary>Sky noise sigma per band (image units) added to generated galaxies when the run observes noise (config observe_noise); null otherwise.</summary>
    [JsonPropertyName("noise_sigmas")] public double[]? NoiseSigmas { get; set; }

    /// <summary>
    /// Gain per band (electrons per image unit) of the source Poisson noise added with the sky
    /// noise, variance sigma^2 + max(x, 0) / gain; 0 for a band without it. Null for runs that
    /// observed sky noise only (made before this term existed) or no noise.
    /// </summary>
    [JsonPropertyName("noise_gains")] public double[]? NoiseGains { get; set; }

    /// <summary>Condition encoding, null when unconditional.</summary>
    [JsonPropertyName("condition")] public ConditionEncoding? Condition { get; set; }

    /// <summary>Seed of the run (initialisation, data order, augmentations, latents).</summary>
    [JsonPropertyName("seed")] public ulong Seed { get; set; }

    /// <summary>Training dataset path as given.</summary>
    [JsonPropertyName("dataset")] public string Dataset { get; set; } = "";

    /// <summary>Galaxies used for training.</summary>
    [JsonPropertyName("training_galaxies")] public int TrainingGalaxies { get; set; }

    /// <summary>Reads run.json from <paramref name="runDirectory"/>.</summary>
    public static GanRunInfo Read(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) throw new BadInputException($"{runDirectory}: not a progressive-GAN run folder ({FileName} not found)");
        GanRunInfo? info;
        try { info = JsonSerializer.Deserialize<GanRunInfo>(File.ReadAllText(path), ProgressiveGanConfig.Json); }
        catch (JsonException e) { throw new BadInputException($"{path}: corrupt run file ({e.Message.Replace('\n', ' ')})"); }
        if (info is null || info.Kind != ProgressiveGanGenerator.ModelKind)
            throw new BadInputException($"{path}: kind is '{info?.Kind}', expected '{ProgressiveGanGenerator.ModelKind}'");
        if (info.Bands.Length == 0 || info.AsinhScales.Length != info.Bands.Length)
            throw new BadInputException($"{path}: {info.Bands.Length} bands but {info.AsinhScales.Length} arcsinh scales");
        if (info.NoiseSigmas is { } sig && (sig.Length != info.Bands.Length || sig.Any(v => !(v >= 0) || !double.IsFinite(v))))
            throw new BadInputException($"{path}: 'noise_sigmas' must hold one finite sigma >= 0 per band ({info.Bands.Length})");
        if (info.NoiseGains is { } gains && (info.NoiseSigmas is null || gains.Length != info.Bands.Length || gains.Any(v => !(v >= 0) || !double.IsFinite(v))))
            throw new BadInputException($"{path}: 'noise_gains' must hold one finite gain >= 0 per band ({info.Bands.Length}) next to 'noise_sigmas'");
        return info;
    }

    /// <summary>Serialises to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ProgressiveGanConfig.Json);
}
