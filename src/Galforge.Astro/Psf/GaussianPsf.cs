using System.Globalization;

namespace Galforge.Astro.Psf;

/// <summary>A circular Gaussian PSF of a given FWHM (arcsec).</summary>
public sealed class GaussianPsf : Psf
{
    private readonly double _sigma;

    /// <summary>Creates the PSF; <paramref name="fwhm"/> in arcsec, &gt; 0.</summary>
    public GaussianPsf(double fwhm)
    {
        if (!(fwhm > 0) || double.IsInfinity(fwhm)) throw new BadInputException($"Gaussian PSF fwhm = {fwhm} arcsec: must be positive");
        Fwhm = fwhm;
        _sigma = fwhm / (2 * Math.Sqrt(2 * Math.Log(2)));
    }

    /// <inheritdoc />
    public override double Fwhm { get; }

    /// <inheritdoc />
    public override double Evaluate(double x, double y) =>
        Math.Exp(-(x * x + y * y) / (2 * _sigma * _sigma)) / (2 * Math.PI * _sigma * _sigma);

    /// <inheritdoc />
    public override double EnclosingRadius(double fraction) => _sigma * Math.Sqrt(-2 * Math.Log(1 - fraction));

    /// <inheritdoc />
    public override string Spec => string.Create(CultureInfo.InvariantCulture, $"gaussian:fwhm={Fwhm}");
}
