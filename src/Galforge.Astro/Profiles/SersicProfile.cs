namespace Galforge.Astro.Profiles;

/// <summary>
/// An elliptical Sersic profile I(rho) = I0 exp(-b rho^(1/n)), rho = elliptical radius in units
/// of the half-light radius along the major axis, optionally truncated at a radius. Unit total
/// flux; colours and fluxes are carried by the component that uses it. The exponential disk
/// (n = 1), de Vaucouleurs (n = 4) and Gaussian (n = 1/2, where b = ln 2 exactly) are special cases.
/// b is solved exactly from P(2n, b) = 1/2 (or, when truncated, so that the truncated profile
/// has half its light inside the half-light radius), not from an approximation.
/// </summary>
public sealed class SersicProfile
{
    /// <summary>Smallest supported Sersic index.</summary>
    public const double MinIndex = 0.3;

    /// <summary>Largest supported Sersic index.</summary>
    public const double MaxIndex = 6.2;

    /// <summary>Creates a profile.</summary>
    /// <param name="index">Sersic index n in [0.3, 6.2].</param>
    /// <param name="halfLightRadius">Half-light radius along the major axis, arcsec, &gt; 0 (that of the truncated profile when truncated).</param>
    /// <param name="shape">Axis ratio and position angle.</param>
    /// <param name="truncationRadius">Major-axis radius (arcsec) beyond which the profile is zero; 0 for none; else &gt; sqrt(2) x half-light radius.</param>
    public SersicProfile(double index, double halfLightRadius, Ellipticity shape, double truncationRadius = 0)
    {
        if (!(index >= MinIndex && index <= MaxIndex))
            throw new BadInputException($"Sersic index n = {index}: allowed range is [{MinIndex}, {MaxIndex}]");
        if (!(halfLightRadius > 0) || double.IsInfinity(halfLightRadius))
            throw new BadInputException($"half-light radius {halfLightRadius} arcsec: must be positive and finite");
        if (!(truncationRadius == 0 || truncationRadius > Math.Sqrt(2) * halfLightRadius))
            throw new BadInputException($"truncation radius {truncationRadius} arcsec: must be 0 (none) or more than sqrt(2) x half-light radius ({Math.Sqrt(2) * halfLightRadius:G4})");
        Index = index;
        HalfLightRadius = halfLightRadius;
        Shape = shape;
        TruncationRadius = truncationRadius;
        TruncationRho = truncationRadius > 0 ? truncationRadius / halfLightRadius : double.PositiveInfinity;
        B = truncationRadius > 0 ? SolveTruncatedB(index, TruncationRho) : CachedB(index);
        double a = 2 * index;
        double enclosed = truncationRadius > 0 ? SpecialFunctions.GammaP(a, B * Math.Pow(TruncationRho, 1 / index)) : 1.0;
        // Flux of I0 = 1, re = 1, q = 1: 2 pi n Gamma(2n) b^(-2n) P(2n, b rho_t^(1/n)).
        UnitAmplitudeFlux = 2 * Math.PI * index * Math.Exp(SpecialFunctions.LogGamma(a) - a * Math.Log(B)) * enclosed;
    }

    /// <summary>Sersic index n.</summary>
    public double Index { get; }

    /// <summary>Half-light radius along the major axis, arcsec.</summary>
    public double HalfLightRadius { get; }

    /// <summary>Axis ratio and position angle.</summary>
    public Ellipticity Shape { get; }

    /// <summary>Truncation radius along the major axis, arcsec; 0 when untruncated.</summary>
    public double TruncationRadius { get; }

    /// <summary>Truncation radius in units of the half-light radius (infinity when untruncated).</summary>
    public double TruncationRho { get; }

    /// <summary>The coefficient b in exp(-b rho^(1/n)).</summary>
    public double B { get; }

    /// <summary>Total flux of the profile with I0 = 1 in units where the half-light radius is 1 and q = 1.</summary>
    public double UnitAmplitudeFlux { get; }

    /// <summary>An exponential disk (n = 1).</summary>
    public static SersicProfile Exponential(double halfLightRadius, Ellipticity shape) => new(1.0, halfLightRadius, shape);

    /// <summary>A de Vaucouleurs bulge (n = 4).</summary>
    public static SersicProfile DeVaucouleurs(double halfLightRadius, Ellipticity shape) => new(4.0, halfLightRadius, shape);

    /// <summary>A Gaussian of standard deviation <paramref name="sigma"/> arcsec along the major axis (n = 1/2).</summary>
    public static SersicProfile Gaussian(double sigma, Ellipticity shape) => new(0.5, sigma * Math.Sqrt(2 * Math.Log(2)), shape);

    /// <summary>exp(-b rho^(1/n)) at squared elliptical radius rho2 (zero beyond truncation).</summary>
    public double Radial(double rho2)
    {
        if (rho2 >= TruncationRho * TruncationRho) return 0;
        if (rho2 <= 0) return 1;
        // rho^(1/n) = (rho^2)^(1/2n): the indices of the colour model's bulges, disks and clumps
        // by square roots, the rest by exp/log.
        double t = Index switch
        {
            0.5 => rho2,
            1.0 => Math.Sqrt(rho2),
            4.0 => Math.Sqrt(Math.Sqrt(Math.Sqrt(rho2))),
            _ => Math.Exp(0.5 / Index * Math.Log(rho2)),
        };
        return Math.Exp(-B * t);
    }

    /// <summary>|d ln I / d rho| at rho (per half-light radius).</summary>
    public double LogSlope(double rho) => rho <= 0 ? (Index > 1 ? double.PositiveInfinity : Index == 1 ? B : 0)
        : Index == 1.0 ? B : Index == 0.5 ? 2 * B * rho : B / Index * Math.Pow(rho, 1 / Index - 1);

    /// <summary>Fraction of the total flux inside elliptical radius rho (in half-light radii).</summary>
    public double EnclosedFraction(double rho)
    {
        if (rho >= TruncationRho) return 1;
        double a = 2 * Index;
        double all = double.IsPositiveInfinity(TruncationRho) ? 1 : SpecialFunctions.GammaP(a, B * Math.Pow(TruncationRho, 1 / Index));
        return SpecialFunctions.GammaP(a, B * Math.Pow(rho, 1 / Index)) / all;
    }

    // The indices the colour model uses for every galaxy: solved once.
    private static readonly double s_b05 = SolveB(0.5), s_b1 = SolveB(1.0), s_b4 = SolveB(4.0);

    private static double CachedB(double n) => n == 0.5 ? s_b05 : n == 1.0 ? s_b1 : n == 4.0 ? s_b4 : SolveB(n);

    /// <summary>b_n solving P(2n, b) = 1/2 (Newton from the Ciotti and Bertin 1999 expansion, bisection safeguard).</summary>
    public static double SolveB(double n)
    {
        double a = 2 * n;
        double b = Math.Max(2 * n - 1.0 / 3 + 4 / (405 * n) + 46 / (25515 * n * n), 1e-3);
        double lo = 0, hi = 2 * a + 10;
        for (int i = 0; i < 200; i++)
        {
            double f = SpecialFunctions.GammaP(a, b) - 0.5;
            if (f > 0) hi = b; else lo = b;
            if (Math.Abs(f) < 1e-15) break;
            double df = Math.Exp((a - 1) * Math.Log(b) - b - SpecialFunctions.LogGamma(a));
            double next = b - f / df;
            b = next > lo && next < hi ? next : 0.5 * (lo + hi);
            if (hi - lo < 1e-15 * b) break;
        }
        return b;
    }

    // Truncated: find b with P(2n, b) = P(2n, b rho_t^(1/n)) / 2, by bisection (monotone).
    private static double SolveTruncatedB(double n, double rhoT)
    {
        double a = 2 * n, tau = Math.Pow(rhoT, 1 / n);
        double lo = 1e-12, hi = SolveB(n);
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            double g = SpecialFunctions.GammaP(a, mid) - 0.5 * SpecialFunctions.GammaP(a, mid * tau);
            if (g > 0) hi = mid; else lo = mid;
        }
        return 0.5 * (lo + hi);
    }
}
