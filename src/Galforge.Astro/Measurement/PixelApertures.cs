namespace Galforge.Astro.Measurement;

/// <summary>
/// Aperture photometry with the exact geometric overlap of circles and ellipses with square
/// pixels (the photutils "exact" method). Coordinates are in the pixel-centre convention:
/// pixel (x, y) covers [x-0.5, x+0.5] x [y-0.5, y+0.5]. Pixels outside the image contribute
/// nothing; the nominal aperture area is analytic (pi a b) and ignores the image border.
/// </summary>
internal static class PixelApertures
{
    /// <summary>Sum of image values weighted by the fraction of each pixel inside the ellipse
    /// with semi-axes a (along theta, radians counter-clockwise from +x) and b, in pixels.</summary>
    public static double EllipseSum(ReadOnlySpan<double> image, int nx, int ny, double xc, double yc, double a, double b, double theta)
    {
        if (!(a > 0) || !(b > 0)) return 0;
        var g = new Geometry(a, b, theta);
        var (x0, x1, y0, y1) = Bounds(nx, ny, xc, yc, g.Big);
        double sum = 0;
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
            {
                double v = image[y * nx + x];
                if (v != 0) sum += g.Fraction(x - xc, y - yc) * v;
            }
        return sum;
    }

    /// <summary>The overlap fraction of every pixel touched by the ellipse, as (index, fraction)
    /// pairs appended to <paramref name="weights"/>, so several images can share one geometry.</summary>
    public static void EllipseWeights(int nx, int ny, double xc, double yc, double a, double b, double theta, List<(int Index, double Fraction)> weights)
    {
        weights.Clear();
        if (!(a > 0) || !(b > 0)) return;
        var g = new Geometry(a, b, theta);
        var (x0, x1, y0, y1) = Bounds(nx, ny, xc, yc, g.Big);
        for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++)
            {
                double f = g.Fraction(x - xc, y - yc);
                if (f > 0) weights.Add((y * nx + x, f));
            }
    }

    /// <summary>Sum of image values with the given weights.</summary>
    public static double WeightedSum(ReadOnlySpan<double> image, List<(int Index, double Fraction)> weights)
    {
        double s = 0;
        foreach (var (i, f) in weights) s += image[i] * f;
        return s;
    }

    private static (int X0, int X1, int Y0, int Y1) Bounds(int nx, int ny, double xc, double yc, double r)
        => (Math.Max(0, (int)Math.Floor(xc - r - 0.5)), Math.Min(nx - 1, (int)Math.Ceiling(xc + r + 0.5)),
            Math.Max(0, (int)Math.Floor(yc - r - 0.5)), Math.Min(ny - 1, (int)Math.Ceiling(yc + r + 0.5)));

    private readonly struct Geometry(double a, double b, double theta)
    {
        private readonly double _a = a, _b = b, _cos = Math.Cos(theta), _sin = Math.Sin(theta);
        public double Big { get; } = Math.Max(a, b);
        private readonly double _small = Math.Min(a, b);
        private readonly bool _circle = a == b;

        // Fraction of the pixel centred at offset (dx, dy) from the centre inside the ellipse.
        public double Fraction(double dx, double dy)
        {
            double nearX = Math.Max(0, Math.Abs(dx) - 0.5), farX = Math.Abs(dx) + 0.5;
            double nearY = Math.Max(0, Math.Abs(dy) - 0.5), farY = Math.Abs(dy) + 0.5;
            // Cheap tests first: outside the circumscribed circle, inside the inscribed one.
            if (nearX * nearX + nearY * nearY >= Big * Big) return 0;
            if (farX * farX + farY * farY <= _small * _small) return 1;
            // Map the pixel square into the frame where the ellipse is the unit circle; the
            // overlap area scales by a*b.
            Span<double> px = stackalloc double[4];
            Span<double> py = stackalloc double[4];
            for (int k = 0; k < 4; k++)
            {
                double cx = dx + (k == 1 || k == 2 ? 0.5 : -0.5);
                double cy = dy + (k >= 2 ? 0.5 : -0.5);
                if (_circle) { px[k] = cx / _a; py[k] = cy / _a; }
                else
                {
                    double u = cx * _cos + cy * _sin, w = -cx * _sin + cy * _cos;
                    px[k] = u / _a; py[k] = w / _b;
                }
            }
            double area = 0;
            for (int k = 0; k < 4; k++)
            {
                int k2 = (k + 1) & 3;
                area += TriangleUnitCircle(px[k], py[k], px[k2], py[k2]);
            }
            return Math.Min(Math.Abs(area) * _a * _b, 1.0);
        }
    }

    /// <summary>Circular aperture sum (radius r in pixels).</summary>
    public static double CircleSum(ReadOnlySpan<double> image, int nx, int ny, double xc, double yc, double r)
        => EllipseSum(image, nx, ny, xc, yc, r, r, 0);

    /// <summary>Circular annulus sum between r_in and r_out.</summary>
    public static double CircularAnnulusSum(ReadOnlySpan<double> image, int nx, int ny, double xc, double yc, double rIn, double rOut)
        => CircleSum(image, nx, ny, xc, yc, rOut) - (rIn > 0 ? CircleSum(image, nx, ny, xc, yc, rIn) : 0);

    /// <summary>Elliptical annulus sum (photutils convention: the inner semi-minor axis is
    /// b_out * a_in / a_out).</summary>
    public static double EllipticalAnnulusSum(ReadOnlySpan<double> image, int nx, int ny, double xc, double yc, double aIn, double aOut, double bOut, double theta)
    {
        double outer = EllipseSum(image, nx, ny, xc, yc, aOut, bOut, theta);
        double bIn = bOut * aIn / aOut;
        return aIn > 0 ? outer - EllipseSum(image, nx, ny, xc, yc, aIn, bIn, theta) : outer;
    }

    /// <summary>Nominal area of a circular annulus (pixels^2).</summary>
    public static double CircularAnnulusArea(double rIn, double rOut) => Math.PI * (rOut * rOut - rIn * rIn);

    /// <summary>Nominal area of an elliptical annulus (pixels^2).</summary>
    public static double EllipticalAnnulusArea(double aIn, double aOut, double bOut) => Math.PI * (aOut * bOut - aIn * (bOut * aIn / aOut));

    // Signed area of the intersection of the unit disk (centred at the origin) with the
    // triangle (origin, P, Q): chord parts as triangles, arc parts as circular sectors.
    private static double TriangleUnitCircle(double ax, double ay, double bx, double by)
    {
        double dx = bx - ax, dy = by - ay;
        double A = dx * dx + dy * dy;
        double aa = ax * ax + ay * ay, bb = bx * bx + by * by;
        if (aa <= 1 && bb <= 1) return 0.5 * (ax * by - ay * bx);
        if (A == 0) return 0;
        double B = 2 * (ax * dx + ay * dy), C = aa - 1;
        double disc = B * B - 4 * A * C;
        if (disc <= 0) return Sector(ax, ay, bx, by);
        double s = Math.Sqrt(disc);
        double t1 = (-B - s) / (2 * A), t2 = (-B + s) / (2 * A);
        if (t2 <= 0 || t1 >= 1) return Sector(ax, ay, bx, by);
        t1 = Math.Max(t1, 0); t2 = Math.Min(t2, 1);
        double p1x = ax + t1 * dx, p1y = ay + t1 * dy, p2x = ax + t2 * dx, p2y = ay + t2 * dy;
        return Sector(ax, ay, p1x, p1y) + 0.5 * (p1x * p2y - p1y * p2x) + Sector(p2x, p2y, bx, by);
    }

    private static double Sector(double ux, double uy, double vx, double vy)
        => 0.5 * Math.Atan2(ux * vy - uy * vx, ux * vx + uy * vy);
}
