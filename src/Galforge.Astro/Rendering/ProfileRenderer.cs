using Galforge.Astro.Lensing;
using Galforge.Astro.Profiles;

namespace Galforge.Astro.Rendering;

/// <summary>
/// Draws a (lensed) Sersic profile onto a pixel grid with each pixel holding the profile's
/// integral over that pixel, not a sample at its centre. Each pixel is integrated by tensor
/// Gauss-Legendre quadrature whose order (1 to 4 points per axis) follows the local logarithmic
/// gradient of the profile across the pixel; where even 4 points are not enough (the steep core
/// of high-n profiles, which has a cusp in the derivative at the centre) the pixel is split
/// recursively into quarters, down to 1/4096 pixel. Pixels straddling a truncation edge use the
/// highest order. Lensing is exact: each quadrature point is mapped to the source plane by the
/// lens Jacobian, and the flux scales by the magnification.
/// Pixel convention: pixel (x, y) is centred on (x, y) and covers [x - 1/2, x + 1/2) x [y - 1/2, y + 1/2).
/// </summary>
public static class ProfileRenderer
{
    // Gauss-Legendre nodes on [-1/2, 1/2] and weights summing to 1, for 1 to 4 points.
    private static readonly double[][] s_nodes =
    [
        [0.0],
        [-0.28867513459481287, 0.28867513459481287],
        [-0.3872983346207417, 0.0, 0.3872983346207417],
        [-0.43056815579702629, -0.16999052179242813, 0.16999052179242813, 0.43056815579702629],
    ];

    private static readonly double[][] s_weights =
    [
        [1.0],
        [0.5, 0.5],
        [5.0 / 18, 8.0 / 18, 5.0 / 18],
        [0.17392742256872693, 0.32607257743127307, 0.32607257743127307, 0.17392742256872693],
    ];

    private const int MaxDepth = 12;
    private const int NearCentreDepth = 7;
    private const int EdgeDepth = 5;

    /// <summary>
    /// Overwrites <paramref name="image"/> (row-major, width x height) with the pixel-integrated
    /// profile of unit source flux (so the image sums to the magnification, less any light off
    /// the grid). With <paramref name="arms"/>, the disk's light is split: <paramref name="image"/>
    /// gets the smooth part (1 - f) and <paramref name="armImage"/> the arm layer f (1 + modulation).
    /// </summary>
    /// <param name="profile">The profile (sizes in arcsec).</param>
    /// <param name="centreX">Centre column in pixel-centre coordinates of this grid.</param>
    /// <param name="centreY">Centre row in pixel-centre coordinates of this grid.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="lens">Lensing distortion applied about the centre.</param>
    /// <param name="image">Output, length width*height.</param>
    /// <param name="width">Grid columns.</param>
    /// <param name="height">Grid rows.</param>
    /// <param name="arms">Optional spiral-arm modulation (disk components).</param>
    /// <param name="armImage">Output for the arm layer when <paramref name="arms"/> is given.</param>
    /// <returns>The rows drawn (first, last); every pixel outside them is zero.</returns>
    public static (int FirstRow, int LastRow) Render(SersicProfile profile, double centreX, double centreY, double pixelScale, LensDistortion lens,
        Span<double> image, int width, int height, SpiralArms? arms = null, Span<double> armImage = default)
    {
        if (image.Length != width * height) throw new ArgumentException($"image has {image.Length} pixels, expected {width}x{height}");
        if (arms is not null && armImage.Length != width * height) throw new ArgumentException("arm layer must match the image size");
        var ev = new Evaluator(profile, pixelScale, lens, arms);
        image.Clear();
        if (arms is not null) armImage.Clear();

        // Only pixels where the profile is not negligible (rho below rhoMax) are drawn.
        double rhoMax = Math.Min(profile.TruncationRho, Math.Pow(30.0 / profile.B, profile.Index));
        var (hx, hy) = ev.BoundingHalfWidths(rhoMax);
        int x0 = Math.Max(0, (int)Math.Floor(centreX - hx - 1)), x1 = Math.Min(width - 1, (int)Math.Ceiling(centreX + hx + 1));
        int y0 = Math.Max(0, (int)Math.Floor(centreY - hy - 1)), y1 = Math.Min(height - 1, (int)Math.Ceiling(centreY + hy + 1));
        double halfDiagonal = ev.Stretch * 0.7071067811865476; // rho change across half a pixel diagonal
        bool hasArms = arms is not null;
        for (int y = y0; y <= y1; y++)
        {
            double dy = y - centreY;
            for (int x = x0; x <= x1; x++)
            {
                double dx = x - centreX;
                var (smooth, arm) = ev.IntegrateCell(dx, dy, 1.0, halfDiagonal, 0);
                image[y * width + x] = smooth;
                if (hasArms) armImage[y * width + x] = arm;
            }
        }
        return (y0, y1);
    }

    /// <summary>Evaluates one profile at pixel offsets and integrates cells adaptively.</summary>
    private readonly struct Evaluator
    {
        private readonly SersicProfile _p;
        private readonly SpiralArms? _arms;
        private readonly double _m11, _m12, _m21, _m22; // pixel offset -> profile units (re = 1, face-on)
        private readonly double _amplitude; // I0 per unit pixel area for unit source flux
        private readonly double _armFraction;
        private readonly double _armSlope;

        public Evaluator(SersicProfile p, double pixelScale, LensDistortion lens, SpiralArms? arms)
        {
            _p = p;
            _arms = arms;
            var (a11, a12, a21, a22) = lens.Jacobian;
            double c = Math.Cos(p.Shape.PositionAngle), s = Math.Sin(p.Shape.PositionAngle);
            double sx = pixelScale / p.HalfLightRadius, sy = pixelScale / (p.HalfLightRadius * p.Shape.AxisRatio);
            // M = diag(sx, sy) R(-pa) A: rotate into the major-axis frame, stretch the minor axis.
            double r11 = c * a11 + s * a21, r12 = c * a12 + s * a22;
            double r21 = -s * a11 + c * a21, r22 = -s * a12 + c * a22;
            _m11 = sx * r11; _m12 = sx * r12; _m21 = sy * r21; _m22 = sy * r22;
            double det = Math.Abs(_m11 * _m22 - _m12 * _m21);
            // Unit flux in the source plane (det M / det A); surface brightness is conserved, so the
            // image-plane flux is the magnification 1 / det A.
            _amplitude = det / Math.Abs(a11 * a22 - a12 * a21) / p.UnitAmplitudeFlux;
            // Largest singular value of M: the most rho can change per pixel of offset.
            double t = _m11 * _m11 + _m12 * _m12 + _m21 * _m21 + _m22 * _m22;
            Stretch = Math.Sqrt(0.5 * (t + Math.Sqrt(Math.Max(t * t - 4 * det * det, 0))));
            _armFraction = arms?.Fraction ?? 0;
            _armSlope = arms is null ? 0 : arms.Arms * Math.Sqrt(1 + 1 / (Math.Tan(arms.PitchAngle) * Math.Tan(arms.PitchAngle)));
        }

        public double Stretch { get; }

        // Half-widths (pixels) of the box around the ellipse |M x| = rho.
        public (double X, double Y) BoundingHalfWidths(double rho)
        {
            if (double.IsInfinity(rho)) return (double.PositiveInfinity, double.PositiveInfinity);
            double det = _m11 * _m22 - _m12 * _m21;
            // Columns of M^-1 scaled: ellipse x = M^-1 u, |u| = rho; half-width = rho |row of M^-1|.
            double i11 = _m22 / det, i12 = -_m12 / det, i21 = -_m21 / det, i22 = _m11 / det;
            return (rho * Math.Sqrt(i11 * i11 + i12 * i12), rho * Math.Sqrt(i21 * i21 + i22 * i22));
        }

        private (double Smooth, double Arm) Point(double dx, double dy)
        {
            double u = _m11 * dx + _m12 * dy, v = _m21 * dx + _m22 * dy;
            double i = _p.Radial(u * u + v * v) * _amplitude;
            if (_arms is null) return (i, 0);
            return (i * (1 - _armFraction), i * _armFraction * _arms.Modulation(u, v));
        }

        // Integral over the square cell of side `size` centred on (dx, dy).
        public (double Smooth, double Arm) IntegrateCell(double dx, double dy, double size, double halfDiagonal, int depth)
        {
            double u = _m11 * dx + _m12 * dy, v = _m21 * dx + _m22 * dy;
            double rho = Math.Sqrt(u * u + v * v);
            double near = Math.Max(rho - halfDiagonal, 0), far = rho + halfDiagonal;
            double n = _p.Index;
            if (near >= _p.TruncationRho) return (0, 0);
            // Gradient of ln I across the cell (per cell length), worst case within the cell.
            double slope = n > 1 ? _p.LogSlope(near) : _p.LogSlope(Math.Min(far, _p.TruncationRho));
            if (_armSlope > 0) slope += _armSlope / Math.Max(near, 0.05);
            // Curvature of ln I (radial and the 1/rho term of the Laplacian): (b/n) rho^(1/n - 2)
            // max(1, |1/n - 1|); it dominates the first derivative near the centre when n <= 1.
            double curvRho = n > 0.5 ? near : Math.Min(far, _p.TruncationRho);
            double curvature = n == 0.5 ? 2 * _p.B
                : curvRho > 0 ? _p.B / n * (n == 1.0 ? 1 / curvRho : Math.Pow(curvRho, 1 / n - 2)) * Math.Max(1, Math.Abs(1 / n - 1))
                : (n > 0.5 ? double.PositiveInfinity : 0);
            double g = Math.Max(slope, Math.Sqrt(curvature)) * Stretch * size;
            bool edge = far > _p.TruncationRho;
            int order;
            double peak = _p.Radial(near * near) * _amplitude * size * size;
            bool cusp = n > 0.5; // for n <= 1/2, rho^(1/n) is smooth at the centre
            if (peak < 1e-7 && !edge) order = 1; // negligible light (a 1e-7 share of the flux): one sample is plenty
            else if (cusp && near == 0 && depth < MaxDepth) order = 0; // the centre: a cusp for n > 1/2, always split
            else if (cusp && near < 2 * halfDiagonal && depth < NearCentreDepth) order = 0; // close to the cusp, derivatives grow like 1/rho
            else if (edge) order = depth < EdgeDepth ? 0 : 4; // the discontinuity: refine along the edge only
            // Relative quadrature error of order k on exp(g t) over the cell ~ g^(2k) (k!)^4 / ((2k+1) ((2k)!)^3):
            // the thresholds keep it below ~3e-5.
            else if (g < 0.025) order = 1;
            else if (g < 0.6) order = 2;
            else if (g < 1.5) order = 3;
            else if (g < 2.5) order = 4;
            else order = 0;
            if (order == 0 && depth >= MaxDepth) order = 4;
            // Faint pixels (below 1e-5 of the flux) need less relative accuracy.
            if (order > 2 && peak < 1e-5 && !edge) order = 2;
            if (order == 0)
            {
                double h = 0.25 * size, hd = 0.5 * halfDiagonal;
                var a = IntegrateCell(dx - h, dy - h, 0.5 * size, hd, depth + 1);
                var b = IntegrateCell(dx + h, dy - h, 0.5 * size, hd, depth + 1);
                var c = IntegrateCell(dx - h, dy + h, 0.5 * size, hd, depth + 1);
                var d = IntegrateCell(dx + h, dy + h, 0.5 * size, hd, depth + 1);
                return (a.Smooth + b.Smooth + c.Smooth + d.Smooth, a.Arm + b.Arm + c.Arm + d.Arm);
            }
            var nodes = s_nodes[order - 1];
            var weights = s_weights[order - 1];
            double sSum = 0, aSum = 0;
            for (int j = 0; j < order; j++)
            {
                double py = dy + nodes[j] * size;
                for (int i = 0; i < order; i++)
                {
                    var (s, arm) = Point(dx + nodes[i] * size, py);
                    double w = weights[i] * weights[j];
                    sSum += w * s;
                    aSum += w * arm;
                }
            }
            double area = size * size;
            return (sSum * area, aSum * area);
        }
    }
}
