using System.Collections.Concurrent;
using System.Numerics;
using Galforge.Astro.Imaging;
using Galforge.Astro.Rendering;
using Galforge.Engine.Fourier;

namespace Galforge.Astro.Noise;

/// <summary>
/// Stationary Gaussian noise with a given correlation function (e.g. the COSMOS F814W one),
/// made by filtering white noise in Fourier space: the correlation-function image (centred, at its
/// own pixel scale) is resampled by Lanczos-5 to the target pixel separations, Fourier transformed
/// into a power spectrum P(k) (negative values from sampling clipped to 0), and white noise is
/// multiplied by sqrt(P). The field is made on a grid twice the stamp size so that the circular
/// correlation does not wrap within the stamp; the variance is normalised to the requested sigma^2.
/// </summary>
public sealed class CorrelatedNoise
{
    private readonly Image _cf;
    private readonly double _cx, _cy;
    private readonly ConcurrentDictionary<(int, double), double[]> _filters = new();

    /// <summary>Creates the noise model from a correlation-function image with its pixel scale set.</summary>
    public CorrelatedNoise(Image correlationFunction, string source)
    {
        if (!(correlationFunction.PixelScale > 0)) throw new BadInputException($"correlation function {source}: pixel scale unknown");
        _cf = correlationFunction;
        Source = source;
        // The zero-lag pixel is the maximum.
        int best = 0;
        for (int i = 1; i < _cf.Pixels.Length; i++) if (_cf.Pixels[i] > _cf.Pixels[best]) best = i;
        _cx = best % _cf.Width;
        _cy = best / _cf.Width;
        if (!(_cf.Pixels[best] > 0)) throw new BadInputException($"correlation function {source}: zero-lag value must be positive");
    }

    /// <summary>Where the correlation function came from.</summary>
    public string Source { get; }

    /// <summary>Correlation at a lag (arcsec), normalised to 1 at zero lag.</summary>
    public double Correlation(double dx, double dy) =>
        Lanczos.Interpolate(_cf.Pixels, _cf.Width, _cf.Height, _cx + dx / _cf.PixelScale, _cy + dy / _cf.PixelScale, 5)
        / _cf[(int)_cx, (int)_cy];

    /// <summary>Adds correlated noise of standard deviation <paramref name="sigma"/> to a square stamp.</summary>
    public void Add(Span<float> stamp, int size, double sigma, CounterRandom random, double pixelScale = double.NaN)
    {
        double scale = double.IsNaN(pixelScale) ? _cf.PixelScale : pixelScale;
        int n = Fft2D.GoodSize(2 * size);
        var amplitude = _filters.GetOrAdd((n, scale), key => Filter(key.Item1, key.Item2));
        var field = new double[n * n];
        for (int i = 0; i < field.Length; i++) field[i] = random.NextGaussian();
        var spec = new Complex[n * Fft2D.HalfWidth(n)];
        Fft2D.ForwardReal(field, n, n, spec);
        for (int i = 0; i < spec.Length; i++) spec[i] *= amplitude[i];
        Fft2D.InverseReal(spec, n, n, field);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                stamp[y * size + x] += (float)(sigma * field[y * n + x]);
    }

    // sqrt(P(k)) normalised so that unit white noise gives unit variance.
    private double[] Filter(int n, double pixelScale)
    {
        var cf = new double[n * n];
        int half = n / 2;
        for (int y = 0; y < n; y++)
            for (int x = 0; x < n; x++)
            {
                int dx = x <= half ? x : x - n, dy = y <= half ? y : y - n;
                cf[y * n + x] = Correlation(dx * pixelScale, dy * pixelScale);
            }
        var spec = new Complex[n * Fft2D.HalfWidth(n)];
        Fft2D.ForwardReal(cf, n, n, spec);
        var amp = new double[spec.Length];
        double total = 0;
        int hw = Fft2D.HalfWidth(n);
        for (int ky = 0; ky < n; ky++)
            for (int kx = 0; kx < hw; kx++)
            {
                double p = Math.Max(spec[ky * hw + kx].Real, 0);
                amp[ky * hw + kx] = p;
                // Each half-spectrum column other than 0 and n/2 stands for two bins of the full spectrum.
                total += p * (kx == 0 || (n % 2 == 0 && kx == n / 2) ? 1 : 2);
            }
        // Variance of the filtered field = sum(P) / n^2 for unit white noise; normalise to 1.
        double norm = Math.Sqrt(n * (double)n / total);
        for (int i = 0; i < amp.Length; i++) amp[i] = Math.Sqrt(amp[i]) * norm;
        return amp;
    }
}
