namespace Galforge.Astro.Fidelity;

/// <summary>Median and percentiles of a sample (finite values expected; units of the sample).</summary>
public static class SampleQuantile
{
    /// <summary>Median of <paramref name="values"/> (mean of the two middle values for an even count); NaN when empty.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty) return double.NaN;
        var s = values.ToArray();
        Array.Sort(s);
        var n = s.Length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /// <summary>Percentile <paramref name="p"/> (0 to 1) of an ascending, non-empty sample, linearly interpolated between ranks.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double p)
    {
        var x = p * (sorted.Count - 1);
        var i = (int)Math.Floor(x);
        return i + 1 < sorted.Count ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
