using Galforge.Astro.Noise;
using Galforge.Astro.Simulation;
using Galforge.Engine;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Noise;

public class PixelVarianceTests
{
    [Fact]
    public void UnknownGainGivesTheSkyVarianceOnly()
    {
        var data = new float[16];
        Array.Fill(data, 1000f);
        var v = new float[16];
        PixelVariance.FromData(data, 4, 3.0, double.NaN, v);
        Assert.All(v, x => Assert.Equal(9f, x));
        PixelVariance.FromData(data, 4, 3.0, 0, v);
        Assert.All(v, x => Assert.Equal(9f, x));
    }

    [Fact]
    public void PoissonTermUsesTheDataSmoothedOverThreeByThree()
    {
        // A flat image: smoothing changes nothing, Var = sigma^2 + x / gain everywhere (edges too).
        var flat = new float[25];
        Array.Fill(flat, 400f);
        var v = new float[25];
        PixelVariance.FromData(flat, 5, 2.0, 4.0, v);
        Assert.All(v, x => Assert.Equal(4f + 100f, x, 1e-3f));
        // One spike of 900 at the centre of a 5 x 5 stamp: its 3 x 3 neighbourhood sees 100, the rest 0.
        var spike = new float[25];
        spike[12] = 900;
        PixelVariance.FromData(spike, 5, 2.0, 4.0, v);
        for (var y = 0; y < 5; y++)
            for (var x = 0; x < 5; x++)
            {
                var near = Math.Abs(x - 2) <= 1 && Math.Abs(y - 2) <= 1;
                Assert.Equal(near ? 4f + 25f : 4f, v[y * 5 + x], 1e-4f);
            }
        // Negative (sky-subtracted) data never lowers the variance below the sky term.
        Array.Fill(flat, -50f);
        PixelVariance.FromData(flat, 5, 2.0, 4.0, v);
        Assert.All(v, x => Assert.Equal(4f, x));
    }

    [Fact]
    public void AddedNoiseHasTheModelVariance()
    {
        const int n = 40000;
        var image = new float[n];
        Array.Fill(image, 400f);
        var normals = Tensor.RandN(new PhiloxGenerator(3), n).ToArray();
        PixelVariance.AddNoise(image, 3.0, 2.0, normals);
        double mean = image.Average(x => (double)x);
        double variance = image.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        // 9 + 400 / 2 = 209; the sample variance of 40000 draws is within 2 % (1.4 % is 2 sigma).
        Assert.InRange(variance, 209 * 0.98, 209 * 1.02);
        Assert.InRange(mean, 400 - 0.3, 400 + 0.3);
    }

    [Fact]
    public void ThePerfectModelScoresChiSquaredOneWithThePoissonTermAndNotWithoutIt()
    {
        // The same galaxies simulated with and without noise (same seed): the noise-free stamps are
        // the perfect model of the noisy ones. candels.yaml has gain 1 e-/count.
        SimulationRequest Request(bool noise) => new()
        {
            Count = 24, Survey = RepoPaths.InRepo("surveys", "candels.yaml"), Bands = ["F606W", "F160W"], StampSize = 48,
            PixelScale = 0.06, Seed = 21, Noise = noise,
            Population = "candels:" + RepoPaths.ShippedData("candels", "cosmos_3dhst.v4.1_structure_good.txt"),
        };
        var noisy = Simulate(Request(true).Build(), 24);
        var truthSim = Request(false).Build();
        var truth = Simulate(truthSim, 24);
        var settings = Request(true).Build().Settings;
        int px = 48 * 48;
        double chi2 = 0, chi2Bright = 0, chi2BrightSky = 0;
        long pixels = 0, bright = 0;
        var variance = new float[px];
        for (var g = 0; g < 24; g++)
            for (var b = 0; b < 2; b++)
            {
                var noise = settings.Bands[b].Noise;
                PixelVariance.FromData(noisy[g][b], 48, noise.SkySigma, noise.Gain, variance);
                for (var i = 0; i < px; i++)
                {
                    double r = noisy[g][b][i] - truth[g][b][i], c = r * r / variance[i];
                    chi2 += c;
                    pixels++;
                    // Pixels whose source Poisson variance exceeds the sky variance.
                    if (truth[g][b][i] / noise.Gain > noise.SkySigma * noise.SkySigma)
                    {
                        chi2Bright += c;
                        chi2BrightSky += r * r / (noise.SkySigma * noise.SkySigma);
                        bright++;
                    }
                }
            }
        Assert.True(bright > 50, $"only {bright} pixels where the source noise dominates");
        Assert.InRange(chi2 / pixels, 0.97, 1.03);
        Assert.InRange(chi2Bright / bright, 0.85, 1.15);
        // With the sky variance alone the same pixels score far above 1: the problem this fixes.
        Assert.True(chi2BrightSky / bright > 2, $"sky-only chi2 per bright pixel {chi2BrightSky / bright}");
    }

    private static float[][][] Simulate(Simulator sim, int count)
    {
        var result = new float[count][][];
        sim.Run(count, 1, g => result[g.Truth.Index] = g.Stamps.Select(s => (float[])s.Clone()).ToArray());
        return result;
    }
}
