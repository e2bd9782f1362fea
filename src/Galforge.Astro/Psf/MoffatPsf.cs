using System.Globalization;

namespace Galforge.Astro.Psf;

/// <summary>
/// A circular Moffat PSF I(r) = (beta - 1) / (pi alpha^2) (1 + (r/alpha)^2)^(-beta), with
/// alpha = FWHM / (2 sqrt(2^(1/beta) - 1)); beta &gt; 1. Enclosed flux 1 - (1 + (r/alpha)^2)^(1 - beta).
/// </summary>
public sealed class MoffatPsf : Psf
{
    private readonly double _alpha;

    /// <summary>Creates the PSF; <paramref name="fwhm"/> arcsec &gt; 0, <paramref name="beta"/> &gt; 1.</summary>
    public MoffatPsf(double fwhm, double beta)
    {
        if (!(fwhm > 0) || double.IsInfinity(fwhm)) throw new BadInputException($"Moffat PSF fwhm = {fwhm} arcsec: must be positive");
        if (!(beta > 1) || double.IsInfinity(beta)) throw new BadInputException($"Moffat PSF beta = {beta}: allowed range is beta > 1");
        Fwhm = fwhm;
        Beta = beta;
        _alpha = fwhm / (2 * Math.Sqrt(Math.Pow(2, 1 / beta) - 1));
    }

    /// <inheritdoc />
    public override double Fwhm { get; }

    /// <summary>The Moffat power-law index.</summary>
    public double Beta { get; }

    /// <inheritdoc />
    public override double Evaluate(double x, double y) =>
        (Beta - 1) / (Math.PI * _alpha * _alpha) * Math.Pow(1 + (x * x + y * y) / (_alpha * _alpha), -Beta);

    /// <inheritdoc />
    public override double EnclosingRadius(double fraction) =>
        _alpha * Math.Sqrt(Math.Pow(1 - fraction, 1 / (1 - Beta)) - 1);

    /// <inheritdoc />
    public override string Spec => string.Create(CultureInfo.InvariantCulture, $"moffat:fwhm={Fwhm},beta={Beta}");
}
