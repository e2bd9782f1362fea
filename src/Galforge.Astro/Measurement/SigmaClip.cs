namespace Galforge.Astro.Measurement;

/// <summary>
/// Iterative sigma clipping (astropy.stats.sigma_clip semantics: keep values within
/// centre +- sigma * std, population std, repeat until nothing changes or maxIters) and the
/// Bertin &amp; Arnouts (1996) mode estimate 2.5 median - 1.5 mean used for backgrounds.
/// Clipping an interval always keeps a contiguous run of the sorted values, so the data are
/// sorted once and each iteration only moves the window ends.
/// </summary>
internal sealed class SigmaClip
{
    private readonly double[] _sorted;
    private readonly double[] _sum;   // prefix sums of (v - shift)
    private readonly double _shift;   // a central value subtracted to keep the sums accurate

    /// <summary>Clipped statistics of the values.</summary>
    public readonly record struct Stats(double Mean, double Median, double Std, int Count);

    /// <summary>Prepares the values (copied and sorted; non-finite values dropped).</summary>
    public SigmaClip(IEnumerable<double> values)
    {
        var list = new List<double>();
        foreach (var v in values) if (double.IsFinite(v)) list.Add(v);
        _sorted = [.. list];
        Array.Sort(_sorted);
        _shift = _sorted.Length > 0 ? _sorted[_sorted.Length / 2] : 0;
        _sum = new double[_sorted.Length + 1];
        for (int i = 0; i < _sorted.Length; i++)
        {
            double d = _sorted[i] - _shift;
            _sum[i + 1] = _sum[i] + d;
        }
    }

    /// <summary>Number of finite values.</summary>
    public int Count => _sorted.Length;

    /// <summary>Statistics of the window [lo, hi) of the sorted values.</summary>
    public Stats Describe(int lo, int hi)
    {
        int n = hi - lo;
        if (n <= 0) return new Stats(double.NaN, double.NaN, double.NaN, 0);
        // Two passes over the window: prefix sums of squares lose the variance to cancellation
        // when the spread is tiny compared with the values (noiseless skies).
        double m = (_sum[hi] - _sum[lo]) / n + _shift;
        double var = 0;
        for (int i = lo; i < hi; i++) var += (_sorted[i] - m) * (_sorted[i] - m);
        double median = n % 2 == 1 ? _sorted[lo + n / 2] : 0.5 * (_sorted[lo + n / 2 - 1] + _sorted[lo + n / 2]);
        return new Stats(m, median, Math.Sqrt(var / n), n);
    }

    /// <summary>Clips with the median as centre; returns the kept window.</summary>
    public (int Lo, int Hi) ClipMedian(int lo, int hi, double sigma, int maxIters)
        => Clip(lo, hi, sigma, maxIters, (a, b) => Describe(a, b).Median);

    /// <summary>Clips with the mode estimate (itself a 10-iteration 3-sigma median clip) as
    /// centre, as photutils' ModeEstimatorBackground does inside sigma_clipped_stats.</summary>
    public (int Lo, int Hi) ClipMode(int lo, int hi, double sigma, int maxIters)
        => Clip(lo, hi, sigma, maxIters, ModeEstimate);

    /// <summary>2.5 median - 1.5 mean of the window after a 3-sigma, 10-iteration median clip.</summary>
    public double ModeEstimate(int lo, int hi)
    {
        var (a, b) = ClipMedian(lo, hi, 3.0, 10);
        var st = Describe(a, b);
        return 2.5 * st.Median - 1.5 * st.Mean;
    }

    private (int Lo, int Hi) Clip(int lo, int hi, double sigma, int maxIters, Func<int, int, double> centre)
    {
        for (int iter = 0; (maxIters <= 0 || iter < maxIters) && hi > lo; iter++)
        {
            double c = centre(lo, hi), s = Describe(lo, hi).Std;
            double min = c - sigma * s, max = c + sigma * s;
            int nlo = lo, nhi = hi;
            while (nlo < nhi && _sorted[nlo] < min) nlo++;
            while (nhi > nlo && _sorted[nhi - 1] > max) nhi--;
            bool changed = nlo != lo || nhi != hi;
            (lo, hi) = (nlo, nhi);
            if (!changed) break;
        }
        return (lo, hi);
    }
}
