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
                    else
                        for (int ow = ow0, iw = iw0; ow < ow1; ow++, iw += g.StrideW) dst[iw] += src[ow];
                }
            }
        }
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
