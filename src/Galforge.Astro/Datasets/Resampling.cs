using Galforge.Astro.Imaging;

namespace Galforge.Astro.Datasets;

/// <summary>
/// Resampling to another pixel scale, keeping total flux. <see cref="Resample"/> interpolates
/// surface brightness bilinearly (for stamps at a similar or finer scale; it correlates the noise
/// of neighbouring pixels, so the dataset builder re-estimates the noise sigma afterwards).
/// <see cref="Integrate"/> sums the exact overlap areas of input and output pixels, i.e. it
/// integrates a piecewise-constant image over the output pixels: flux is conserved exactly and
/// no aliasing is introduced when going to coarser pixels (a detector pixel integrates the light
/// falling on it). Both keep the image centres aligned.
/// </summary>
public static class Resampling
{
    /// <summary>Bilinear interpolation of surface brightness to <paramref name="targetScale"/> (arcsec/px), scaled so total flux is kept.</summary>
    /// <param name="src">Image with a known pixel scale.</param>
    /// <param name="targetScale">Output pixel scale, arcsec/px.</param>
    /// <returns>An image of round(size x src.PixelScale / targetScale) pixels per side.</returns>
    public static Image Resample(Image src, double targetScale)
    {
        var f = src.PixelScale / targetScale; // output pixels per input pixel
        var w = Math.Max(1, (int)Math.Round(src.Width * f));
        var h = Math.Max(1, (int)Math.Round(src.Height * f));
        var dst = new Image(w, h, targetScale);
        var fluxScale = 1 / (f * f);
        // Keep the image centres aligned.
        var cxs = (src.Width - 1) / 2.0;
        var cys = (src.Height - 1) / 2.0;
        var cxd = (w - 1) / 2.0;
        var cyd = (h - 1) / 2.0;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var sx = (x - cxd) / f + cxs;
                var sy = (y - cyd) / f + cys;
                int ix = (int)Math.Floor(sx), iy = (int)Math.Floor(sy);
                double tx = sx - ix, ty = sy - iy;
                double v = 0, wsum = 0;
                for (var dy = 0; dy <= 1; dy++)
                    for (var dx = 0; dx <= 1; dx++)
                    {
                        int px = ix + dx, py = iy + dy;
                        if (px < 0 || px >= src.Width || py < 0 || py >= src.Height) continue;
                        var wt = (dx == 0 ? 1 - tx : tx) * (dy == 0 ? 1 - ty : ty);
                        v += wt * src[px, py];
                        wsum += wt;
                    }
                dst[x, y] = wsum > 0 ? (float)(v / wsum * fluxScale) : 0f;
            }
        return dst;
    }

    /// <summary>
    /// Integrates <paramref name="src"/> (taken as constant over each of its pixels) over the
    /// pixels of a <paramref name="width"/> x <paramref name="height"/> grid of
    /// <paramref name="targetScale"/> arcsec/px with the same centre. Every input pixel's flux is
    /// shared among the output pixels it overlaps in proportion to the overlap area, so the total
    /// is kept exactly for the part of the input the output grid covers. Separable: two passes of
    /// one-dimensional overlap weights.
    /// </summary>
    /// <param name="src">Image with a known pixel scale.</param>
    /// <param name="targetScale">Output pixel scale, arcsec/px.</param>
    /// <param name="width">Output columns.</param>
    /// <param name="height">Output rows.</param>
    public static Image Integrate(Image src, double targetScale, int width, int height)
    {
        if (!(src.PixelScale > 0) || !(targetScale > 0)) throw new ArgumentException($"pixel scales {src.PixelScale} -> {targetScale}: both must be positive");
        var wx = OverlapWeights(src.Width, width, targetScale / src.PixelScale);
        var wy = OverlapWeights(src.Height, height, targetScale / src.PixelScale);
        // Columns first: rows of the source integrated onto output columns.
        var tmp = new double[src.Height * width];
        for (var y = 0; y < src.Height; y++)
        {
            var row = src.Pixels.AsSpan(y * src.Width, src.Width);
            var dst = tmp.AsSpan(y * width, width);
            foreach (var (o, i, w) in wx) dst[o] += w * row[i];
        }
        var result = new double[height * width];
        foreach (var (o, i, w) in wy)
        {
            var s = tmp.AsSpan(i * width, width);
            var d = result.AsSpan(o * width, width);
            for (var x = 0; x < width; x++) d[x] += w * s[x];
        }
        var output = new Image(width, height, targetScale);
        for (var k = 0; k < result.Length; k++) output.Pixels[k] = (float)result[k];
        return output;
    }

    // (output index, input index, overlap in input-pixel units) for every overlapping pair along one axis;
    // ratio = output pixel size / input pixel size; both grids centred on the same point.
    private static List<(int Output, int Input, double Weight)> OverlapWeights(int inputCount, int outputCount, double ratio)
    {
        var list = new List<(int, int, double)>();
        double cIn = inputCount / 2.0, cOut = outputCount / 2.0; // centre in edge coordinates (pixel k spans [k, k+1))
        for (var o = 0; o < outputCount; o++)
        {
            double lo = cIn + (o - cOut) * ratio, hi = lo + ratio;
            int first = Math.Max(0, (int)Math.Floor(lo)), last = Math.Min(inputCount - 1, (int)Math.Ceiling(hi) - 1);
            for (var i = first; i <= last; i++)
            {
                var w = Math.Min(hi, i + 1) - Math.Max(lo, i);
                if (w > 0) list.Add((o, i, w));
            }
        }
        return list;
    }
}
