namespace Galforge.Astro.Measurement;

/// <summary>
/// Iterative sigma clipping (astropy.stats.sigma_clip semantics: keep values within
/// centre +- sigma * std, population std, repeat until nothing changes or maxIters) and the
/// Bertin &amp; Arnouts (1996) mode estimate 2.5 median - 1.5 mean used for backgrounds.
/// </summary>
internal static class SigmaClip
{
    /// <summary>Clipped statistics of the values.</summary>
    public readonly record struct Stats(double Mean, double Median, double Std, int Count);

    /// <summary>Clips with the median as centre.</summary>
    public static List<double> ClipMedian(List<double> values, double sigma, int maxIters)
        => Clip(values, sigma, maxIters, Median);

    /// <summary>Clips with the given centre function; maxIters &lt;= 0 means until convergence.</summary>
    public static List<double> Clip(List<double> values, double sigma, int maxIters, Func<List<double>, double> centre)
    {
        var current = values;
        for (int iter = 0; maxIters <= 0 || iter < maxIters; iter++)
        {
            if (current.Count == 0) break;
            double c = centre(current), s = Std(current);
            double lo = c - sigma * s, hi = c + sigma * s;
            var next = new List<double>(current.Count);
            foreach (var v in current) if (v >= lo && v <= hi) next.Add(v);
            bool changed = next.Count != current.Count;
            current = next;
            if (!changed) break;
        }
        return current;
    }

    /// <summary>photutils ModeEstimatorBackground(2.5, 1.5): 3-sigma clip (10 iterations, median
    /// centre) then 2.5 median - 1.5 mean.</summary>
    public static double ModeEstimate(List<double> values)
    {
        var clipped = ClipMedian(values, 3.0, 10);
        if (clipped.Count == 0) return double.NaN;
        return 2.5 * Median(clipped) - 1.5 * Mean(clipped);
    }

    /// <summary>Mean, median and population std of the values.</summary>
    public static Stats Describe(List<double> values)
        => values.Count == 0 ? new Stats(double.NaN, double.NaN, double.NaN, 0) : new Stats(Mean(values), Median(values), Std(values), values.Count);

    /// <summary>Arithmetic mean.</summary>
    public static double Mean(List<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x;
        return s / v.Count;
    }

    /// <summary>Population standard deviation.</summary>
    public static double Std(List<double> v)
    {
        double m = Mean(v), s = 0;
        foreach (var x in v) s += (x - m) * (x - m);
        return Math.Sqrt(s / v.Count);
    }

    /// <summary>Median (mean of the two middle values for even counts).</summary>
    public static double Median(List<double> v)
    {
        var a = v.ToArray();
        Array.Sort(a);
        int n = a.Length;
        return n % 2 == 1 ? a[n / 2] : 0.5 * (a[n / 2 - 1] + a[n / 2]);
    }
}
