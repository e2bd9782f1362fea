namespace Galforge.Astro.Datasets;

/// <summary>One photometric band of a dataset.</summary>
/// <param name="Name">Band name as the survey calls it (e.g. "F814W", "r", "Ks").</param>
/// <param name="PixelScale">Arcseconds per pixel of the stamps in this band.</param>
/// <param name="ZeroPoint">AB magnitude zero point: mag = ZeroPoint - 2.5 log10(flux in image units); NaN when unknown.</param>
public sealed record DatasetBand(string Name, double PixelScale, double ZeroPoint);
