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

    /// <summary>
    /// The expected periodogram of the noise <see cref="Add"/> puts in a square stamp of
    /// <paramref name="size"/> pixels: E|FFT(noise)_k|² / (size² σ²) for every frequency k of the
    /// full size x size grid (row-major, ky then kx), so a white field gives 1 everywhere and the
    /// mean over k is 1. Exact for the generator (not an approximation of its correlation
    /// function): the covariance C of the field Add draws (the inverse transform of its filter
    /// squared) cropped to the stamp has expected periodogram Σ_Δ C(Δ) (1 − |Δx|/S)(1 − |Δy|/S)
    /// e^(−2πi k·Δ/S) over lags |Δ| &lt; S, evaluated here by folding the windowed covariance onto
    /// the S-periodic grid and one FFT. Used by the VAE's Fourier likelihood
    /// (a dataset's noise power spectra).
    /// </summary>
    /// <param name="size">Stamp side, pixels.</param>
    /// <param name="pixelScale">Stamp pixel scale, arcsec (NaN: the correlation function's own).</param>
    public double[] StampPowerSpectrum(int size, double pixelScale = double.NaN)
    {
        double scale = double.IsNaN(pixelScale) ? _cf.PixelScale : pixelScale;
        int n = Fft2D.GoodSize(2 * size), hw = Fft2D.HalfWidth(n);
        var amplitude = _filters.GetOrAdd((n, scale), key => Filter(key.Item1, key.Item2));
        // Covariance of the generated field on the n-grid (unit variance at lag 0).
        var power = new Complex[n * hw];
        for (int i = 0; i < power.Length; i++) power[i] = amplitude[i] * amplitude[i];
        var cov = new double[n * n];
        Fft2D.InverseReal(power, n, n, cov);
        var folded = new Complex[size * size];
        for (int dy = -(size - 1); dy < size; dy++)
            for (int dx = -(size - 1); dx < size; dx++)
            {
                double c = cov[((dy + n) % n) * n + (dx + n) % n];
                double w = (1 - Math.Abs(dx) / (double)size) * (1 - Math.Abs(dy) / (double)size);
                folded[((dy + size) % size) * size + (dx + size) % size] += c * w;
            }
        Fft2D.Forward(folded, size, size);
        var result = new double[size * size];
        double c0 = cov[0];
        for (int i = 0; i < result.Length; i++) result[i] = Math.Max(folded[i].Real, 0) / c0;
        return result;
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
                total += p * Fft2D.ColumnMultiplicity(kx, n);
            }
        // Variance of the filtered field = sum(P) / n^2 for unit white noise; normalise to 1.
        double norm = Math.Sqrt(n * (double)n / total);
        for (int i = 0; i < amp.Length; i++) amp[i] = Math.Sqrt(amp[i]) * norm;
        return amp;
    }
}
