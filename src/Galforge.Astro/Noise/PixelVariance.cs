namespace Galforge.Astro.Noise;

/// <summary>
/// Per-pixel noise variance of a sky-subtracted image with source Poisson noise (the model of
/// <see cref="BandNoise"/>): Var = sigma^2 + max(x, 0) / gain, sigma the sky-and-read noise and
/// x the true (noise-free) pixel value, both in image units, gain in electrons per image unit.
/// When only noisy data are at hand, x is estimated from the data smoothed over 3 x 3 pixels:
/// using the raw pixel would give upward fluctuations less weight than downward ones (a bias
/// towards faint models); smoothing cuts the noise of the estimate by a factor 3.
/// </summary>
public static class PixelVariance
{
    /// <summary>
    /// Writes the variance of each pixel of the <paramref name="size"/> x <paramref name="size"/>
    /// (square, row-major) image <paramref name="data"/> into <paramref name="variance"/>:
    /// sigma^2 + max(smooth(data), 0) / gain, the 3 x 3 mean being taken over the pixels inside
    /// the stamp. A gain that is NaN, infinite or not positive means no source Poisson term.
    /// </summary>
    /// <param name="data">Observed pixels, image units.</param>
    /// <param name="size">Side of the square image, pixels.</param>
    /// <param name="sigma">Sky-and-read noise sigma, image units.</param>
    /// <param name="gain">Electrons per image unit (NaN: unknown, sky variance only).</param>
    /// <param name="variance">Output, image units squared, same length as <paramref name="data"/>.</param>
    public static void FromData(ReadOnlySpan<float> data, int size, double sigma, double gain, Span<float> variance)
    {
        if (data.Length != size * size || variance.Length != data.Length)
            throw new ArgumentException($"expected {size} x {size} pixels in and out, got {data.Length} and {variance.Length}");
        var sky = (float)(sigma * sigma);
        if (!(gain > 0) || !double.IsFinite(gain))
        {
            variance.Fill(sky);
            return;
        }
        var invGain = 1.0 / gain;
        for (var y = 0; y < size; y++)
        {
            int y0 = Math.Max(0, y - 1), y1 = Math.Min(size - 1, y + 1);
            for (var x = 0; x < size; x++)
            {
                int x0 = Math.Max(0, x - 1), x1 = Math.Min(size - 1, x + 1);
                double sum = 0;
                for (var yy = y0; yy <= y1; yy++)
                    for (var xx = x0; xx <= x1; xx++) sum += data[yy * size + xx];
                var mean = sum / ((y1 - y0 + 1) * (x1 - x0 + 1));
                variance[y * size + x] = (float)(sky + Math.Max(mean, 0) * invGain);
            }
        }
    }

    /// <summary>
    /// Adds noise of this model to a noise-free image in place, in the Gaussian approximation of
    /// the Poisson term (exact in variance; fine above a few electrons per pixel, which is where
    /// the term matters): x += sqrt(sigma^2 + max(x, 0) / gain) * eps, eps from <paramref name="normals"/>.
    /// </summary>
    /// <param name="image">Noise-free pixels, image units; noisy on return.</param>
    /// <param name="sigma">Sky-and-read noise sigma, image units (non-finite: 0).</param>
    /// <param name="gain">Electrons per image unit (NaN: no source Poisson term).</param>
    /// <param name="normals">Standard normal draws, one per pixel.</param>
    public static void AddNoise(Span<float> image, double sigma, double gain, ReadOnlySpan<float> normals)
    {
        if (normals.Length < image.Length) throw new ArgumentException("one normal draw per pixel expected", nameof(normals));
        var sky = double.IsFinite(sigma) ? sigma * sigma : 0;
        var invGain = gain > 0 && double.IsFinite(gain) ? 1.0 / gain : 0;
        for (var i = 0; i < image.Length; i++)
            image[i] += (float)(Math.Sqrt(sky + Math.Max(image[i], 0) * invGain) * normals[i]);
    }
}
