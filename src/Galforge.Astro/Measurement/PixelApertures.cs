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
        double big = Math.Max(a, b), small = Math.Min(a, b);
        int x0 = Math.Max(0, (int)Math.Floor(xc - big - 0.5)), x1 = Math.Min(nx - 1, (int)Math.Ceiling(xc + big + 0.5));
        int y0 = Math.Max(0, (int)Math.Floor(yc - big - 0.5)), y1 = Math.Min(ny - 1, (int)Math.Ceiling(yc + big + 0.5));
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        bool circle = a == b;
        double sum = 0;
        Span<double> px = stackalloc double[4];
        Span<double> py = stackalloc double[4];
        for (int y = y0; y <= y1; y++)
        {
            double dy = y - yc;
            double nearY = Math.Max(0, Math.Abs(dy) - 0.5), farY = Math.Abs(dy) + 0.5;
            for (int x = x0; x <= x1; x++)
            {
                double v = image[y * nx + x];
                if (v == 0) continue;
                double dx = x - xc;
                double nearX = Math.Max(0, Math.Abs(dx) - 0.5), farX = Math.Abs(dx) + 0.5;
                // Cheap tests first: outside the circumscribed circle, inside the inscribed one.
                if (nearX * nearX + nearY * nearY >= big * big) continue;
                double frac;
                if (farX * farX + farY * farY <= small * small) frac = 1.0;
                else
                {
                    // Map the pixel square into the frame where the ellipse is the unit circle;
                    // the overlap area scales by a*b.
                    for (int k = 0; k < 4; k++)
                    {
                        double cx = dx + (k == 1 || k == 2 ? 0.5 : -0.5);
                        double cy = dy + (k >= 2 ? 0.5 : -0.5);
                        if (circle) { px[k] = cx / a; py[k] = cy / a; }
                        else
                        {
                            double u = cx * cos + cy * sin, w = -cx * sin + cy * cos;
                            px[k] = u / a; py[k] = w / b;
                        }
                    }
                    double area = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        int k2 = (k + 1) & 3;
                        area += TriangleUnitCircle(px[k], py[k], px[k2], py[k2]);
                    }
                    frac = Math.Abs(area) * a * b;
                    if (frac > 1) frac = 1;
                }
                sum += frac * v;
            }
        }
        return sum;
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
