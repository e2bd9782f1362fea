using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Galforge.Engine.Kernels;

/// <summary>
/// Unfolds one image into the column matrix of a convolution and folds it back:
/// col[(c*KH + kh)*KW + kw, oh*OW + ow] = x[c, oh*sh - ph + kh, ow*sw - pw + kw] (0 outside).
/// </summary>
internal static class Im2Col
{
    /// <summary>
    /// Fills the columns of one image <paramref name="x"/> ([C, H, W]) into <paramref name="col"/>:
    /// row r of the column matrix starts at r * <paramref name="ldcol"/> (OH*OW for one image;
    /// larger when several images share one matrix side by side).
    /// </summary>
    public static void Unfold(in Conv2dGeometry g, ReadOnlySpan<float> x, Span<float> col, int ldcol)
    {
        var ohw = g.OH * g.OW;
        for (var c = 0; c < g.C; c++)
        {
            var plane = x.Slice(c * g.H * g.W, g.H * g.W);
            for (var kh = 0; kh < g.KH; kh++)
            for (var kw = 0; kw < g.KW; kw++)
            {
                var row = col.Slice(((c * g.KH + kh) * g.KW + kw) * ldcol, ohw);
                ColumnRange(g.OW, g.W, g.StrideW, g.PadW, kw, out var ow0, out var ow1);
                for (var oh = 0; oh < g.OH; oh++)
                {
                    var dst = row.Slice(oh * g.OW, g.OW);
                    var ih = oh * g.StrideH - g.PadH + kh;
                    if ((uint)ih >= (uint)g.H || ow0 >= ow1) { dst.Clear(); continue; }
                    dst[..ow0].Clear();
                    dst[ow1..].Clear();
                    var src = plane.Slice(ih * g.W);
                    var iw0 = ow0 * g.StrideW - g.PadW + kw;
                    if (g.StrideW == 1) src.Slice(iw0, ow1 - ow0).CopyTo(dst[ow0..ow1]);
                    else if (g.StrideW == 2) GatherEven(src, iw0, dst, ow0, ow1);
                    else
                        for (int ow = ow0, iw = iw0; ow < ow1; ow++, iw += g.StrideW) dst[ow] = src[iw];
                }
            }
        }
    }

    /// <summary>Adds the columns (row stride <paramref name="ldcol"/>) back into one image <paramref name="x"/> ([C, H, W]), which the caller zeroes first.</summary>
    public static void Fold(in Conv2dGeometry g, ReadOnlySpan<float> col, int ldcol, Span<float> x)
    {
        var ohw = g.OH * g.OW;
        for (var c = 0; c < g.C; c++)
        {
            var plane = x.Slice(c * g.H * g.W, g.H * g.W);
            for (var kh = 0; kh < g.KH; kh++)
            for (var kw = 0; kw < g.KW; kw++)
            {
                var row = col.Slice(((c * g.KH + kh) * g.KW + kw) * ldcol, ohw);
                ColumnRange(g.OW, g.W, g.StrideW, g.PadW, kw, out var ow0, out var ow1);
                if (ow0 >= ow1) continue;
                for (var oh = 0; oh < g.OH; oh++)
                {
                    var ih = oh * g.StrideH - g.PadH + kh;
                    if ((uint)ih >= (uint)g.H) continue;
                    var src = row.Slice(oh * g.OW);
                    var dst = plane.Slice(ih * g.W);
                    var iw0 = ow0 * g.StrideW - g.PadW + kw;
                    if (g.StrideW == 1)
                    {
                        var d = dst.Slice(iw0, ow1 - ow0);
                        System.Numerics.Tensors.TensorPrimitives.Add(d, src[ow0..ow1], d);
                    }
                    else if (g.StrideW == 2) ScatterAddEven(src, ow0, ow1, dst, iw0);
                    else
                        for (int ow = ow0, iw = iw0; ow < ow1; ow++, iw += g.StrideW) dst[iw] += src[ow];
                }
            }
        }
    }

    private static readonly Vector512<int> s_even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> s_spreadLow = Vector512.Create(0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16);
    private static readonly Vector512<int> s_spreadHigh = Vector512.Create(8, 16, 9, 16, 10, 16, 11, 16, 12, 16, 13, 16, 14, 16, 15, 16);

    /// <summary>dst[ow] = src[iw0 + 2 (ow - ow0)] for ow in [ow0, ow1): stride-2 columns, 16 at a time with AVX-512.</summary>
    private static void GatherEven(ReadOnlySpan<float> src, int iw0, Span<float> dst, int ow0, int ow1)
    {
        int ow = ow0, iw = iw0;
        if (Avx512F.IsSupported)
        {
            ref var s = ref MemoryMarshal.GetReference(src);
            ref var d = ref MemoryMarshal.GetReference(dst);
            // the 32 floats read must lie inside src (they may run into the next row)
            for (; ow + 16 <= ow1 && iw + 32 <= src.Length; ow += 16, iw += 32)
            {
                var lo = Vector512.LoadUnsafe(ref s, (nuint)iw);
                var hi = Vector512.LoadUnsafe(ref s, (nuint)(iw + 16));
                Avx512F.PermuteVar16x32x2(lo, s_even, hi).StoreUnsafe(ref d, (nuint)ow);
            }
        }
        for (; ow < ow1; ow++, iw += 2) dst[ow] = src[iw];
    }

    /// <summary>dst[iw0 + 2 (ow - ow0)] += src[ow] for ow in [ow0, ow1): the adjoint of <see cref="GatherEven"/>.</summary>
    private static void ScatterAddEven(ReadOnlySpan<float> src, int ow0, int ow1, Span<float> dst, int iw0)
    {
        int ow = ow0, iw = iw0;
        if (Avx512F.IsSupported)
        {
            ref var s = ref MemoryMarshal.GetReference(src);
            ref var d = ref MemoryMarshal.GetReference(dst);
            var zero = Vector512<float>.Zero;
            // odd positions receive +0, so the 32 floats touched must lie inside dst
            for (; ow + 16 <= ow1 && iw + 32 <= dst.Length; ow += 16, iw += 32)
            {
                var v = Vector512.LoadUnsafe(ref s, (nuint)ow);
                var lo = Avx512F.PermuteVar16x32x2(v, s_spreadLow, zero);
                var hi = Avx512F.PermuteVar16x32x2(v, s_spreadHigh, zero);
                (Vector512.LoadUnsafe(ref d, (nuint)iw) + lo).StoreUnsafe(ref d, (nuint)iw);
                (Vector512.LoadUnsafe(ref d, (nuint)(iw + 16)) + hi).StoreUnsafe(ref d, (nuint)(iw + 16));
            }
        }
        for (; ow < ow1; ow++, iw += 2) dst[iw] += src[ow];
    }

    /// <summary>The output columns [ow0, ow1) whose input column ow*s - p + k lies inside [0, W).</summary>
    private static void ColumnRange(int outW, int inW, int stride, int pad, int k, out int ow0, out int ow1)
    {
        // ow*s - p + k >= 0  <=>  ow >= ceil((p - k) / s)
        var lo = pad - k;
        ow0 = lo <= 0 ? 0 : (lo + stride - 1) / stride;
        // ow*s - p + k <= W - 1  <=>  ow <= floor((W - 1 + p - k) / s)
        var hi = inW - 1 + pad - k;
        ow1 = hi < 0 ? 0 : Math.Min(outW, hi / stride + 1);
        if (ow0 > outW) ow0 = outW;
    }
}
