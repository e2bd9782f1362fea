using System.Globalization;

namespace Galforge.Astro.Noise;

/// <summary>
/// The noise of one band, for sky-subtracted images in counts (ADU): Poisson noise of the source
/// in electrons (counts x gain), plus Gaussian sky-and-read noise of standard deviation
/// <see cref="SkySigma"/> counts per pixel, optionally spatially correlated with a given
/// correlation function. Gain 0 turns the source Poisson noise off.
/// </summary>
/// <param name="SkySigma">Standard deviation of the sky (and read) noise, counts per pixel, &gt;= 0.</param>
/// <param name="Gain">Electrons per count, &gt;= 0 (0: no source Poisson noise).</param>
/// <param name="Correlated">Optional correlation of the sky noise (its variance is still SkySigma^2).</param>
public sealed record BandNoise(double SkySigma, double Gain, CorrelatedNoise? Correlated = null)
{
    /// <summary>No noise.</summary>
    public static BandNoise None { get; } = new(0, 0);

    /// <summary>Throws <see cref="BadInputException"/> on a negative or non-finite level.</summary>
    public BandNoise Validated(string band)
    {
        if (!(SkySigma >= 0) || double.IsInfinity(SkySigma)) throw new BadInputException($"band {band}: sky_sigma = {SkySigma}: must be >= 0");
        if (!(Gain >= 0) || double.IsInfinity(Gain)) throw new BadInputException($"band {band}: gain = {Gain}: must be >= 0");
        return this;
    }

    /// <summary>Adds noise to a noise-free stamp (square, side <paramref name="size"/>, <paramref name="pixelScale"/> arcsec/px).</summary>
    public void Apply(Span<float> stamp, int size, double pixelScale, CounterRandom random)
    {
        if (Gain > 0)
        {
            for (int i = 0; i < stamp.Length; i++)
            {
                double electrons = Math.Max(stamp[i], 0) * Gain;
                stamp[i] += (float)((random.NextPoisson(electrons) - electrons) / Gain);
            }
        }
        if (SkySigma > 0)
        {
            if (Correlated is not null)
                Correlated.Add(stamp, size, SkySigma, random, pixelScale);
            else
                for (int i = 0; i < stamp.Length; i++) stamp[i] += (float)(SkySigma * random.NextGaussian());
        }
    }

    /// <summary>A one-line description for metadata.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"sky_sigma={SkySigma} counts, gain={Gain} e-/count{(Correlated is null ? "" : ", correlated: " + Correlated.Source)}");
}
