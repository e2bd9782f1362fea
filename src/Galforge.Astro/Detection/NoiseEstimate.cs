namespace Galforge.Astro.Detection;

/// <summary>Robust sky statistics: median and the MAD-based Gaussian sigma (1.4826 x MAD), with 3-sigma clipping.</summary>
public static class NoiseEstimate
{
    /// <summary>Median and sigma of the finite values (NaN ignored); optionally only where <paramref name="use"/> is true.</summary>
    /// <returns>(median, sigma); (NaN, NaN) when no value is usable.</returns>
    public static (double Median, double Sigma) Robust(ReadOnlySpan<float> values, ReadOnlySpan<bool> use = default, int clipIterations = 3)
    {
        var buf = new List<float>(values.Length);
        for (var i = 0; i < values.Length; i++)
            if (float.IsFinite(values[i]) && (use.IsEmpty || use[i])) buf.Add(values[i]);
        if (buf.Count == 0) return (double.NaN, double.NaN);
        var arr = buf.ToArray();
        double median = 0, sigma = 0;
        var n = arr.Length;
        for (var it = 0; it <= clipIterations; it++)
        {
            Array.Sort(arr, 0, n);
            median = Median(arr.AsSpan(0, n));
            var dev = new float[n];
            for (var i = 0; i < n; i++) dev[i] = Math.Abs(arr[i] - (float)median);
            Array.Sort(dev);
            sigma = 1.4826 * Median(dev);
            if (sigma <= 0 || it == clipIterations) break;
            // Keep values within 3 sigma of the median (clip the sources).
            var m = 0;
            for (var i = 0; i < n; i++)
                if (Math.Abs(arr[i] - median) <= 3 * sigma) arr[m++] = arr[i];
            if (m == n || m < 5) break;
            n = m;
        }
        return (median, sigma);
    }

    private static double Median(ReadOnlySpan<float> sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
