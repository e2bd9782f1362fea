namespace Galforge.Astro.Datasets;

/// <summary>One photometric band of a dataset.</summary>
/// <param name="Name">Band name as the survey calls it (e.g. "F814W", "r", "Ks").</param>
/// <param name="PixelScale">Arcseconds per pixel of the stamps in this band.</param>
/// <param name="ZeroPoint">AB magnitude zero point: mag = ZeroPoint - 2.5 log10(flux in image units); NaN when unknown.</param>
/// <param name="Gain">
/// Electrons per image unit for the source's Poisson noise: a pixel of true value x &gt; 0 has
/// variance sigma^2 + x / Gain (sigma = the dataset's NOISE). NaN when unknown or when the
/// images carry no source Poisson noise (then the variance is sigma^2 alone).
/// </param>
public sealed record DatasetBand(string Name, double PixelScale, double ZeroPoint, double Gain = double.NaN)
{
    /// <summary>True when <see cref="Gain"/> is known and positive, i.e. the source Poisson variance x / Gain applies.</summary>
    public bool HasGain => double.IsFinite(Gain) && Gain > 0;
}
