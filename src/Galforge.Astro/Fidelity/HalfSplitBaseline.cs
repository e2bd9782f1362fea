namespace Galforge.Astro.Fidelity;

/// <summary>
/// The real-vs-real baseline of a distance: how far apart two halves of the real set are. One
/// random split gives a noisy denominator (on 600 simulated galaxies the M20 distance between
/// halves ranges over a factor of 4 from split to split), so the baseline is the mean over many
/// seeded splits, with the 16th and 84th percentiles to show what a single split could have given.
/// The mean over splits has the same expectation as one split (both estimate the distance between
/// two independent sets of half the real set's size), only less scatter.
/// </summary>
public static class HalfSplitBaseline
{
    /// <summary>
    /// <paramref name="count"/> seeded splits of indices 0..<paramref name="total"/>-1 into two
    /// halves (sorted; the second half takes the odd one out): successive shuffles of one
    /// <see cref="Random"/>(<paramref name="seed"/>), so the first split is the single split of
    /// earlier versions.
    /// </summary>
    public static (int[] A, int[] B)[] Splits(int total, int seed, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "at least one split");
        var random = new Random(seed);
        var splits = new (int[] A, int[] B)[count];
        for (int k = 0; k < count; k++)
        {
            var perm = Enumerable.Range(0, total).ToArray();
            random.Shuffle(perm);
            int half = total / 2;
            splits[k] = (perm[..half], perm[half..]);
            Array.Sort(splits[k].A);
            Array.Sort(splits[k].B);
        }
        return splits;
    }

    /// <summary>One statistic's baseline.</summary>
    /// <param name="Wasserstein">Mean 1-Wasserstein distance between the halves (units of the statistic).</param>
    /// <param name="WassersteinLow">Its 16th percentile over the splits.</param>
    /// <param name="WassersteinHigh">Its 84th percentile.</param>
    /// <param name="KolmogorovSmirnov">Mean KS statistic between the halves.</param>
    public readonly record struct Result(double Wasserstein, double WassersteinLow, double WassersteinHigh, double KolmogorovSmirnov);

    /// <summary>
    /// The baseline of <paramref name="values"/> (one per real galaxy, NaN where the galaxy has no
    /// valid value, left out of its half) over <paramref name="splits"/>; NaN when no split has
    /// values in both halves.
    /// </summary>
    public static Result Compute(double[] values, IReadOnlyList<(int[] A, int[] B)> splits)
    {
        var w = new List<double>(splits.Count);
        var ks = new List<double>(splits.Count);
        foreach (var (ia, ib) in splits)
        {
            var a = Valid(values, ia);
            var b = Valid(values, ib);
            var d = DistributionDistance.Wasserstein1(a, b);
            if (!double.IsFinite(d)) continue;
            w.Add(d);
            ks.Add(DistributionDistance.KolmogorovSmirnov(a, b));
        }
        if (w.Count == 0) return new Result(double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = w.Order().ToArray();
        return new Result(w.Average(), SampleQuantile.OfSorted(sorted, 0.16), SampleQuantile.OfSorted(sorted, 0.84), ks.Average());
    }

    private static double[] Valid(double[] values, int[] idx)
    {
        var list = new List<double>(idx.Length);
        foreach (var i in idx) if (double.IsFinite(values[i])) list.Add(values[i]);
        return [.. list];
    }
}
