using Galforge.Engine.Kernels;
using Xunit;

namespace Galforge.Engine.Tests;

/// <summary>
/// The ops split over threads by planes, slabs or rows (pooling, up-sampling, the fused leaky-ReLU
/// backward, broadcasting with a stretched middle dimension, gather) on tensors large enough to
/// be split: bitwise the same on 1 and 3 threads, and broadcasting equal to plain loops.
/// </summary>
public class ParallelOpsTests
{
    private static float[] Run(int threads, Func<float[]> body)
    {
        var saved = Parallelism.Threads;
        Parallelism.Threads = threads;
        try { return body(); }
        finally { Parallelism.Threads = saved; }
    }

    [Fact]
    public void PlaneParallelOpsGiveTheSameBitsOnAnyThreadCount()
    {
        float[] Body()
        {
            var g = new PhiloxGenerator(21);
            var x = Tensor.RandN(g, 8, 32, 32, 32).RequiresGrad_();            // 262144 elements
            var s = Tensor.RandN(g, 8, 1, 32, 32).RequiresGrad_();
            var index = new int[8 * 5 * 32 * 32];
            for (var i = 0; i < index.Length; i++) index[i] = (i * 7 + i / 13) % 32;
            var y = Functional.AvgPool2d(x.LeakyRelu(0.2f), 2).Sum()
                + Functional.UpsampleNearest2x(x).Pow(2f).Mean()
                + Functional.UpsampleBilinear2x(x).Tanh().Sum()
                + x.Mul(s).Sum()
                + Functional.Gather(x, 1, index, [8, 5, 32, 32]).Exp().Mean()
                + Functional.AvgPool2d(x, 3, 2).Sum();
            var gx = Autograd.Grad(y, x, createGraph: true);
            gx.Pow(2f).Sum().Backward();
            return [y.Item(), .. gx.ToArray(), .. s.Grad!.ToArray()];
        }
        Assert.Equal(Run(1, Body), Run(3, Body));
    }

    [Fact]
    public void BroadcastingAStretchedMiddleDimensionMatchesPlainLoops()
    {
        var g = new PhiloxGenerator(4);
        var a = Tensor.RandN(g, 6, 40, 1, 33, 17);
        var b = Tensor.RandN(g, 6, 1, 5, 33, 17);
        var y = Run(3, () => a.Sub(b).ToArray());
        for (var i = 0; i < 6; i++)
            for (var c = 0; c < 40; c++)
                for (var d = 0; d < 5; d++)
                    for (var h = 0; h < 33; h++)
                        for (var w = 0; w < 17; w++)
                            Assert.Equal(a[i, c, 0, h, w] - b[i, 0, d, h, w], y[(((i * 40 + c) * 5 + d) * 33 + h) * 17 + w]);
    }

    [Fact]
    public void ReductionsSplitOverThreadsMatchPlainLoops()
    {
        var g = new PhiloxGenerator(9);
        var x = Tensor.RandN(g, 8, 24, 40, 36);                               // 276480 elements
        float[] Body() => [
            .. x.Sum([0, 2, 3]).ToArray(),                                     // bias gradient: [R, K, R]
            .. x.Mean(1, keepDim: true).ToArray(),                             // pixel norm: [K, R, K]
            .. x.Max([0, 2]).ToArray()];                                       // [R, K, R, K]
        var parallel = Run(3, Body);
        Assert.Equal(Run(1, Body), parallel);
        var sums = new double[24];
        var means = new double[8 * 40 * 36];
        var maxima = new float[24 * 36];
        Array.Fill(maxima, float.NegativeInfinity);
        for (var n = 0; n < 8; n++)
            for (var c = 0; c < 24; c++)
                for (var h = 0; h < 40; h++)
                    for (var w = 0; w < 36; w++)
                    {
                        var v = x[n, c, h, w];
                        sums[c] += v;
                        means[(n * 40 + h) * 36 + w] += v / 24.0;
                        maxima[c * 36 + w] = MathF.Max(maxima[c * 36 + w], v);
                    }
        for (var c = 0; c < 24; c++) Assert.Equal(sums[c], parallel[c], 1e-2);
        for (var i = 0; i < means.Length; i++) Assert.Equal(means[i], parallel[24 + i], 1e-5);
        for (var i = 0; i < maxima.Length; i++) Assert.Equal(maxima[i], parallel[24 + means.Length + i]);
    }
}
