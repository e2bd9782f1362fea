using Galforge.Astro.Fidelity;
using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Galforge.Astro.Tests.Measurement;
using Xunit;

namespace Galforge.Astro.Tests.Fidelity;

public class FidelityEvaluatorTests
{
    // Two-band Gaussian galaxies with random size, flux and shape; sizeScale enlarges them.
    internal static GalaxySet MakeSet(string name, int count, int seed, double sizeScale = 1.0, double colourShift = 0)
    {
        var rng = new Random(seed);
        var galaxies = new List<GalaxySample>();
        for (int i = 0; i < count; i++)
        {
            double sigma = (1.5 + 1.5 * rng.NextDouble()) * sizeScale, q = 0.5 + 0.5 * rng.NextDouble(), theta = Math.PI * rng.NextDouble();
            double flux = 500 + 1500 * rng.NextDouble();
            var g = ProfileRenderer.Render(32, 15.5 + rng.NextDouble(), 15.5 + rng.NextDouble(), q, theta, ProfileRenderer.Gaussian(sigma), sub: 4, flux: flux);
            var r = ProfileRenderer.Render(32, 16, 16, q, theta, ProfileRenderer.Gaussian(sigma), sub: 4, flux: flux * 1.5 * Math.Pow(10, 0.4 * colourShift));
            ProfileRenderer.AddNoise(g, 1.0, seed * 1000 + 2 * i);
            ProfileRenderer.AddNoise(r, 1.0, seed * 1000 + 2 * i + 1);
            double mag = 25 - 2.5 * Math.Log10(flux);
            galaxies.Add(new GalaxySample([g, r], new Dictionary<string, double> { ["mag"] = mag }));
        }
        return new GalaxySet(name, ["g", "r"], galaxies);
    }

    [Fact]
    public void ShiftedPopulationStandsOutAgainstTheBaseline()
    {
        var opts = new FidelityOptions { Measurement = new MeasurementOptions { ZeroPoint = 25 } };
        var real = MakeSet("real", 16, 1);
        var same = FidelityEvaluator.Evaluate(real, MakeSet("same", 16, 2), opts);
        var bigger = FidelityEvaluator.Evaluate(real, MakeSet("bigger", 16, 3, sizeScale: 1.6, colourShift: 0.5), opts);
        double Ratio(FidelityResult r, string key) => r.Statistics.Single(s => s.Statistic == key && s.Band == "g").WassersteinRatio;
        Assert.True(Ratio(bigger, "rhalf_circ") > 3 * Ratio(same, "rhalf_circ"),
            $"size W1 ratio: shifted {Ratio(bigger, "rhalf_circ")} vs same {Ratio(same, "rhalf_circ")}");
        Assert.True(bigger.Frechet[0].Distance > same.Frechet[0].Distance);
        // Colour g-r differs by 0.5 mag only in the shifted set.
        var cSame = same.Colours.Single();
        var cBig = bigger.Colours.Single();
        Assert.Equal("g-r", cBig.Statistic);
        Assert.InRange(cBig.Wasserstein, 0.35, 0.65);
        Assert.True(cSame.Wasserstein < 0.15, $"same-population colour W1 {cSame.Wasserstein}");
        // Power spectra of bigger galaxies fall off faster.
        var ps = bigger.PowerSpectra[0];
        Assert.True(ps.LogDistance > ps.BaselineLogDistance);
        Assert.True(ps.LogDistance2D > ps.BaselineLogDistance2D);
        Assert.Equal(32 * 32, ps.Real2D.Length);
        Assert.Equal(1.0, ps.Real2D[16 * 32 + 16], 1e-9); // zero frequency of flux-normalised stamps
        // The ring average of the mean 2-D spectrum is the azimuthal spectrum.
        Assert.Equal(PowerSpectrum.Azimuthal(ps.Generated2D, 32, 32), ps.Generated);
        // Conditional control on the requested magnitude: measured = requested, small scatter.
        var mag = same.Conditional.Single(c => c.Parameter == "mag");
        Assert.True(Math.Abs(mag.Bias) < 0.05, $"mag bias {mag.Bias}");
        Assert.True(mag.Pearson > 0.95, $"mag r {mag.Pearson}");
        Assert.Equal(8, same.BaselineHalfA.Length);
        // The real set carries the parameter too: its own control, measured the same way.
        var realMag = same.RealConditional.Single(c => c.Parameter == "mag");
        Assert.Equal(16, realMag.Requested.Length);
        Assert.Equal(real.Galaxies.Select(g => g.Parameters["mag"]).ToArray(), realMag.Requested);
        Assert.True(realMag.Pearson > 0.95, $"real mag r {realMag.Pearson}");
        Assert.NotEqual(mag.Measured, realMag.Measured);
        // Control in the second band: r is 1.5x brighter (0.44 mag) than the requested g magnitude.
        var inR = FidelityEvaluator.Evaluate(real, MakeSet("same", 16, 2), opts with { ConditionalBand = "r" });
        var magR = inR.Conditional.Single(c => c.Parameter == "mag");
        Assert.Equal("r", magR.Band);
        Assert.InRange(magR.Bias, -2.5 * Math.Log10(1.5) - 0.1, -2.5 * Math.Log10(1.5) + 0.1);
        Assert.Throws<BadInputException>(() => FidelityEvaluator.Evaluate(real, real, opts with { ConditionalBand = "K" }));
    }

    [Fact]
    public void BaselineSplitIsSeeded()
    {
        var real = MakeSet("real", 6, 4);
        var gen = MakeSet("gen", 3, 5);
        var a = FidelityEvaluator.Evaluate(real, gen, new FidelityOptions { Seed = 1 });
        var b = FidelityEvaluator.Evaluate(real, gen, new FidelityOptions { Seed = 1 });
        Assert.Equal(a.BaselineHalfA, b.BaselineHalfA);
        Assert.Equal(a.Statistics[0].BaselineWasserstein, b.Statistics[0].BaselineWasserstein);
    }
}
