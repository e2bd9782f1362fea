using Galforge.Engine.Kernels;
using Xunit;

namespace Galforge.Engine.Tests;

/// <summary>Every backend's GEMM and convolution kernels against plain loops (double accumulation).</summary>
public class KernelTests
{
    public static TheoryData<int, int, int, bool, bool> GemmShapes()
    {
        var d = new TheoryData<int, int, int, bool, bool>();
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 5, 7), (9, 33, 17), (17, 70, 300), (130, 41, 260), (8, 32, 1), (32, 100, 40), (33, 64, 9) })
            foreach (var ta in new[] { false, true })
                foreach (var tb in new[] { false, true })
                    d.Add(m, n, k, ta, tb);
        return d;
    }

    [Theory]
    [MemberData(nameof(GemmShapes))]
    public void GemmMatchesPlainLoops(int m, int n, int k, bool ta, bool tb)
    {
        var g = new PhiloxGenerator(3);
        // leading dimensions larger than needed, to check they are honoured
        int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 2, ldc = n + 5;
        var a = Tensor.RandN(g, (ta ? k : m) * lda).ToArray();
        var b = Tensor.RandN(g, (tb ? n : k) * ldb).ToArray();
        var c0 = Tensor.RandN(g, m * ldc).ToArray();
        const float alpha = 0.7f, beta = -1.3f;
        var expected = (float[])c0.Clone();
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                    s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                expected[i * ldc + j] = (float)(alpha * s + beta * c0[i * ldc + j]);
            }
        foreach (var kernels in KernelProvider.Available)
            foreach (var threads in new[] { 1, 3 })
            {
                var saved = Parallelism.Threads;
                Parallelism.Threads = threads;
                var c = (float[])c0.Clone();
                try { kernels.Gemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc); }
                finally { Parallelism.Threads = saved; }
                for (var i = 0; i < m; i++)
                    for (var j = ldc - 5; j < ldc && i * ldc + j < c.Length; j++)
                        if (j >= n) Assert.Equal(c0[i * ldc + j], c[i * ldc + j]);   // padding untouched
                var tol = 1e-4f * MaxAbs(expected);
                for (var i = 0; i < m; i++)
                    for (var j = 0; j < n; j++)
                        Assert.True(MathF.Abs(c[i * ldc + j] - expected[i * ldc + j]) <= tol,
                            $"{kernels.Kind} threads={threads}: C[{i},{j}] = {c[i * ldc + j]}, expected {expected[i * ldc + j]}");
            }
    }

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        var g = new PhiloxGenerator(5);
        var x = Tensor.RandN(g, 6, 5, 11, 9);
        var w = Tensor.RandN(g, 7, 5, 3, 3);
        Tensor Run(int threads)
        {
            var saved = Parallelism.Threads;
            Parallelism.Threads = threads;
            try
            {
                var xs = x.Detach().RequiresGrad_();
                var ws = w.Detach().RequiresGrad_();
                var y = Functional.Conv2d(xs, ws, null, 2, 1);
                // long elementwise chains run in parallel chunks
                var big = Tensor.RandN(new PhiloxGenerator(8), 300_001);
                y = y + (big.Tanh().Exp() * 0.5f).LeakyRelu(0.2f).Sum() * 1e-6f;
                (y * y).Sum().Backward();
                return Tensor.Concat([y.Flatten(), xs.Grad!.Flatten(), ws.Grad!.Flatten()]);
            }
            finally { Parallelism.Threads = saved; }
        }
        Assert.Equal(Run(1).ToArray(), Run(3).ToArray());
    }

    public static TheoryData<int, int, int, int, int, int, int, int> ConvShapes() => new()
    {
        // N, C, H, W, O, K, stride, pad
        { 2, 3, 7, 6, 4, 3, 1, 1 },
        { 1, 2, 9, 7, 3, 3, 2, 1 },
        { 3, 4, 8, 8, 5, 4, 2, 1 },
        { 2, 3, 5, 5, 2, 1, 1, 0 },
        { 1, 1, 1, 1, 2, 3, 1, 1 },
        { 5, 2, 6, 4, 3, 2, 3, 0 },
        { 3, 2, 17, 16, 3, 3, 1, 1 },   // one image per group (>= 256 output pixels)
        { 2, 3, 16, 17, 4, 1, 1, 0 },   // pointwise, one image per group
        { 9, 3, 2, 2, 4, 3, 1, 1 },     // many images per group, uneven last group
        { 2, 3, 40, 37, 4, 4, 2, 1 },   // stride 2 with rows of 18 outputs (vectorised gather/scatter)
        { 1, 2, 70, 68, 3, 3, 2, 0 },   // stride 2, 33 outputs per row, no padding
    };

    [Theory]
    [MemberData(nameof(ConvShapes))]
    public void ConvolutionKernelsMatchDirectLoops(int n, int c, int h, int w, int o, int k, int stride, int pad)
    {
        var geo = Conv2dGeometry.ForConvolution(n, c, h, w, o, k, k, stride, pad);
        var g = new PhiloxGenerator(9);
        var x = Tensor.RandN(g, (int)geo.InputLength).ToArray();
        var wt = Tensor.RandN(g, (int)geo.WeightLength).ToArray();
        var bias = Tensor.RandN(g, o).ToArray();
        var dy = Tensor.RandN(g, (int)geo.OutputLength).ToArray();
        var y = new double[geo.OutputLength];
        var dx = new double[geo.InputLength];
        var dw = new double[geo.WeightLength];
        var db = new double[o];
        for (var b = 0; b < n; b++)
        for (var oc = 0; oc < o; oc++)
        for (var i = 0; i < geo.OH; i++)
        for (var j = 0; j < geo.OW; j++)
        {
            var yi = ((b * o + oc) * geo.OH + i) * geo.OW + j;
            double s = bias[oc];
            for (var ic = 0; ic < c; ic++)
            for (var a = 0; a < k; a++)
            for (var e = 0; e < k; e++)
            {
                int ih = i * stride - pad + a, iw = j * stride - pad + e;
                if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                var xi = ((b * c + ic) * h + ih) * w + iw;
                var wi = ((oc * c + ic) * k + a) * k + e;
                s += (double)x[xi] * wt[wi];
                dx[xi] += (double)dy[yi] * wt[wi];
                dw[wi] += (double)dy[yi] * x[xi];
            }
            y[yi] = s;
            db[oc] += dy[yi];
        }
        foreach (var kernels in KernelProvider.Available)
        {
            var ry = new float[geo.OutputLength];
            var rdx = new float[geo.InputLength];
            var rdw = new float[geo.WeightLength];
            var rdb = new float[o];
            kernels.Conv2dForward(geo, x, wt, bias, ry);
            kernels.Conv2dBackwardData(geo, dy, wt, rdx);
            kernels.Conv2dBackwardWeights(geo, x, dy, rdw, rdb);
            AssertClose(y, ry, $"{kernels.Kind} forward");
            AssertClose(dx, rdx, $"{kernels.Kind} backward data");
            AssertClose(dw, rdw, $"{kernels.Kind} backward weights");
            AssertClose(db, rdb, $"{kernels.Kind} backward bias");
        }
    }

    private static void AssertClose(double[] expected, float[] actual, string label)
    {
        var max = 0.0;
        foreach (var v in expected) max = Math.Max(max, Math.Abs(v));
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-4 * max, $"{label}: element {i} is {actual[i]}, expected {expected[i]}");
    }

    private static float MaxAbs(float[] v)
    {
        var m = 0f;
        foreach (var x in v) m = MathF.Max(m, MathF.Abs(x));
        return m;
    }
}
