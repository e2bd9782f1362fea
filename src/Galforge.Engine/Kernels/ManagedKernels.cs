using System.Buffers;
using System.Numerics.Tensors;
using Galforge.Engine.Backends;

namespace Galforge.Engine.Kernels;

/// <summary>
/// The portable backend: packed, register-blocked SIMD GEMM (<see cref="ManagedGemm"/>) and
/// convolutions by im2col + GEMM, spread over <see cref="Parallelism.Threads"/> threads. With
/// several images per call the images are split over threads (each with its own column buffer
/// from the array pool); with one image the GEMM itself is split.
/// </summary>
public sealed class ManagedKernels : IKernels
{
    /// <inheritdoc />
    public BackendKind Kind => BackendKind.Managed;

    /// <inheritdoc />
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        ManagedGemm.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, Parallelism.Threads);

    private static bool IsPointwise(in Conv2dGeometry g) =>
        g.KH == 1 && g.KW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0 && g.OH == g.H && g.OW == g.W;

    /// <summary>Threads for the outer loop over images, and threads left for each GEMM.</summary>
    private static (int Outer, int Inner) Split(int images)
    {
        var t = Parallelism.Threads;
        if (images >= t) return (t, 1);
        return (1, t);
    }

    /// <inheritdoc />
    public unsafe void Conv2dForward(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
        ReadOnlySpan<float> bias, Span<float> y)
    {
        var geo = g;
        var ckk = g.C * g.KH * g.KW;
        var ohw = g.OH * g.OW;
        var chw = g.C * g.H * g.W;
        var hasBias = !bias.IsEmpty;
        var (outer, inner) = Split(g.N);
        var pointwise = IsPointwise(g);
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            nint nx = (nint)px, nw = (nint)pw, nb = (nint)pb, ny = (nint)py;
            Parallelism.For(g.N, outer, n =>
            {
                var xs = new ReadOnlySpan<float>((float*)nx + (long)n * chw, chw);
                var ys = new Span<float>((float*)ny + (long)n * geo.O * ohw, geo.O * ohw);
                var ws = new ReadOnlySpan<float>((float*)nw, geo.O * ckk);
                float[]? col = null;
                try
                {
                    ReadOnlySpan<float> cols = xs;
                    if (!pointwise)
                    {
                        col = ArrayPool<float>.Shared.Rent(ckk * ohw);
                        Im2Col.Unfold(geo, xs, col.AsSpan(0, ckk * ohw));
                        cols = col.AsSpan(0, ckk * ohw);
                    }
                    ManagedGemm.Gemm(false, false, geo.O, ohw, ckk, 1f, ws, ckk, cols, ohw, 0f, ys, ohw, inner);
                    if (hasBias)
                        for (var o = 0; o < geo.O; o++)
                        {
                            var row = ys.Slice(o * ohw, ohw);
                            TensorPrimitives.Add(row, ((float*)nb)[o], row);
                        }
                }
                finally
                {
                    if (col is not null) ArrayPool<float>.Shared.Return(col);
                }
            });
        }
    }

    /// <inheritdoc />
    public unsafe void Conv2dBackwardData(in Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx)
    {
        var geo = g;
        var ckk = g.C * g.KH * g.KW;
        var ohw = g.OH * g.OW;
        var chw = g.C * g.H * g.W;
        var (outer, inner) = Split(g.N);
        var pointwise = IsPointwise(g);
        fixed (float* pdy = dy, pw = w, pdx = dx)
        {
            nint ndy = (nint)pdy, nw = (nint)pw, ndx = (nint)pdx;
            Parallelism.For(g.N, outer, n =>
            {
                var dys = new ReadOnlySpan<float>((float*)ndy + (long)n * geo.O * ohw, geo.O * ohw);
                var dxs = new Span<float>((float*)ndx + (long)n * chw, chw);
                var ws = new ReadOnlySpan<float>((float*)nw, geo.O * ckk);
                if (pointwise)
                {
                    ManagedGemm.Gemm(true, false, ckk, ohw, geo.O, 1f, ws, ckk, dys, ohw, 0f, dxs, ohw, inner);
                    return;
                }
                var col = ArrayPool<float>.Shared.Rent(ckk * ohw);
                try
                {
                    var cols = col.AsSpan(0, ckk * ohw);
                    ManagedGemm.Gemm(true, false, ckk, ohw, geo.O, 1f, ws, ckk, dys, ohw, 0f, cols, ohw, inner);
                    dxs.Clear();
                    Im2Col.Fold(geo, cols, dxs);
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(col);
                }
            });
        }
    }

    /// <inheritdoc />
    public unsafe void Conv2dBackwardWeights(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
        Span<float> dw, Span<float> dbias)
    {
        var geo = g;
        var ckk = g.C * g.KH * g.KW;
        var ohw = g.OH * g.OW;
        var chw = g.C * g.H * g.W;
        var wlen = g.O * ckk;
        var pointwise = IsPointwise(g);
        // Images are split into fixed chunks (independent of the thread count) whose partial
        // weight gradients are summed in chunk order, so results do not depend on threads.
        const int chunkImages = 4;
        var chunks = (g.N + chunkImages - 1) / chunkImages;
        var t = Parallelism.Threads;
        var outer = Math.Min(t, chunks);
        var inner = chunks >= t ? 1 : t;
        var partial = ArrayPool<float>.Shared.Rent(Math.Max(chunks, 1) * wlen);
        try
        {
            fixed (float* px = x, pdy = dy, pp = partial)
            {
                nint nx = (nint)px, ndy = (nint)pdy, np = (nint)pp;
                Parallelism.For(chunks, outer, ch =>
                {
                    var acc = new Span<float>((float*)np + (long)ch * wlen, wlen);
                    float[]? col = pointwise ? null : ArrayPool<float>.Shared.Rent(ckk * ohw);
                    try
                    {
                        var n1 = Math.Min(geo.N, (ch + 1) * chunkImages);
                        for (var n = ch * chunkImages; n < n1; n++)
                        {
                            var xs = new ReadOnlySpan<float>((float*)nx + (long)n * chw, chw);
                            var dys = new ReadOnlySpan<float>((float*)ndy + (long)n * geo.O * ohw, geo.O * ohw);
                            ReadOnlySpan<float> cols = xs;
                            if (col is not null)
                            {
                                Im2Col.Unfold(geo, xs, col.AsSpan(0, ckk * ohw));
                                cols = col.AsSpan(0, ckk * ohw);
                            }
                            // dw[O, CKK] (+)= dy[O, OHW] * col[CKK, OHW]^T
                            ManagedGemm.Gemm(false, true, geo.O, ckk, ohw, 1f, dys, ohw, cols, ohw,
                                n == ch * chunkImages ? 0f : 1f, acc, ckk, inner);
                        }
                    }
                    finally
                    {
                        if (col is not null) ArrayPool<float>.Shared.Return(col);
                    }
                });
            }
            if (chunks == 0) dw.Clear();
            else
            {
                partial.AsSpan(0, wlen).CopyTo(dw);
                for (var ch = 1; ch < chunks; ch++) TensorPrimitives.Add(dw, partial.AsSpan(ch * wlen, wlen), dw);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partial);
        }
        if (!dbias.IsEmpty)
        {
            dbias.Clear();
            for (var n = 0; n < g.N; n++)
                for (var o = 0; o < g.O; o++)
                    dbias[o] += TensorPrimitives.Sum(dy.Slice((n * g.O + o) * ohw, ohw));
        }
    }
}
