using Galforge.Astro.Fidelity;
using Xunit;

namespace Galforge.Astro.Tests.Fidelity;

public class HalfSplitBaselineTests
{
    private static double[] Normal(Random rng, int n)
    {
        var v = new double[n];
        for (int i = 0; i < n; i++) v[i] = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return v;
    }

    [Fact]
    public void SplitsAreSeededHalvesAndTheFirstIsTheSingleSplitOfOneShuffle()
    {
        var splits = HalfSplitBaseline.Splits(11, 5, 3);
        Assert.Equal(3, splits.Length);
        foreach (var (a, b) in splits)
        {
            Assert.Equal(5, a.Length);
            Assert.Equal(6, b.Length);
            Assert.Equal(Enumerable.Range(0, 11), a.Concat(b).Order());
            Assert.Equal(a.Order(), a);
        }
        Assert.NotEqual(splits[0].A, splits[1].A);
        var perm = Enumerable.Range(0, 11).ToArray();
        new Random(5).Shuffle(perm);
        Assert.Equal(perm[..5].Order(), splits[0].A);
        Assert.Equal(splits[0].A, HalfSplitBaseline.Splits(11, 5, 1)[0].A);
    }

    [Fact]
    public void BaselineIsTheMeanOverSplitsWithPercentilesAndSkipsInvalidValues()
    {
        var rng = new Random(3);
        var values = Normal(rng, 40);
        values[7] = double.NaN;
        var splits = HalfSplitBaseline.Splits(values.Length, 9, 8);
        var result = HalfSplitBaseline.Compute(values, splits);
        var each = splits.Select(s => DistributionDistance.Wasserstein1(
            s.A.Select(i => values[i]).Where(double.IsFinite).ToArray(), s.B.Select(i => values[i]).Where(double.IsFinite).ToArray())).ToArray();
        Assert.Equal(each.Average(), result.Wasserstein, 12);
        Assert.Equal(SampleQuantile.OfSorted(each.Order().ToArray(), 0.16), result.WassersteinLow, 12);
        Assert.Equal(SampleQuantile.OfSorted(each.Order().ToArray(), 0.84), result.WassersteinHigh, 12);
        Assert.True(result.WassersteinLow <= result.WassersteinHigh);
        Assert.True(double.IsNaN(HalfSplitBaseline.Compute([double.NaN, double.NaN, 1, double.NaN], [([0, 1], [2, 3])]).Wasserstein));
    }

    [Fact]
    public void AveragingSplitsKeepsTheExpectationAndCutsTheScatterOfTheBaseline()
    {
        // 300 independent "real sets" of 300 values from one population: the baseline of one split
        // and the mean of 32 splits estimate the same distance; the mean scatters much less.
        var rng = new Random(17);
        var one = new List<double>();
        var many = new List<double>();
        for (int set = 0; set < 300; set++)
        {
            var values = Normal(rng, 300);
            one.Add(HalfSplitBaseline.Compute(values, HalfSplitBaseline.Splits(300, set, 1)).Wasserstein);
            many.Add(HalfSplitBaseline.Compute(values, HalfSplitBaseline.Splits(300, set, 32)).Wasserstein);
        }
        static (double Mean, double Sd) Moments(List<double> v)
        {
            var m = v.Average();
            return (m, Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1)));
        }
        var (m1, s1) = Moments(one);
        var (m32, s32) = Moments(many);
        Assert.InRange(m32 / m1, 0.95, 1.05);
        // One split: relative scatter ~0.3 (a W1 distance between two samples is broadly distributed);
        // the remaining scatter of the mean is the set's own (independent sets differ).
        Assert.True(s1 / m1 > 0.2, $"one split: relative scatter {s1 / m1:F3}");
        Assert.True(s32 < 0.6 * s1, $"32 splits scatter {s32:F4} vs one split {s1:F4}");
    }
}
