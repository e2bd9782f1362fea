namespace Galforge.Astro.Measurement;

/// <summary>
/// Nelder-Mead downhill simplex in 2-D with the standard coefficients (reflection 1,
/// expansion 2, contraction 1/2, shrink 1/2) and the initial simplex and stopping rule of
/// scipy.optimize.fmin (5% steps; stop when both the simplex size &lt;= xtol and the spread of
/// function values &lt;= ftol), so the asymmetry centre is found the way statmorph finds it.
/// </summary>
internal static class NelderMead
{
    /// <summary>Minimises f from (x0, y0); returns the best point.</summary>
    public static (double X, double Y) Minimize(Func<double, double, double> f, double x0, double y0,
        double xtol = 1e-6, double ftol = 1e-4, int maxIter = 400, int maxEval = 400)
    {
        const int n = 2;
        var sim = new double[n + 1, n];
        var fs = new double[n + 1];
        sim[0, 0] = x0; sim[0, 1] = y0;
        for (int k = 0; k < n; k++)
        {
            sim[k + 1, 0] = x0; sim[k + 1, 1] = y0;
            double v = sim[k + 1, k];
            sim[k + 1, k] = v != 0 ? 1.05 * v : 0.00025;
        }
        int evals = 0;
        double F(double a, double b) { evals++; return f(a, b); }
        for (int k = 0; k <= n; k++) fs[k] = F(sim[k, 0], sim[k, 1]);
        Sort(sim, fs);
        int iter = 1;
        while (evals < maxEval && iter < maxIter)
        {
            double maxDx = 0, maxDf = 0;
            for (int k = 1; k <= n; k++)
            {
                maxDx = Math.Max(maxDx, Math.Max(Math.Abs(sim[k, 0] - sim[0, 0]), Math.Abs(sim[k, 1] - sim[0, 1])));
                maxDf = Math.Max(maxDf, Math.Abs(fs[0] - fs[k]));
            }
            if (maxDx <= xtol && maxDf <= ftol) break;
            double cx = (sim[0, 0] + sim[1, 0]) / n, cy = (sim[0, 1] + sim[1, 1]) / n;
            double rx = 2 * cx - sim[n, 0], ry = 2 * cy - sim[n, 1];
            double fr = F(rx, ry);
            bool shrink = false;
            if (fr < fs[0])
            {
                double ex = 3 * cx - 2 * sim[n, 0], ey = 3 * cy - 2 * sim[n, 1];
                double fe = F(ex, ey);
                if (fe < fr) Set(sim, fs, n, ex, ey, fe); else Set(sim, fs, n, rx, ry, fr);
            }
            else if (fr < fs[n - 1]) Set(sim, fs, n, rx, ry, fr);
            else if (fr < fs[n])
            {
                double ox = 1.5 * cx - 0.5 * sim[n, 0], oy = 1.5 * cy - 0.5 * sim[n, 1];
                double fo = F(ox, oy);
                if (fo <= fr) Set(sim, fs, n, ox, oy, fo); else shrink = true;
            }
            else
            {
                double ix = 0.5 * cx + 0.5 * sim[n, 0], iy = 0.5 * cy + 0.5 * sim[n, 1];
                double fi = F(ix, iy);
                if (fi < fs[n]) Set(sim, fs, n, ix, iy, fi); else shrink = true;
            }
            if (shrink)
                for (int k = 1; k <= n; k++)
                {
                    sim[k, 0] = sim[0, 0] + 0.5 * (sim[k, 0] - sim[0, 0]);
                    sim[k, 1] = sim[0, 1] + 0.5 * (sim[k, 1] - sim[0, 1]);
                    fs[k] = F(sim[k, 0], sim[k, 1]);
                }
            Sort(sim, fs);
            iter++;
        }
        return (sim[0, 0], sim[0, 1]);
    }

    private static void Set(double[,] sim, double[] fs, int k, double x, double y, double fv)
    {
        sim[k, 0] = x; sim[k, 1] = y; fs[k] = fv;
    }

    // Stable insertion sort of the three vertices by function value (numpy's argsort on
    // three elements keeps ties in order, too).
    private static void Sort(double[,] sim, double[] fs)
    {
        for (int i = 1; i < fs.Length; i++)
            for (int j = i; j > 0 && fs[j] < fs[j - 1]; j--)
            {
                (fs[j], fs[j - 1]) = (fs[j - 1], fs[j]);
                (sim[j, 0], sim[j - 1, 0]) = (sim[j - 1, 0], sim[j, 0]);
                (sim[j, 1], sim[j - 1, 1]) = (sim[j - 1, 1], sim[j, 1]);
            }
    }
}
