using Galforge.Astro.Imaging;

namespace Galforge.Astro.Reports;

/// <summary>
/// Display stretches: the arcsinh colour composite of Lupton et al. (2004, PASP 116, 133),
/// which stretches the summed intensity I = (R + G + B) / 3 by asinh(Q I / stretch) / Q and
/// scales each band by the same factor so colours are preserved, and its one-band form.
/// </summary>
public static class ColourComposite
{
    /// <summary>RGB bytes (row-major, top row = last image row so north is up) of three
    /// same-size images already scaled to comparable units.</summary>
    /// <param name="red">Reddest band.</param>
    /// <param name="green">Middle band.</param>
    /// <param name="blue">Bluest band.</param>
    /// <param name="stretch">Linear range of the stretch, in image units.</param>
    /// <param name="q">Softening parameter Q (8 in Lupton et al.).</param>
    public static byte[] Rgb(Image red, Image green, Image blue, double stretch, double q = 8)
    {
        int w = red.Width, h = red.Height;
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int src = y * w + x, dst = ((h - 1 - y) * w + x) * 3;
                double r = Math.Max(Finite(red.Pixels[src]), 0), g = Math.Max(Finite(green.Pixels[src]), 0), b = Math.Max(Finite(blue.Pixels[src]), 0);
                double i = (r + g + b) / 3;
                double f = i > 0 ? Math.Asinh(q * i / stretch) / q / i : 0;
                double rr = r * f, gg = g * f, bb = b * f;
                // Clip to the box keeping the hue: divide by the largest component when above 1.
                double max = Math.Max(rr, Math.Max(gg, bb));
                if (max > 1) { rr /= max; gg /= max; bb /= max; }
                rgb[dst] = ToByte(rr); rgb[dst + 1] = ToByte(gg); rgb[dst + 2] = ToByte(bb);
            }
        return rgb;
    }

    /// <summary>Greyscale bytes of one image with the arcsinh stretch (top row = last image row).</summary>
    public static byte[] Grey(Image image, double stretch, double q = 8)
    {
        int w = image.Width, h = image.Height;
        var g = new byte[w * h];
        double norm = Math.Asinh(q);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double v = Math.Max(Finite(image.Pixels[y * w + x]), 0);
                g[(h - 1 - y) * w + x] = ToByte(Math.Asinh(q * v / stretch) / norm);
            }
        return g;
    }

    /// <summary>A robust display scale: the given quantile of the positive finite pixels of the images.</summary>
    public static double Scale(IEnumerable<Image> images, double quantile = 0.995)
    {
        var v = new List<float>();
        foreach (var img in images) foreach (var p in img.Pixels) if (float.IsFinite(p) && p > 0) v.Add(p);
        if (v.Count == 0) return 1;
        v.Sort();
        return Math.Max(v[(int)Math.Min(v.Count - 1, quantile * v.Count)], 1e-30);
    }

    private static double Finite(float v) => float.IsFinite(v) ? v : 0;

    private static byte ToByte(double v) => (byte)Math.Clamp((int)Math.Round(255 * v), 0, 255);
}
