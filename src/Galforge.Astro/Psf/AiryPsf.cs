using System.Globalization;

namespace Galforge.Astro.Psf;

/// <summary>
/// The diffraction pattern of a circular aperture with a central obscuration (fraction eps of the
/// diameter): I(r) proportional to [2 J1(x)/x - eps^2 2 J1(eps x)/(eps x)]^2, x = pi r / (lambda/D).
/// Normalised to unit flux: I(0) = pi (1 - eps^2) / (4 (lambda/D)^2) per arcsec^2 with lambda/D in arcsec.
/// </summary>
public sealed class AiryPsf : Psf
{
    private readonly double _lamOverD;
    private readonly double _peak;

    /// <summary>Creates the PSF from wavelength (micron) and diameter (m), or directly from lambda/D.</summary>
    /// <param name="lambdaOverD">lambda / D in arcsec, &gt; 0.</param>
    /// <param name="obscuration">Linear central obscuration, [0, 1).</param>
    public AiryPsf(double lambdaOverD, double obscuration)
    {
        if (!(lambdaOverD > 0) || double.IsInfinity(lambdaOverD)) throw new BadInputException($"Airy PSF lambda/D = {lambdaOverD} arcsec: must be positive");
        if (!(obscuration >= 0 && obscuration < 1)) throw new BadInputException($"Airy PSF obscuration = {obscuration}: allowed range is [0, 1)");
        _lamOverD = lambdaOverD;
        Obscuration = obscuration;
        _peak = Math.PI * (1 - obscuration * obscuration) / (4 * lambdaOverD * lambdaOverD);
        // FWHM by bisection on the profile (1.029 lambda/D unobscured).
        double lo = 0, hi = 2 * lambdaOverD;
        for (int i = 0; i < 60; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Evaluate(mid, 0) > 0.5 * _peak) lo = mid; else hi = mid;
        }
        Fwhm = lo + hi;
    }

    /// <summary>Creates the PSF of a telescope: wavelength in micron, diameter in metres.</summary>
    public static AiryPsf FromTelescope(double wavelengthMicron, double diameterMetres, double obscuration)
    {
        if (!(wavelengthMicron > 0) || !(diameterMetres > 0))
            throw new BadInputException($"Airy PSF lambda = {wavelengthMicron} micron, D = {diameterMetres} m: both must be positive");
        return new AiryPsf(wavelengthMicron * 1e-6 / diameterMetres * 206264.80624709636, obscuration);
    }

    /// <summary>Linear central obscuration.</summary>
    public double Obscuration { get; }

    /// <inheritdoc />
    public override double Fwhm { get; }

    /// <inheritdoc />
    public override double Evaluate(double x, double y)
    {
        double t = Math.PI * Math.Sqrt(x * x + y * y) / _lamOverD;
        double e = Obscuration;
        double a = t < 1e-8 ? 1 - e * e : 2 * (BesselJ1(t) - e * BesselJ1(e * t)) / t;
        return _peak * a * a / ((1 - e * e) * (1 - e * e));
    }

    /// <inheritdoc />
    public override double EnclosingRadius(double fraction)
    {
        // Far wings: the encircled energy tends to 1 - 2 / (pi^2 x (1 - eps^2)) (x = pi r / (lambda/D)).
        double x = 2 / (Math.PI * Math.PI * (1 - fraction) * (1 - Obscuration * Obscuration));
        return Math.Max(x, 3) * _lamOverD / Math.PI;
    }

    /// <inheritdoc />
    public override string Spec => string.Create(CultureInfo.InvariantCulture, $"airy:lod={_lamOverD},obscuration={Obscuration}");

    /// <summary>Bessel J1 (rational approximations of Numerical Recipes 6.5, ~1e-8 relative).</summary>
    public static double BesselJ1(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 8.0)
        {
            double y = x * x;
            double a1 = x * (72362614232.0 + y * (-7895059235.0 + y * (242396853.1 + y * (-2972611.439 + y * (15704.48260 + y * (-30.16036606))))));
            double a2 = 144725228442.0 + y * (2300535178.0 + y * (18583304.74 + y * (99447.43394 + y * (376.9991397 + y))));
            return a1 / a2;
        }
        double z = 8.0 / ax, yy = z * z, xx = ax - 2.356194491;
        double p1 = 1.0 + yy * (0.183105e-2 + yy * (-0.3516396496e-4 + yy * (0.2457520174e-5 + yy * (-0.240337019e-6))));
        double p2 = 0.04687499995 + yy * (-0.2002690873e-3 + yy * (0.8449199096e-5 + yy * (-0.88228987e-6 + yy * 0.105787412e-6)));
        double ans = Math.Sqrt(0.636619772 / ax) * (Math.Cos(xx) * p1 - z * Math.Sin(xx) * p2);
        return x < 0 ? -ans : ans;
    }
}
