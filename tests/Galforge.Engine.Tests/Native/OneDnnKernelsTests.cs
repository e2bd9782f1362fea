using Galforge.Engine.Kernels;
using Galforge.Engine.Native;
using Xunit;

namespace Galforge.Engine.Tests.Native;

public class OneDnnKernelsTests
{
    /// <summary>Named geometries: (N, C, H, W, O, KH, KW, strideH, strideW, padH, padW, OH, OW); OH/OW -1 = floor rule.</summary>
    private static readonly Dictionary<string, int[]> s_geometries = new()
    {
        ["1x1"] = [2, 3, 5, 7, 4, 1, 1, 1, 1, 0, 0, -1, -1],
        ["3x3 pad 1"] = [2, 5, 8, 8, 6, 3, 3, 1, 1, 1, 1, -1, -1],
        ["3x3 pad 1, 16 to 32 channels"] = [2, 16, 12, 12, 32, 3, 3, 1, 1, 1, 1, -1, -1],
        ["3x3 pad 1, 4 to 32 channels (VAE input)"] = [2, 4, 16, 16, 32, 3, 3, 1, 1, 1, 1, -1, -1],
        ["3x3 pad 1, 32 to 4 channels (VAE output)"] = [2, 32, 10, 10, 4, 3, 3, 1, 1, 1, 1, -1, -1],
        ["4x4 stride 2 pad 1 (VAE encoder)"] = [2, 8, 16, 16, 16, 4, 4, 2, 2, 1, 1, -1, -1],
        ["4x4 stride 2 pad 1, 32 to 64"] = [2, 32, 8, 8, 64, 4, 4, 2, 2, 1, 1, -1, -1],
        ["3x3 stride 2 pad 1, odd 7x9"] = [1, 3, 7, 9, 5, 3, 3, 2, 2, 1, 1, -1, -1],
        ["3x3 stride 2 no pad, odd 9x7"] = [2, 4, 9, 7, 3, 3, 3, 2, 2, 0, 0, -1, -1],
        ["non-square kernel, stride and padding"] = [1, 2, 6, 10, 3, 3, 5, 1, 2, 1, 2, -1, -1],
        ["batch 1, C=1, O=1"] = [1, 1, 6, 6, 1, 3, 3, 1, 1, 1, 1, -1, -1],
        ["C=1 to 8 channels"] = [3, 1, 9, 9, 8, 3, 3, 1, 1, 1, 1, -1, -1],
        ["4x4 valid to 1x1 (critic head)"] = [2, 32, 4, 4, 16, 4, 4, 1, 1, 0, 0, -1, -1],
        // Transposed conv 4x4 -> 8x8 (k3 s2 p1, output padding 1) as the backward data of a
        // convolution from 8x8 to 4x4: (8 + 2 - 3) / 2 is not whole.
        ["transposed conv with output padding"] = [2, 6, 8, 8, 5, 3, 3, 2, 2, 1, 1, 4, 4],
        // Transposed conv 3x3 -> 7x7 (k4 s2 p1, output padding 1).
        ["transposed 4x4 stride 2 with output padding"] = [1, 3, 7, 7, 4, 4, 4, 2, 2, 1, 1, 3, 3],
        // An output one larger than the floor rule: the last window needs extra right padding.
        ["output larger than the floor rule"] = [1, 3, 6, 6, 2, 3, 3, 2, 2, 1, 1, 4, 4],
    };

    public static TheoryData<string, OneDnnLayout> Cases()
    {
        var data = new TheoryData<string, OneDnnLayout>();
        foreach (var name in s_geometries.Keys)
        {
            data.Add(name, OneDnnLayout.Blocked);
            data.Add(name, OneDnnLayout.Plain);
        }
        return data;
    }

    private static Conv2dGeometry Geometry(string name)
    {
        var v = s_geometries[name];
        var oh = v[11] > 0 ? v[11] : (v[2] + 2 * v[9] - v[5]) / v[7] + 1;
        var ow = v[12] > 0 ? v[12] : (v[3] + 2 * v[10] - v[6]) / v[8] + 1;
        return new Conv2dGeometry(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], oh, ow);
    }

    private static float[] RandomArray(long length, int seed)
    {
        var rng = new Random(seed);
        var a = new float[length];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }

    /// <summary>Each element within 1e-4 of the largest reference magnitude.</summary>
    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = 0;
        foreach (var v in expected) scale = Math.Max(scale, Math.Abs(v));
        Assert.True(scale > 0, $"{what}: reference is all zero, the test would prove nothing");
        float tol = 1e-4f * scale;
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tol))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (tolerance {tol})");
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void ForwardMatchesDirectLoops(string geometry, OneDnnLayout layout)
    {
        OneDnnRequirement.Require();
        var g = Geometry(geometry);
        var kernels = new OneDnnKernels(layout);
        var x = RandomArray(g.InputLength, 1);
        var w = RandomArray(g.WeightLength, 2);
        var bias = RandomArray(g.O, 3);

        var y = new float[g.OutputLength];
        Array.Fill(y, float.NaN); // overwritten, not accumulated
        kernels.Conv2dForward(g, x, w, bias, y);
        AssertClose(DirectConvolution.Forward(g, x, w, bias), y, $"{geometry} forward with bias");

        Array.Fill(y, float.NaN);
        kernels.Conv2dForward(g, x, w, ReadOnlySpan<float>.Empty, y);
        AssertClose(DirectConvolution.Forward(g, x, w, null), y, $"{geometry} forward without bias");
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void BackwardDataMatchesDirectLoops(string geometry, OneDnnLayout layout)
    {
        OneDnnRequirement.Require();
        var g = Geometry(geometry);
        var kernels = new OneDnnKernels(layout);
        var dy = RandomArray(g.OutputLength, 4);
        var w = RandomArray(g.WeightLength, 5);

        var dx = new float[g.InputLength];
        Array.Fill(dx, float.NaN);
        kernels.Conv2dBackwardData(g, dy, w, dx);
        AssertClose(DirectConvolution.BackwardData(g, dy, w), dx, $"{geometry} backward data");
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void BackwardWeightsMatchesDirectLoops(string geometry, OneDnnLayout layout)
    {
        OneDnnRequirement.Require();
        var g = Geometry(geometry);
        var kernels = new OneDnnKernels(layout);
        var x = RandomArray(g.InputLength, 6);
        var dy = RandomArray(g.OutputLength, 7);
        var (dwRef, dbRef) = DirectConvolution.BackwardWeights(g, x, dy);

        var dw = new float[g.WeightLength];
        var db = new float[g.O];
        Array.Fill(dw, float.NaN);
        Array.Fill(db, float.NaN);
        kernels.Conv2dBackwardWeights(g, x, dy, dw, db);
        AssertClose(dwRef, dw, $"{geometry} weight gradient");
        AssertClose(dbRef, db, $"{geometry} bias gradient");

        Array.Fill(dw, float.NaN);
        kernels.Conv2dBackwardWeights(g, x, dy, dw, Span<float>.Empty);
        AssertClose(dwRef, dw, $"{geometry} weight gradient without bias");
    }

    public static TheoryData<bool, bool, int, int, int, int, float, float> GemmCases()
    {
        var data = new TheoryData<bool, bool, int, int, int, int, float, float>();
        foreach (var ta in new[] { false, true })
        foreach (var tb in new[] { false, true })
        {
            data.Add(ta, tb, 7, 5, 9, 0, 1f, 0f);
            data.Add(ta, tb, 33, 17, 65, 3, 0.5f, 0f);
            data.Add(ta, tb, 1, 64, 128, 0, -1.5f, 2f);
            data.Add(ta, tb, 40, 1, 31, 5, 2f, 0.25f);
            data.Add(ta, tb, 64, 48, 1, 2, 1f, 1f);
            data.Add(ta, tb, 32, 16, 700, 3, 1f, 0.5f); // long dot products: B transposed first when transB

        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(GemmCases))]
    public void GemmMatchesDirectLoops(bool transA, bool transB, int m, int n, int k, int extraLd, float alpha, float beta)
    {
        OneDnnRequirement.Require();
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = aCols + extraLd, ldb = bCols + extraLd, ldc = n + extraLd;
        var a = RandomArray((long)(aRows - 1) * lda + aCols, 8);
        var b = RandomArray((long)(bRows - 1) * ldb + bCols, 9);
        var c = RandomArray((long)m * ldc, 10); // full last row: its tail must stay untouched too
        var expected = (float[])c.Clone();
        DirectConvolution.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);

        new OneDnnKernels().Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        AssertClose(expected, c, $"gemm transA={transA} transB={transB} m={m} n={n} k={k} ld+{extraLd} alpha={alpha} beta={beta}");
        for (int i = 0; i < m; i++)
        for (int j = n; j < ldc; j++)
            Assert.Equal(expected[i * ldc + j], c[i * ldc + j]);
    }

    [SkippableFact]
    public void GemmWithEmptyInnerDimensionScalesC()
    {
        OneDnnRequirement.Require();
        var c = new float[] { 1, 2, 3, 4 };
        new OneDnnKernels().Gemm(false, false, 2, 2, 0, 1f, [], 1, [], 2, 0.5f, c, 2);
        Assert.Equal(new float[] { 0.5f, 1, 1.5f, 2 }, c);
    }

    [SkippableFact]
    public void ConcurrentCallsOnSharedPrimitivesGiveTheSameResults()
    {
        OneDnnRequirement.Require();
        var kernels = new OneDnnKernels();
        var names = new[] { "3x3 pad 1, 16 to 32 channels", "4x4 stride 2 pad 1, 32 to 64", "transposed conv with output padding" };
        var expected = new float[names.Length][];
        var inputs = new (Conv2dGeometry G, float[] X, float[] W)[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var g = Geometry(names[i]);
            inputs[i] = (g, RandomArray(g.InputLength, 20 + i), RandomArray(g.WeightLength, 30 + i));
            expected[i] = DirectConvolution.Forward(g, inputs[i].X, inputs[i].W, null);
        }
        Parallel.For(0, 48, new ParallelOptions { MaxDegreeOfParallelism = 4 }, iteration =>
        {
            int i = iteration % names.Length;
            var (g, x, w) = inputs[i];
            var y = new float[g.OutputLength];
            kernels.Conv2dForward(g, x, w, ReadOnlySpan<float>.Empty, y);
            AssertClose(expected[i], y, $"{names[i]} on a concurrent call");
        });
    }

    [SkippableFact]
    public void WrongBufferLengthNamesTheOperandAndShapes()
    {
        OneDnnRequirement.Require();
        var g = Conv2dGeometry.ForConvolution(1, 2, 5, 5, 3, 3, 3, 1, 1);
        var e = Assert.Throws<ArgumentException>(() =>
            new OneDnnKernels().Conv2dForward(g, new float[50], new float[54], ReadOnlySpan<float>.Empty, new float[74]));
        Assert.Contains("Conv2dForward", e.Message);
        Assert.Contains("y has 74 elements", e.Message);
        Assert.Contains("x[1,2,5,5]", e.Message);
    }

    [SkippableFact]
    public void AutoLayoutComputesFewChannelOneByOneLayersPlainAndTheRestBlocked()
    {
        OneDnnRequirement.Require();
        var kernels = new OneDnnKernels();
        var toRgb = Conv2dGeometry.ForConvolution(2, 16, 64, 64, 3, 1, 1, 1, 0);
        var hidden = Conv2dGeometry.ForConvolution(2, 32, 16, 16, 64, 3, 3, 1, 1);
        Assert.EndsWith("(plain)", kernels.ImplementationOf(toRgb, ConvolutionPass.Forward, bias: true));
        Assert.EndsWith("(blocked)", kernels.ImplementationOf(hidden, ConvolutionPass.Forward, bias: true));
        Assert.EndsWith("(plain)", new OneDnnKernels(OneDnnLayout.Plain).ImplementationOf(hidden, ConvolutionPass.BackwardWeights, bias: false));
    }

    [Fact]
    public void MissingLibraryIsAClearErrorNamingTheFileAndPackage()
    {
        if (Galforge.Engine.Backends.NativeLibraries.OneDnn.IsAvailable)
        {
            Assert.Equal(Galforge.Engine.Backends.BackendKind.OneDnn, new OneDnnKernels().Kind);
            return;
        }
        var e = Assert.Throws<DllNotFoundException>(() => new OneDnnKernels());
        Assert.Contains("libdnnl.so.2", e.Message);
        Assert.Contains("libdnnl2", e.Message);
    }
}
