using Galforge.Astro.Imaging;

namespace Galforge.Astro.Fidelity;

/// <summary>
/// Power spectra of stamps: the 2-D |DFT|^2 of the image divided by its squared flux (so the
/// spectrum describes the light distribution, not the brightness), and its azimuthal average
/// in rings of width 1/N cycles per pixel. The DFT is a small private one (radix-2 FFT for
/// power-of-two sizes, direct DFT otherwise): Galforge.Engine has no Fourier module yet.
/// </summary>
public static class PowerSpectrum
{
    /// <summary>2-D power, zero frequency at the centre (index N/2), row-major H x W.</summary>
    public static double[] Power2D(Image image)
    {
        int w = image.Width, h = image.Height;
        var re = new double[w * h];
        var im = new double[w * h];
        double flux = 0;
        for (int i = 0; i < re.Length; i++) { re[i] = float.IsFinite(image.Pixels[i]) ? image.Pixels[i] : 0; flux += re[i]; }
        var rowRe = new double[w]; var rowIm = new double[w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++) { rowRe[x] = re[y * w + x]; rowIm[x] = 0; }
            Dft(rowRe, rowIm);
            for (int x = 0; x < w; x++) { re[y * w + x] = rowRe[x]; im[y * w + x] = rowIm[x]; }
        }
        var colRe = new double[h]; var colIm = new double[h];
        for (int x = 0; x < w; x++)
        {
            for (int y = 0; y < h; y++) { colRe[y] = re[y * w + x]; colIm[y] = im[y * w + x]; }
            Dft(colRe, colIm);
            for (int y = 0; y < h; y++) { re[y * w + x] = colRe[y]; im[y * w + x] = colIm[y]; }
        }
        double norm = flux != 0 ? 1.0 / (flux * flux) : 1.0;
        var p = new double[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int sy = (y + h / 2) % h, sx = (x + w / 2) % w;
                double r = re[y * w + x], i = im[y * w + x];
                p[sy * w + sx] = (r * r + i * i) * norm;
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

    // In-place forward DFT (sign -1).
    private static void Dft(double[] re, double[] im)
    {
        int n = re.Length;
        if ((n & (n - 1)) == 0) { Fft(re, im); return; }
        var or = new double[n]; var oi = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++)
            {
                double ang = -2 * Math.PI * ((long)k * t % n) / n;
                double c = Math.Cos(ang), s = Math.Sin(ang);
                sr += re[t] * c - im[t] * s;
                si += re[t] * s + im[t] * c;
            }
            or[k] = sr; oi[k] = si;
        }
        Array.Copy(or, re, n); Array.Copy(oi, im, n);
    }

    private static void Fft(double[] re, double[] im)
    {
        int n = re.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j) { (re[i], re[j]) = (re[j], re[i]); (im[i], im[j]) = (im[j], im[i]); }
        }
        for (int len = 2; len <= n; len <<= 1)
        {
            double ang = -2 * Math.PI / len;
            for (int i = 0; i < n; i += len)
                for (int k = 0; k < len / 2; k++)
                {
                    double c = Math.Cos(ang * k), s = Math.Sin(ang * k);
                    int a = i + k, b = i + k + len / 2;
                    double tr = re[b] * c - im[b] * s, ti = re[b] * s + im[b] * c;
                    re[b] = re[a] - tr; im[b] = im[a] - ti;
                    re[a] += tr; im[a] += ti;
                }
        }
    }
}
