using Galforge.Astro.Imaging;

namespace Galforge.Astro.Tests.Measurement;

/// <summary>
/// Renders analytic profiles for the tests by integrating over each pixel with a fine
/// sub-grid (independent of the simulator), in the pixel-centre convention.
/// </summary>
internal static class ProfileRenderer
{
    /// <summary>Elliptical profile: axis ratio q (minor/major), major axis at theta.
    /// The radial coordinate is the elliptical radius sqrt(x'^2 + (y'/q)^2) (x' along theta).</summary>
    public static Image Render(int size, double xc, double yc, double q, double theta, Func<double, double> profile, int sub = 10, double flux = 0)
    {
        var img = new Image(size, size, 0.1);
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        double total = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double s = 0;
                for (int j = 0; j < sub; j++)
                    for (int i = 0; i < sub; i++)
                    {
                        double px = x - 0.5 + (i + 0.5) / sub - xc, py = y - 0.5 + (j + 0.5) / sub - yc;
                        double u = px * cos + py * sin, w = -px * sin + py * cos;
                        s += profile(Math.Sqrt(u * u + w / q * (w / q)));
                    }
                img[x, y] = (float)(s / (sub * sub));
                total += s / (sub * sub);
            }
        if (flux > 0)
            for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = (float)(img.Pixels[i] * flux / total);
        return img;
    }

    public static Func<double, double> Gaussian(double sigma) => r => Math.Exp(-0.5 * r * r / (sigma * sigma));

    /// <summary>Sersic b_n (Ciotti &amp; Bertin 1999 expansion, accurate to 1e-6 for n &gt;= 0.5).</summary>
    public static double SersicB(double n) => 2 * n - 1.0 / 3 + 4.0 / (405 * n) + 46.0 / (25515 * n * n) + 131.0 / (1148175 * n * n * n);

    /// <summary>Sersic profile, optionally truncated to zero beyond <paramref name="truncate"/> pixels.</summary>
    public static Func<double, double> Sersic(double n, double re, double truncate = double.PositiveInfinity)
    {
        double b = SersicB(n);
        return r => r > truncate ? 0 : Math.Exp(-b * (Math.Pow(r / re, 1 / n) - 1));
    }

    /// <summary>Segmap of pixels whose value exceeds a fraction of the peak.</summary>
    public static int[] Isophote(Image img, double fractionOfPeak)
    {
        double peak = 0;
        foreach (var v in img.Pixels) peak = Math.Max(peak, v);
        var seg = new int[img.Pixels.Length];
        for (int i = 0; i < seg.Length; i++) seg[i] = img.Pixels[i] > fractionOfPeak * peak ? 1 : 0;
        return seg;
    }

    public static void AddNoise(Image img, double sigma, int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < img.Pixels.Length; i++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            img.Pixels[i] += (float)(sigma * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }

    /// <summary>The image rotated by 90 degrees counter-clockwise (exact pixel permutation).</summary>
    public static Image Rotate90(Image img)
    {
        int n = img.Width;
        var r = new Image(n, n, img.PixelScale);
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                r[n - 1 - y, x] = img[x, y];
        return r;
    }

    public static int[] Rotate90(int[] seg, int n)
    {
        var r = new int[seg.Length];
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
                r[x * n + (n - 1 - y)] = seg[y * n + x];
        return r;
    }
}
