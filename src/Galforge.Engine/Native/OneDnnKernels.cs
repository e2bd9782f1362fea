using System.Collections.Concurrent;
using Galforge.Engine.Backends;
using Galforge.Engine.Kernels;

namespace Galforge.Engine.Native;

/// <summary>
/// Kernels on oneDNN 2.x (Debian <c>libdnnl2</c>, <c>libdnnl.so.2</c>) through its C API:
/// convolution forward, backward-data and backward-weights primitives (cached per geometry,
/// with cached reorders between plain NCHW/OIHW and oneDNN's preferred layouts) and
/// <c>dnnl_sgemm</c>. Thread count follows <see cref="BackendSelection.ThreadCount"/> at each
/// call. Safe to call from several threads at once.
/// </summary>
public sealed unsafe class OneDnnKernels : IKernels
{
    private readonly record struct Key(Conv2dGeometry Geometry, ConvolutionPass Pass, bool Bias, int Threads);

    // Primitives depend on the engine only, so every instance shares them. Lazy makes two threads
    // that miss at once build a primitive once.
    private static readonly ConcurrentDictionary<(Key, OneDnnLayout), Lazy<ConvPrimitive>> s_cache = new();

    private readonly OneDnnLayout _layout;

    /// <summary>Creates the backend with the convolution layouts measured fastest (<see cref="OneDnnLayout.Auto"/>).</summary>
    /// <exception cref="DllNotFoundException">libdnnl.so.2 cannot be loaded.</exception>
    public OneDnnKernels() : this(OneDnnLayout.Auto)
    {
    }

    /// <summary>Creates the backend with a chosen convolution layout (for measurements).</summary>
    /// <exception cref="DllNotFoundException">libdnnl.so.2 cannot be loaded.</exception>
    public OneDnnKernels(OneDnnLayout layout)
    {
        var lib = NativeLibraries.OneDnn;
        if (!lib.IsAvailable)
            throw new DllNotFoundException(
                $"the oneDNN backend needs {string.Join(" or ", lib.FileNames)}, which could not be loaded: install Debian package {lib.DebianPackage} (oneDNN 2.x) or use GALFORGE_BACKEND=managed");
        _layout = layout;
    }

    /// <inheritdoc />
    public BackendKind Kind => BackendKind.OneDnn;

    /// <summary>The convolution layout this instance was asked to use.</summary>
    public OneDnnLayout Layout => _layout;

    /// <inheritdoc />
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
                     ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
                     float beta, Span<float> c, int ldc)
    {
        CheckMatrix("A", a.Length, transA ? k : m, transA ? m : k, lda, m, n, k);
        CheckMatrix("B", b.Length, transB ? n : k, transB ? k : n, ldb, m, n, k);
        CheckMatrix("C", c.Length, m, n, ldc, m, n, k);
        if (m == 0 || n == 0) return;
        if (k == 0)
        {
            // Nothing to multiply: C = beta * C (with beta == 0 clearing, not scaling, NaNs away).
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc, n);
                if (beta == 0) row.Clear();
                else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
            return;
        }
        OpenMpThreads.Apply(BackendSelection.ThreadCount);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            float* pbUsed = pb;
            int ldbUsed = ldb;
            bool transBUsed = transB;
            if (transB && !transA && k >= 8 * n && m <= 256)
            {
                // dnnl_sgemm's (N, T) path is 3-5x slower than (N, N) when the dot products are
                // long and the output small (a linear layer 4096 -> 64 at batch 32: 0.41 ms vs
                // 0.08 ms); transposing B first costs far less than that difference.
                pbUsed = (float*)NativeScratch.Get(0, (nuint)k * (nuint)n * sizeof(float));
                Transpose(pb, ldb, n, k, pbUsed);
                ldbUsed = n;
                transBUsed = false;
            }
            var status = DnnlApi.Sgemm((byte)(transA ? 'T' : 'N'), (byte)(transBUsed ? 'T' : 'N'), m, n, k, alpha, pa, lda, pbUsed, ldbUsed, beta, pc, ldc);
            DnnlApi.Check(status, "dnnl_sgemm", $"gemm m={m} n={n} k={k} lda={lda} ldb={ldb} ldc={ldc}");
        }
    }

    /// <summary>dst (cols x rows, packed) = transpose of src (rows x cols, leading dimension ld), in cache-sized tiles.</summary>
    private static void Transpose(float* src, int ld, int rows, int cols, float* dst)
    {
        const int Tile = 16;
        for (int r0 = 0; r0 < rows; r0 += Tile)
        {
            int r1 = Math.Min(r0 + Tile, rows);
            for (int c0 = 0; c0 < cols; c0 += Tile)
            {
                int c1 = Math.Min(c0 + Tile, cols);
                for (int r = r0; r < r1; r++)
                {
                    float* s = src + (long)r * ld;
                    for (int c = c0; c < c1; c++)
                        dst[(long)c * rows + r] = s[c];
                }
            }
        }
    }

    /// <inheritdoc />
    public void Conv2dForward(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
                              ReadOnlySpan<float> bias, Span<float> y)
    {
        CheckGeometry(g, "Conv2dForward");
        CheckLength("Conv2dForward", "x", x.Length, g.InputLength, g);
        CheckLength("Conv2dForward", "w", w.Length, g.WeightLength, g);
        CheckLength("Conv2dForward", "y", y.Length, g.OutputLength, g);
        if (!bias.IsEmpty) CheckLength("Conv2dForward", "bias", bias.Length, g.O, g);
        Run(ConvolutionPass.Forward, g, x, w, y, bias);
    }

    /// <inheritdoc />
    public void Conv2dBackwardData(in Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
    {
        CheckGeometry(g, "Conv2dBackwardData");
        CheckLength("Conv2dBackwardData", "dy", dy.Length, g.OutputLength, g);
        CheckLength("Conv2dBackwardData", "w", w.Length, g.WeightLength, g);
        CheckLength("Conv2dBackwardData", "dx", dx.Length, g.InputLength, g);
        Run(ConvolutionPass.BackwardData, g, dy, w, dx, ReadOnlySpan<float>.Empty);
    }

    /// <inheritdoc />
    public void Conv2dBackwardWeights(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
                                      Span<float> dw, Span<float> dbias)
    {
        CheckGeometry(g, "Conv2dBackwardWeights");
        CheckLength("Conv2dBackwardWeights", "x", x.Length, g.InputLength, g);
        CheckLength("Conv2dBackwardWeights", "dy", dy.Length, g.OutputLength, g);
        CheckLength("Conv2dBackwardWeights", "dw", dw.Length, g.WeightLength, g);
        if (!dbias.IsEmpty) CheckLength("Conv2dBackwardWeights", "dbias", dbias.Length, g.O, g);
        Run(ConvolutionPass.BackwardWeights, g, x, dy, dw, dbias);
    }

    /// <summary>
    /// Runs one pass on two inputs and a result, plus the bias (forward) or bias gradient
    /// (backward weights) unless it is empty. The bias span is only pinned and handed over as a
    /// pointer; for the backward-weights pass oneDNN writes the bias gradient through it.
    /// </summary>
    private void Run(ConvolutionPass pass, in Conv2dGeometry g, ReadOnlySpan<float> first, ReadOnlySpan<float> second,
                     Span<float> result, ReadOnlySpan<float> bias)
    {
        var p = Primitive(g, pass, !bias.IsEmpty);
        fixed (float* p0 = first)
        fixed (float* p1 = second)
        fixed (float* pr = result)
        fixed (float* pb = bias)
        {
            if (bias.IsEmpty) p.Execute([(nint)p0, (nint)p1, (nint)pr]);
            else p.Execute([(nint)p0, (nint)p1, (nint)pr, (nint)pb]);
        }
    }

    /// <summary>
    /// oneDNN's name for the implementation that runs a pass (e.g. "jit:avx512_common"), and the
    /// layout it computes in, for benchmarks and diagnostics.
    /// </summary>
    public string ImplementationOf(in Conv2dGeometry g, ConvolutionPass pass, bool bias) =>
        $"{Primitive(g, pass, bias && pass != ConvolutionPass.BackwardData).Implementation} ({OneDnnLayoutRule.Resolve(_layout, g, pass).ToString().ToLowerInvariant()})";

    private ConvPrimitive Primitive(in Conv2dGeometry g, ConvolutionPass pass, bool bias)
    {
        int threads = BackendSelection.ThreadCount;
        // oneDNN sizes its work split by the thread count it sees when it builds a primitive, so
        // the count is applied first and is part of the cache key.
        OpenMpThreads.Apply(threads);
        var key = (new Key(g, pass, bias, threads), OneDnnLayoutRule.Resolve(_layout, g, pass));
        var lazy = s_cache.GetOrAdd(key, static k => new Lazy<ConvPrimitive>(
            () => ConvPrimitive.Create(k.Item1.Geometry, k.Item1.Pass, k.Item1.Bias, k.Item2)));
        return lazy.Value;
    }

    private static void CheckGeometry(in Conv2dGeometry g, string op)
    {
        if (g.N <= 0 || g.C <= 0 || g.H <= 0 || g.W <= 0 || g.O <= 0 || g.KH <= 0 || g.KW <= 0
            || g.StrideH <= 0 || g.StrideW <= 0 || g.PadH < 0 || g.PadW < 0 || g.OH <= 0 || g.OW <= 0)
            throw new ArgumentException($"{op}: geometry {ConvPrimitive.Describe(g)} has a non-positive size, stride or a negative padding");
        if (g.H + 2 * g.PadH < g.KH || g.W + 2 * g.PadW < g.KW)
            throw new ArgumentException($"{op}: kernel {g.KH}x{g.KW} is larger than the padded input {g.H + 2 * g.PadH}x{g.W + 2 * g.PadW} in {ConvPrimitive.Describe(g)}");
    }

    private static void CheckLength(string op, string name, int actual, long expected, in Conv2dGeometry g)
    {
        if (actual != expected)
            throw new ArgumentException($"{op}: {name} has {actual} elements but geometry {ConvPrimitive.Describe(g)} needs {expected}");
    }

    private static void CheckMatrix(string name, int length, int rows, int cols, int ld, int m, int n, int k)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"Gemm: negative size m={m} n={n} k={k}");
        if (rows > 0 && cols > 0 && ld < cols)
            throw new ArgumentException($"Gemm: leading dimension of {name} is {ld} but its rows hold {cols} elements (m={m} n={n} k={k})");
        long needed = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < needed)
            throw new ArgumentException($"Gemm: {name} has {length} elements but a {rows}x{cols} matrix with leading dimension {ld} needs {needed} (m={m} n={n} k={k})");
    }
}
