using Galforge.Astro.Imaging;

namespace Galforge.Astro.Datasets;

/// <summary>
/// One galaxy handed to <see cref="DatasetBuilder"/>: an image per dataset band (null = band
/// missing), the noise sigma per band (NaN = estimate it from the image) and a PSF per band (null = unknown).
/// All present bands must have the same size after resampling.
/// </summary>
/// <param name="Bands">Stamp per band, in the dataset's band order.</param>
/// <param name="NoiseSigmas">Per-pixel noise sigma per band, image units.</param>
/// <param name="Psfs">PSF image per band.</param>
public sealed record StampInput(Image?[] Bands, double[] NoiseSigmas, Image?[] Psfs);
