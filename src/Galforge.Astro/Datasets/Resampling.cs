using Galforge.Astro.Imaging;

namespace Galforge.Astro.Datasets;

/// <summary>
/// Resampling to another pixel scale by bilinear interpolation of surface brightness, scaled so
/// total flux is kept. It correlates the noise of neighbouring pixels; the builder re-estimates
/// the noise sigma of resampled stamps from their pixels.
/// </summary>
internal static class Resampling
{
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
}
