namespace Galforge.Astro.Fidelity;

/// <summary>
/// How well a conditional generator obeys its conditions: for pairs (requested, measured),
/// the bias mean(measured - requested), the scatter std(measured - requested) (population),
/// and Pearson's r between the two.
/// </summary>
public static class ConditionalControl
{
    /// <summary>Bias, scatter and correlation of the pairs (non-finite pairs are skipped).</summary>
    public static (double Bias, double Scatter, double Pearson, int Count) Compare(IReadOnlyList<double> requested, IReadOnlyList<double> measured)
    {
        if (requested.Count != measured.Count) throw new ArgumentException($"{requested.Count} requested vs {measured.Count} measured values");
        double n = 0, sd = 0, sd2 = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < requested.Count; i++)
        {
            double x = requested[i], y = measured[i];
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            n++;
            sd += y - x; sd2 += (y - x) * (y - x);
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
        }
        if (n == 0) return (double.NaN, double.NaN, double.NaN, 0);
        double bias = sd / n, scatter = Math.Sqrt(Math.Max(sd2 / n - bias * bias, 0));
        double cov = sxy / n - sx / n * (sy / n), vx = sxx / n - sx / n * (sx / n), vy = syy / n - sy / n * (sy / n);
        double r = vx > 0 && vy > 0 ? cov / Math.Sqrt(vx * vy) : double.NaN;
        return (bias, scatter, r, (int)n);
    }
}
