namespace Galforge.Astro.Fidelity;

/// <summary>Distances between two 1-D samples.</summary>
public static class DistributionDistance
{
    /// <summary>
    /// 1-Wasserstein (earth mover's) distance between the empirical distributions: the
    /// integral of |F_a(x) - F_b(x)| dx over the merged sorted values (exact for unequal sizes).
    /// In the units of the statistic.
    /// </summary>
    public static double Wasserstein1(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.IsEmpty || b.IsEmpty) return double.NaN;
        var (sa, sb) = (Sorted(a), Sorted(b));
        int i = 0, j = 0;
        double prev = Math.Min(sa[0], sb[0]), w = 0;
        while (i < sa.Length || j < sb.Length)
        {
            double x = j >= sb.Length || (i < sa.Length && sa[i] <= sb[j]) ? sa[i] : sb[j];
            w += Math.Abs((double)i / sa.Length - (double)j / sb.Length) * (x - prev);
            while (i < sa.Length && sa[i] == x) i++;
            while (j < sb.Length && sb[j] == x) j++;
            prev = x;
        }
        return w;
    }

    /// <summary>Two-sample Kolmogorov-Smirnov statistic: max |F_a - F_b| (0..1).</summary>
    public static double KolmogorovSmirnov(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.IsEmpty || b.IsEmpty) return double.NaN;
        var (sa, sb) = (Sorted(a), Sorted(b));
        int i = 0, j = 0;
        double d = 0;
        while (i < sa.Length && j < sb.Length)
        {
            double x = Math.Min(sa[i], sb[j]);
            while (i < sa.Length && sa[i] == x) i++;
            while (j < sb.Length && sb[j] == x) j++;
            d = Math.Max(d, Math.Abs((double)i / sa.Length - (double)j / sb.Length));
        }
        return d;
    }

    private static double[] Sorted(ReadOnlySpan<double> v)
    {
        var s = v.ToArray();
        Array.Sort(s);
        return s;
    }
}
