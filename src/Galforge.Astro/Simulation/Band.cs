using Galforge.Astro.Noise;

namespace Galforge.Astro.Simulation;

/// <summary>
/// One photometric band of a survey: its name, effective wavelength (for the colour model), the
/// zero point that turns AB magnitudes into image counts, its PSF and its noise.
/// </summary>
/// <param name="Name">Band name, e.g. F160W.</param>
/// <param name="WavelengthMicron">Effective (pivot) wavelength, micron.</param>
/// <param name="ZeroPoint">AB magnitude of a source giving 1 count in the image.</param>
/// <param name="Psf">The PSF of this band.</param>
/// <param name="Noise">The noise of this band.</param>
public sealed record Band(string Name, double WavelengthMicron, double ZeroPoint, Psf.Psf Psf, BandNoise Noise)
{
    /// <summary>Counts of a source of AB magnitude <paramref name="magnitude"/>.</summary>
    public double FluxFromMagnitude(double magnitude) => Photometry.FluxFromMagnitude(magnitude, ZeroPoint);
}
