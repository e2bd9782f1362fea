using Galforge.Astro.Imaging;

namespace Galforge.Astro.Measurement;

/// <summary>
/// Adaptive second moments (Bernstein &amp; Jarvis 2002; Hirata &amp; Seljak 2003, the HSM
/// "FindAdaptiveMom"): the moments of the image under an elliptical Gaussian weight whose
/// centre and covariance are iterated until the weight matches the object (the weighted
/// covariance equals half the weight covariance). Positions and sigma in pixels.
/// </summary>
public sealed record AdaptiveMoments
{
    /// <summary>Weight centre x (pixel-centre convention, column), pixels.</summary>
    public double X { get; init; }

    /// <summary>Weight centre y (row), pixels.</summary>
    public double Y { get; init; }

    /// <summary>Weight covariance xx, pixels^2 (equals the object's for a Gaussian).</summary>
    public double Mxx { get; init; }

    /// <summary>Weight covariance xy, pixels^2.</summary>
    public double Mxy { get; init; }

    /// <summary>Weight covariance yy, pixels^2.</summary>
    public double Myy { get; init; }

    /// <summary>Size det(M)^(1/4), pixels (the Gaussian sigma for a round Gaussian).</summary>
    public double Sigma => Math.Pow(Mxx * Myy - Mxy * Mxy, 0.25);

    /// <summary>Distortion e1 = (Mxx - Myy) / (Mxx + Myy).</summary>
    public double E1 => (Mxx - Myy) / (Mxx + Myy);

    /// <summary>Distortion e2 = 2 Mxy / (Mxx + Myy).</summary>
    public double E2 => 2 * Mxy / (Mxx + Myy);

    /// <summary>Reduced-shear-like ellipticity g1 = e1 / (1 + sqrt(1 - |e|^2)).</summary>
    public double G1 => E1 / (1 + Math.Sqrt(Math.Max(0, 1 - E1 * E1 - E2 * E2)));

    /// <summary>g2 = e2 / (1 + sqrt(1 - |e|^2)).</summary>
    public double G2 => E2 / (1 + Math.Sqrt(Math.Max(0, 1 - E1 * E1 - E2 * E2)));

    /// <summary>Weighted radial fourth moment sum(w I rho^4) / sum(w I); 2 for a Gaussian.</summary>
    public double Rho4 { get; init; }

    /// <summary>Iterations used.</summary>
    public int Iterations { get; init; }

    /// <summary>False when the iteration did not converge or failed; see <see cref="Problem"/>.</summary>
    public bool Converged { get; init; }

    /// <summary>Why it failed, or null.</summary>
    public string? Problem { get; init; }

    /// <summary>
    /// Measures adaptive moments. Never throws for bad data: a failure returns
    /// <see cref="Converged"/> = false with a <see cref="Problem"/>.
    /// </summary>
    /// <param name="image">Background-subtracted image.</param>
    /// <param name="mask">True where pixels are ignored (treated as zero); null for none.</param>
    /// <param name="x0">Start centre x; null for the light-weighted centroid.</param>
    /// <param name="y0">Start centre y; null for the light-weighted centroid.</param>
    /// <param name="sigma0">Start weight sigma in pixels; null for 2.</param>
    /// <param name="tolerance">Convergence on e1, e2, relative sigma and centre (in sigma).</param>
    /// <param name="maxIterations">Iteration limit.</param>
    public static AdaptiveMoments Measure(Image image, bool[]? mask = null, double? x0 = null, double? y0 = null,
        double? sigma0 = null, double tolerance = 1e-6, int maxIterations = 400)
    {
        int nx = image.Width, ny = image.Height;
        var px = image.Pixels;
        double x = x0 ?? double.NaN, y = y0 ?? double.NaN;
        if (x0 is null || y0 is null)
        {
            double s = 0, sx = 0, sy = 0;
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                {
                    double v = Value(px, mask, j * nx + i);
                    if (v <= 0) continue;
                    s += v; sx += v * i; sy += v * j;
                }
            if (!(s > 0)) return Fail(0, 0, 0, "no positive flux");
            x = x0 ?? sx / s; y = y0 ?? sy / s;
        }
        double sig = sigma0 ?? 2.0;
        double mxx = sig * sig, myy = sig * sig, mxy = 0;
        double rho4 = double.NaN;
        for (int iter = 1; iter <= maxIterations; iter++)
        {
            double det = mxx * myy - mxy * mxy;
            if (!(det > 0) || !double.IsFinite(det)) return Fail(x, y, iter, "weight covariance not positive definite");
            double ixx = myy / det, iyy = mxx / det, ixy = -mxy / det;
            // Only pixels within rho^2 < 25 matter (weight < 4e-6); bound the loop by the
            // weight's extent along x and y.
            double hx = Math.Sqrt(25 * mxx), hy = Math.Sqrt(25 * myy);
            int i0 = Math.Max(0, (int)Math.Floor(x - hx)), i1 = Math.Min(nx - 1, (int)Math.Ceiling(x + hx));
            int j0 = Math.Max(0, (int)Math.Floor(y - hy)), j1 = Math.Min(ny - 1, (int)Math.Ceiling(y + hy));
            double sw = 0, swx = 0, swy = 0, swxx = 0, swxy = 0, swyy = 0, swr4 = 0;
            for (int j = j0; j <= j1; j++)
            {
                double dy = j - y;
                for (int i = i0; i <= i1; i++)
                {
                    double dx = i - x;
                    double r2 = ixx * dx * dx + 2 * ixy * dx * dy + iyy * dy * dy;
                    if (r2 > 25) continue;
                    double v = Value(px, mask, j * nx + i);
                    if (v == 0) continue;
                    double wv = Math.Exp(-0.5 * r2) * v;
                    sw += wv; swx += wv * dx; swy += wv * dy;
                    swxx += wv * dx * dx; swxy += wv * dx * dy; swyy += wv * dy * dy; swr4 += wv * r2 * r2;
                }
            }
            if (!(sw > 0)) return Fail(x, y, iter, "non-positive weighted flux");
            double cx = swx / sw, cy = swy / sw;
            // Fixed point: weighted covariance = M / 2 and weighted mean offset = 0; the factor 2
            // on the centre step is exact for a Gaussian (as in HSM).
            double nxx = 2 * swxx / sw, nxy = 2 * swxy / sw, nyy = 2 * swyy / sw;
            rho4 = swr4 / sw;
            double oldSigma = Math.Pow(det, 0.25);
            double oe1 = (mxx - myy) / (mxx + myy), oe2 = 2 * mxy / (mxx + myy);
            x += 2 * cx; y += 2 * cy;
            mxx = nxx; mxy = nxy; myy = nyy;
            double ndet = mxx * myy - mxy * mxy;
            if (!(ndet > 0)) return Fail(x, y, iter, "weight covariance not positive definite");
            double newSigma = Math.Pow(ndet, 0.25);
            if (x < -0.5 || x > nx - 0.5 || y < -0.5 || y > ny - 0.5) return Fail(x, y, iter, "centroid left the stamp");
            if (newSigma > Math.Max(nx, ny)) return Fail(x, y, iter, "weight larger than the stamp");
            double ne1 = (mxx - myy) / (mxx + myy), ne2 = 2 * mxy / (mxx + myy);
            if (Math.Abs(ne1 - oe1) < tolerance && Math.Abs(ne2 - oe2) < tolerance
                && Math.Abs(newSigma / oldSigma - 1) < tolerance && Math.Abs(2 * cx) < tolerance * newSigma && Math.Abs(2 * cy) < tolerance * newSigma)
                return new AdaptiveMoments { X = x, Y = y, Mxx = mxx, Mxy = mxy, Myy = myy, Rho4 = rho4, Iterations = iter, Converged = true };
        }
        return new AdaptiveMoments { X = x, Y = y, Mxx = mxx, Mxy = mxy, Myy = myy, Rho4 = rho4, Iterations = maxIterations, Converged = false, Problem = "did not converge" };
    }

    private static double Value(float[] px, bool[]? mask, int i)
    {
        if (mask is not null && mask[i]) return 0;
        float v = px[i];
        return float.IsFinite(v) ? v : 0;
    }

    private static AdaptiveMoments Fail(double x, double y, int iter, string why)
        => new() { X = x, Y = y, Mxx = double.NaN, Mxy = double.NaN, Myy = double.NaN, Rho4 = double.NaN, Iterations = iter, Converged = false, Problem = why };
}
