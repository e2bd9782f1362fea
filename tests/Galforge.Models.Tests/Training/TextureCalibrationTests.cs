using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Xunit;

namespace Galforge.Models.Tests.Training;

public sealed class TextureCalibrationTests
{
    private const int Size = 32;

    // Separable [1, 2, 1]/4 blur: a stand-in PSF, so the fit must see its textures through it.
    private static float[] Blur(float[] images)
    {
        var output = new float[images.Length];
        var tmp = new float[Size * Size];
        for (var o = 0; o < images.Length; o += Size * Size)
        {
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                    tmp[y * Size + x] = 0.25f * images[o + y * Size + Math.Max(0, x - 1)] + 0.5f * images[o + y * Size + x] + 0.25f * images[o + y * Size + Math.Min(Size - 1, x + 1)];
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                    output[o + y * Size + x] = 0.25f * tmp[Math.Max(0, y - 1) * Size + x] + 0.5f * tmp[y * Size + x] + 0.25f * tmp[Math.Min(Size - 1, y + 1) * Size + x];
        }
        return output;
    }

    [Theory]
    [InlineData(1.0, 0.3, 0.12, 1.0)]
    [InlineData(0.5, 0.2, 0.0, 1.0)]
    [InlineData(0.75, 0.25, 0.1, 1.0)]
    [InlineData(0.75, 0.15, 0.08, 3.0)]
    public void RecoversTheLengthAndAmplitudesOfAKnownTexture(double length, double s0, double s1, double faintFactor)
    {
        // Smooth "decoder means" (elliptical Gaussians); the observed galaxies are the same means
        // with a known texture, blurred, plus sky noise (sigma 1) and Poisson noise (gain 2).
        const int n = 200, bands = 2, px = Size * Size;
        var ds = new GalaxyDataset([new DatasetBand("g", 0.1, 25), new DatasetBand("r", 0.1, 25, Gain: 2)], n, Size, Size, 5, 5);
        var rng = new PhiloxGenerator(3);
        var means = new float[n * bands * px];
        for (var g = 0; g < n; g++)
        {
            double peak = 400 + 2000 * rng.NextUniform(), a = 2 + 3 * rng.NextUniform(), axisRatio = 0.4 + 0.6 * rng.NextUniform(), c = (Size - 1) / 2.0;
            for (var b = 0; b < bands; b++)
            {
                for (var y = 0; y < Size; y++)
                    for (var x = 0; x < Size; x++)
                        means[(g * bands + b) * px + y * Size + x] = (float)(peak * Math.Exp(-0.5 * ((x - c) * (x - c) / (a * a) + (y - c) * (y - c) / (a * a * axisRatio * axisRatio))));
                ds.SetNoiseSigma(g, b, 1f);
            }
        }
        // Bright, middle and faint bins: the middle at the bright amplitude, the faint one faintFactor times it.
        double[] Bins(double a) => [a, a, a * faintFactor];
        var truth = new DecoderTexture(length, [Bins(s0), Bins(s1)]);
        var textured = means.ToArray();
        for (var g = 0; g < n; g++) truth.Apply(textured.AsSpan(g * bands * px, bands * px), Size, rng);
        var observed = Blur(textured);
        for (var g = 0; g < n; g++)
            for (var b = 0; b < bands; b++)
            {
                var img = ds.Image(g, b);
                var o = (g * bands + b) * px;
                for (var p = 0; p < px; p++)
                {
                    var variance = 1.0 + (b == 1 ? Math.Max(observed[o + p], 0) / 2.0 : 0);
                    img[p] = (float)(observed[o + p] + Math.Sqrt(variance) * rng.NextNormal());
                }
            }

        var fit = TextureCalibration.Fit(means, ds, Blur, seed: 5);


        Assert.Equal(length, fit.CorrelationLengthPixels);
        for (var bin = 0; bin < DecoderTexture.BrightnessBins; bin++)
        {
            double want0 = Bins(s0)[bin], want1 = Bins(s1)[bin], got0 = fit.Amplitudes[0][bin], got1 = fit.Amplitudes[1][bin];
            Assert.True(Math.Abs(got0 - want0) <= 0.12 * want0, $"band 0 bin {bin}: amplitude {got0:F3}, truth {want0:F3}");
            if (s1 > 0) Assert.True(Math.Abs(got1 - want1) <= 0.12 * want1 + 0.02, $"band 1 bin {bin}: amplitude {got1:F3}, truth {want1:F3}");
            else Assert.True(got1 <= 0.08, $"band 1 bin {bin}: amplitude {got1:F3} where only noise is left"); // s² of the excess estimate's own scatter
        }
    }
}
