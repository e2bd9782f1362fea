using System.Buffers;
using System.Numerics.Tensors;
using Galforge.Engine.Backends;

namespace Galforge.Engine.Kernels;

/// <summary>
/// The portable backend: packed, register-blocked SIMD GEMM (<see cref="ManagedGemm"/>) and
/// convolutions by im2col + GEMM. Images are processed in groups whose column matrices sit side
/// by side, so that small feature maps (8x8, 4x4) still give the GEMM wide enough operands;
/// groups are spread over <see cref="Parallelism.Threads"/> threads (each with buffers from the
/// array pool), and when there are fewer groups than threads the GEMM itself is split. The
/// grouping depends only on the shapes, so results do not depend on the thread count.
/// </summary>
public sealed class ManagedKernels : IKernels
{
    /// <summary>Images are grouped until a group's column matrix has at least this many columns.</summary>
    private const int MinColumns = 256;

    /// <summary>Weight-gradient partial sums are kept for at most this many chunks of groups.</summary>
    private const int MaxWeightChunks = 8;

    /// <inheritdoc />
    public BackendKind Kind => BackendKind.Managed;

    /// <inheritdoc />
    public void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        ManagedGemm.Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, Parallelism.Threads);

    private static bool IsPointwise(in Conv2dGeometry g) =>
        g.KH == 1 && g.KW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0 && g.OH == g.H && g.OW == g.W;

    private static int GroupSize(in Conv2dGeometry g)
    {
        var ohw = Math.Max(1, g.OH * g.OW);
        return Math.Clamp((MinColumns + ohw - 1) / ohw, 1, Math.Max(1, g.N));
    }

    /// <summary>Threads for the loop over groups, and threads left for each GEMM.</summary>
    private static (int Outer, int Inner) Split(int groups)
    {
        var t = Parallelism.Threads;
        return groups >= t ? (t, 1) : (1, t);
    }

    /// <summary>Fills the column matrix of images n0..n0+gn-1 (row stride gn*OH*OW).</summary>
    private static void Columns(in Conv2dGeometry g, bool pointwise, ReadOnlySpan<float> x, int n0, int gn, Span<float> col)
    {
        var ohw = g.OH * g.OW;
        var chw = g.C * g.H * g.W;
        var ld = gn * ohw;
        for (var i = 0; i < gn; i++)
        {
            var xs = x.Slice((n0 + i) * chw, chw);
            if (pointwise)
                for (var c = 0; c < g.C; c++) xs.Slice(c * ohw, ohw).CopyTo(col.Slice(c * ld + i * ohw, ohw));
            else
                Im2Col.Unfold(g, xs, col[(i * ohw)..], ld);
        }
    }

    /// <summary>Copies dy of images n0.. into an [O, gn*OH*OW] matrix.</summary>
    private static void GatherOutput(in Conv2dGeometry g, ReadOnlySpan<float> dy, int n0, int gn, Span<float> dst)
    {
        var ohw = g.OH * g.OW;
        var ld = gn * ohw;
        for (var i = 0; i < gn; i++)
            for (var o = 0; o < g.O; o++)
                dy.Slice(((n0 + i) * g.O + o) * ohw, ohw).CopyTo(dst.Slice(o * ld + i * ohw, ohw));
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
        var gs = GroupSize(g);
        var groups = (g.N + gs - 1) / gs;
        var (outer, inner) = Split(groups);
        var pointwise = IsPointwise(g);
        fixed (float* px = x, pw = w, pb = bias, py = y)
        {
            nint nx = (nint)px, nw = (nint)pw, nb = (nint)pb, ny = (nint)py;
            Parallelism.For(groups, outer, gi =>
            {
                var xs = new ReadOnlySpan<float>((float*)nx, geo.N * chw);
                var ys = new Span<float>((float*)ny, geo.N * geo.O * ohw);
                var ws = new ReadOnlySpan<float>((float*)nw, geo.O * ckk);
                var n0 = gi * gs;
                var gn = Math.Min(gs, geo.N - n0);
                var cols = gn * ohw;
                float[]? col = null, tmp = null;
                try
                {
                    ReadOnlySpan<float> b;
                    if (pointwise && gn == 1) b = xs.Slice(n0 * chw, chw);
                    else
                    {
                        col = ArrayPool<float>.Shared.Rent(ckk * cols);
                        Columns(geo, pointwise, xs, n0, gn, col);
                        b = col.AsSpan(0, ckk * cols);
                    }
                    if (gn == 1)
                        ManagedGemm.Gemm(false, false, geo.O, ohw, ckk, 1f, ws, ckk, b, ohw, 0f, ys.Slice(n0 * geo.O * ohw, geo.O * ohw), ohw, inner);
                    else
                    {
                        tmp = ArrayPool<float>.Shared.Rent(geo.O * cols);
                        ManagedGemm.Gemm(false, false, geo.O, cols, ckk, 1f, ws, ckk, b, cols, 0f, tmp, cols, inner);
                        for (var i = 0; i < gn; i++)
                            for (var o = 0; o < geo.O; o++)
                                tmp.AsSpan(o * cols + i * ohw, ohw).CopyTo(ys.Slice(((n0 + i) * geo.O + o) * ohw, ohw));
                    }
                    if (hasBias)
                        for (var i = 0; i < gn; i++)
                            for (var o = 0; o < geo.O; o++)
                            {
                                var row = ys.Slice(((n0 + i) * geo.O + o) * ohw, ohw);
                                TensorPrimitives.Add(row, ((float*)nb)[o], row);
                            }
                }
                finally
                {
                    if (col is not null) ArrayPool<float>.Shared.Return(col);
                    if (tmp is not null) ArrayPool<float>.Shared.Return(tmp);
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
        var gs = GroupSize(g);
        var groups = (g.N + gs - 1) / gs;
        var (outer, inner) = Split(groups);
        var pointwise = IsPointwise(g);
        fixed (float* pdy = dy, pw = w, pdx = dx)
        {
            nint ndy = (nint)pdy, nw = (nint)pw, ndx = (nint)pdx;
            Parallelism.For(groups, outer, gi =>
            {
                var dys = new ReadOnlySpan<float>((float*)ndy, geo.N * geo.O * ohw);
                var dxs = new Span<float>((float*)ndx, geo.N * chw);
                var ws = new ReadOnlySpan<float>((float*)nw, geo.O * ckk);
                var n0 = gi * gs;
                var gn = Math.Min(gs, geo.N - n0);
                var cols = gn * ohw;
                if (pointwise && gn == 1)
                {
                    ManagedGemm.Gemm(true, false, ckk, ohw, geo.O, 1f, ws, ckk, dys.Slice(n0 * geo.O * ohw, geo.O * ohw), ohw, 0f, dxs.Slice(n0 * chw, chw), ohw, inner);
                    return;
                }
                float[]? tmp = null;
                var col = ArrayPool<float>.Shared.Rent(ckk * cols);
                try
                {
                    ReadOnlySpan<float> a;
                    if (gn == 1) a = dys.Slice(n0 * geo.O * ohw, geo.O * ohw);
                    else
                    {
                        tmp = ArrayPool<float>.Shared.Rent(geo.O * cols);
                        GatherOutput(geo, dys, n0, gn, tmp);
                        a = tmp.AsSpan(0, geo.O * cols);
                    }
                    var cs = col.AsSpan(0, ckk * cols);
                    ManagedGemm.Gemm(true, false, ckk, cols, geo.O, 1f, ws, ckk, a, cols, 0f, cs, cols, inner);
                    for (var i = 0; i < gn; i++)
                    {
                        var d = dxs.Slice((n0 + i) * chw, chw);
                        if (pointwise)
                        {
                            for (var c = 0; c < geo.C; c++) cs.Slice(c * cols + i * ohw, ohw).CopyTo(d.Slice(c * ohw, ohw));
                        }
                        else
                        {
                            d.Clear();
                            Im2Col.Fold(geo, cs[(i * ohw)..], cols, d);
                        }
                    }
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(col);
                    if (tmp is not null) ArrayPool<float>.Shared.Return(tmp);
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
        var gs = GroupSize(g);
        var groups = (g.N + gs - 1) / gs;
        // Groups are summed in fixed chunks (independent of the thread count) whose partial
        // weight gradients are then added in chunk order: results do not depend on threads.
        var chunks = Math.Min(groups, MaxWeightChunks);
        var perChunk = chunks == 0 ? 0 : (groups + chunks - 1) / chunks;
        var (outer, inner) = Split(chunks);
        var partial = ArrayPool<float>.Shared.Rent(Math.Max(chunks, 1) * wlen);
        try
        {
            fixed (float* px = x, pdy = dy, pp = partial)
            {
                nint nx = (nint)px, ndy = (nint)pdy, np = (nint)pp;
                Parallelism.For(chunks, outer, ch =>
                {
                    var xs = new ReadOnlySpan<float>((float*)nx, geo.N * chw);
                    var dys = new ReadOnlySpan<float>((float*)ndy, geo.N * geo.O * ohw);
                    var acc = new Span<float>((float*)np + (long)ch * wlen, wlen);
                    var g1 = Math.Min(groups, (ch + 1) * perChunk);
                    float[]? col = null, tmp = null;
                    try
                    {
                        for (var gi = ch * perChunk; gi < g1; gi++)
                        {
                            var n0 = gi * gs;
                            var gn = Math.Min(gs, geo.N - n0);
                            var cols = gn * ohw;
                            ReadOnlySpan<float> a, b;
                            if (gn == 1) a = dys.Slice(n0 * geo.O * ohw, geo.O * ohw);
                            else
                            {
                                tmp ??= ArrayPool<float>.Shared.Rent(geo.O * gs * ohw);
                                GatherOutput(geo, dys, n0, gn, tmp);
                                a = tmp.AsSpan(0, geo.O * cols);
                            }
                            if (pointwise && gn == 1) b = xs.Slice(n0 * chw, chw);
                            else
                            {
                                col ??= ArrayPool<float>.Shared.Rent(ckk * gs * ohw);
                                Columns(geo, pointwise, xs, n0, gn, col);
                                b = col.AsSpan(0, ckk * cols);
                            }
                            // dw[O, CKK] (+)= dy[O, cols] * col[CKK, cols]^T
                            ManagedGemm.Gemm(false, true, geo.O, ckk, cols, 1f, a, cols, b, cols,
                                gi == ch * perChunk ? 0f : 1f, acc, ckk, inner);
                        }
                    }
                    finally
                    {
                        if (col is not null) ArrayPool<float>.Shared.Return(col);
                        if (tmp is not null) ArrayPool<float>.Shared.Return(tmp);
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
