namespace Galforge.Astro.Lensing;

/// <summary>
/// A constant weak-lensing distortion: reduced shear (g1, g2) and convergence kappa. It maps image
/// positions theta to source positions beta = A theta with the Jacobian
/// A = (1 - kappa) [[1 - g1, -g2], [-g2, 1 + g1]]; surface brightness is conserved, so the total
/// flux is multiplied by the magnification mu = 1 / det A = 1 / ((1 - kappa)^2 (1 - |g|^2)).
/// A round source becomes an ellipse with ellipticity e = g (in the (1 - q)/(1 + q) convention).
/// </summary>
public readonly record struct LensDistortion
{
    /// <summary>No lensing.</summary>
    public static LensDistortion None => new(0, 0, 0);

    /// <summary>Creates a distortion; |g| &lt; 1 and kappa &lt; 1 are required.</summary>
    public LensDistortion(double g1, double g2, double kappa = 0)
    {
        double g = Math.Sqrt(g1 * g1 + g2 * g2);
        if (!(g < 1)) throw new BadInputException($"reduced shear |g| = {g:G6} (g1 = {g1}, g2 = {g2}): allowed range is [0, 1)");
        if (!(kappa < 1) || double.IsNaN(kappa)) throw new BadInputException($"convergence kappa = {kappa}: allowed range is kappa < 1");
        G1 = g1;
        G2 = g2;
        Kappa = kappa;
    }

    /// <summary>First reduced-shear component.</summary>
    public double G1 { get; }

    /// <summary>Second reduced-shear component.</summary>
    public double G2 { get; }

    /// <summary>Convergence.</summary>
    public double Kappa { get; }

    /// <summary>Magnification 1 / det A.</summary>
    public double Magnification => 1 / ((1 - Kappa) * (1 - Kappa) * (1 - G1 * G1 - G2 * G2));

    /// <summary>The Jacobian A (image to source), row-major: (a11, a12, a21, a22).</summary>
    public (double A11, double A12, double A21, double A22) Jacobian
    {
        get
        {
            double s = 1 - Kappa;
            return (s * (1 - G1), -s * G2, -s * G2, s * (1 + G1));
        }
    }

    /// <summary>Source position of an image position (same units, relative to the lens-frame origin).</summary>
    public (double X, double Y) ToSource(double x, double y)
    {
        var (a11, a12, a21, a22) = Jacobian;
        return (a11 * x + a12 * y, a21 * x + a22 * y);
    }

    /// <summary>Image position of a source position (inverse of <see cref="ToSource"/>).</summary>
    public (double X, double Y) ToImage(double x, double y)
    {
        var (a11, a12, a21, a22) = Jacobian;
        double det = a11 * a22 - a12 * a21;
        return ((a22 * x - a12 * y) / det, (-a21 * x + a11 * y) / det);
    }
}
