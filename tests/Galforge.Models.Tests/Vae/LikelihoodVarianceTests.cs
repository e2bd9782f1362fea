using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Vae;
using Xunit;

namespace Galforge.Models.Tests.Vae;

public sealed class LikelihoodVarianceTests
{
    // TinyGalaxies' images taken as the truth, observed again with sky noise sigma and source
    // Poisson noise (Gaussian approximation) of the given gain; the band records `recordedGain`.
    private static (GalaxyDataset Observed, float[] Truth) Observe(double gain, double recordedGain, float sigma = 0.05f)
    {
        var truthSet = TinyGalaxies.Make(24, bands: 2, size: 16, seed: 4);
        var bands = truthSet.Bands.Select(b => b with { Gain = recordedGain }).ToArray();
        var ds = new GalaxyDataset(bands, truthSet.Count, 16, 16, truthSet.PsfHeight, truthSet.PsfWidth) { Parameters = truthSet.Parameters };
        truthSet.Psfs.CopyTo(ds.Psfs, 0);
        var eps = Tensor.RandN(new PhiloxGenerator(8), ds.Images.Length).ToArray();
        for (var i = 0; i < ds.Images.Length; i++)
        {
            var t = truthSet.Images[i];
            ds.Images[i] = t + (float)(Math.Sqrt(sigma * sigma + Math.Max(t, 0) / gain) * eps[i]);
        }
        for (var g = 0; g < ds.Count; g++)
            for (var b = 0; b < 2; b++) ds.SetNoiseSigma(g, b, sigma);
        ds.Normalization = AsinhNormalization.FromNoise(ds);
        return (ds, truthSet.Images);
    }

    private static double ChiSquaredPerPixelOfTruth(GalaxyDataset ds, float[] truth)
    {
        var data = new VaeData(ds, ds.Normalization!.Scales);
        var idx = Enumerable.Range(0, ds.Count).ToArray();
        var batch = data.Batch(idx);
        // The truth, in units of each band's asinh scale, is the perfect (already convolved) model.
        var model = new float[truth.Length];
        int px = 16 * 16;
        for (var i = 0; i < model.Length; i++) model[i] = truth[i] / (float)ds.Normalization.Scales[i / px % 2];
        var mu = Tensor.Zeros(ds.Count, 2);
        return VaeLoss.Evaluate(Tensor.Wrap(model, ds.Count, 2, 16, 16), batch, mu, Tensor.Zeros(ds.Count, 2), 1, 0).ChiSquaredPerPixel;
    }

    [Fact]
    public void PerfectModelScoresAboutOneOnlyWhenTheGainIsUsed()
    {
        // Gain 20: the galaxies' cores (a few counts) have Poisson variance far above sigma^2 = 0.0025.
        var (withGain, truth) = Observe(20, 20);
        var (skyOnly, _) = Observe(20, double.NaN);
        var chiGain = ChiSquaredPerPixelOfTruth(withGain, truth);
        var chiSky = ChiSquaredPerPixelOfTruth(skyOnly, truth);
        Assert.InRange(chiGain, 0.9, 1.1);
        Assert.True(chiSky > 3, $"sky-only chi2/pixel of the perfect model {chiSky}: the Poisson noise should dominate");
    }

    [Fact]
    public void WeightsAreTheInverseSkyPlusPoissonVariance()
    {
        var (ds, _) = Observe(20, 20);
        var data = new VaeData(ds, ds.Normalization!.Scales);
        var w = data.Batch([3]).Weights.ToArray();
        var img = ds.Image(3, 1);
        var scale = ds.Normalization.Scales[1];
        // Centre pixel (8, 8) of band 1: the 3 x 3 mean of the data around it, by hand.
        double sum = 0;
        for (var dy = -1; dy <= 1; dy++)
            for (var dx = -1; dx <= 1; dx++) sum += img[(8 + dy) * 16 + 8 + dx];
        var variance = 0.05 * 0.05 + Math.Max(sum / 9, 0) / 20;
        Assert.Equal(scale * scale / variance, w[256 + 8 * 16 + 8], 2);
        // Without a recorded gain: the sky weight everywhere.
        var (sky, _) = Observe(20, double.NaN);
        var ws = new VaeData(sky, sky.Normalization!.Scales).Batch([3]).Weights.ToArray();
        var scaleSky = sky.Normalization.Scales[1];
        Assert.Equal(scaleSky * scaleSky / (0.05 * 0.05), ws[256 + 8 * 16 + 8], 1);
        Assert.True(w[256 + 8 * 16 + 8] < 0.1 * ws[256 + 8 * 16 + 8] * (scale * scale) / (scaleSky * scaleSky));
    }
}
