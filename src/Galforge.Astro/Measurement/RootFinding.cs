namespace Galforge.Astro.Measurement;

/// <summary>
/// Brent's method for a bracketed root (Brent 1973, as in scipy.optimize.brentq): inverse
/// quadratic interpolation with bisection fallback; converges to |x - root| &lt;= xtol.
/// </summary>
internal static class RootFinding
{
    /// <summary>Root of f in [a, b]; f(a) and f(b) must differ in sign (or one be zero).</summary>
    public static double Brent(Func<double, double> f, double a, double b, double xtol = 1e-6, int maxIter = 200)
    {
        double fa = f(a), fb = f(b);
        if (fa == 0) return a;
        if (fb == 0) return b;
        if (Math.Sign(fa) == Math.Sign(fb))
            throw new ArgumentException($"root not bracketed: f({a})={fa}, f({b})={fb}");
        double c = a, fc = fa, d = b - a, e = d;
        const double rtol = 8.881784197001252e-16;
        for (int i = 0; i < maxIter; i++)
        {
            if (Math.Sign(fb) == Math.Sign(fc)) { c = a; fc = fa; d = b - a; e = d; }
            if (Math.Abs(fc) < Math.Abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
            double tol = 2 * rtol * Math.Abs(b) + 0.5 * xtol;
            double m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0) return b;
            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double s = fb / fa, p, q;
                if (a == c) { p = 2 * m * s; q = 1 - s; }
                else
                {
                    double qq = fa / fc, r = fb / fc;
                    p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
                    q = (qq - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q; else p = -p;
                if (2 * p < Math.Min(3 * m * q - Math.Abs(tol * q), Math.Abs(e * q))) { e = d; d = p / q; }
                else { d = m; e = m; }
            }
            else { d = m; e = m; }
            a = b; fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = f(b);
        }
        return b;
    }
}
