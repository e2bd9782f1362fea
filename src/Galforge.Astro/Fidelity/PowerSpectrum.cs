using System.Numerics;
using Galforge.Astro.Imaging;
using Galforge.Engine.Fourier;

namespace Galforge.Astro.Fidelity;

/// <summary>
/// Power spectra of stamps: the 2-D |DFT|^2 of the image divided by its squared flux (so the
/// spectrum describes the light distribution, not the brightness), and its azimuthal average
/// in rings of width 1/N cycles per pixel. Transforms use <see cref="Fft2D"/> (any size).
/// </summary>
public static class PowerSpectrum
{
    /// <summary>2-D power, zero frequency at the centre (index N/2), row-major H x W.</summary>
    public static double[] Power2D(Image image)
    {
        int w = image.Width, h = image.Height;
        var data = new Complex[w * h];
        double flux = 0;
        for (int i = 0; i < data.Length; i++)
        {
            double v = float.IsFinite(image.Pixels[i]) ? image.Pixels[i] : 0;
            data[i] = v;
            flux += v;
        }
        Fft2D.Forward(data, h, w);
        double norm = flux != 0 ? 1.0 / (flux * flux) : 1.0;
        var p = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int sy = (y + h / 2) % h, sx = (x + w / 2) % w;
                var c = data[y * w + x];
                p[sy * w + sx] = (c.Real * c.Real + c.Imaginary * c.Imaginary) * norm;
            }
        return p;
    }

    /// <summary>Azimuthal average of <see cref="Power2D"/> in bins k = 0..N/2 of width 1/N
    /// cycles/pixel (N = the smaller side); bin k covers |f| N in [k - 0.5, k + 0.5).</summary>
    public static double[] Azimuthal(double[] power2D, int width, int height)
    {
        int n = Math.Min(width, height), bins = n / 2 + 1;
        var sum = new double[bins];
        var count = new int[bins];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                double fx = (x - width / 2) / (double)width, fy = (y - height / 2) / (double)height;
                int k = (int)Math.Round(Math.Sqrt(fx * fx + fy * fy) * n);
                if (k >= bins) continue;
                sum[k] += power2D[y * width + x];
                count[k]++;
            }
        for (int k = 0; k < bins; k++) sum[k] = count[k] > 0 ? sum[k] / count[k] : 0;
        return sum;
    }
}
