using Galforge.Astro.Simulation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Simulation;

public class SimulatorTests
{
    private static SimulationRequest Request(int count) => new()
    {
        Count = count, Survey = RepoPaths.InRepo("surveys", "candels.yaml"), Bands = ["F606W", "F160W"], StampSize = 32,
        PixelScale = 0.06, Psf = "moffat:fwhm=0.12,beta=3", G1 = 0.02, Seed = 5,
        Population = "candels:" + RepoPaths.ShippedData("candels", "cosmos_3dhst.v4.1_structure_good.txt"),
    };

    private static float[][][] Run(Simulator sim, int count, int threads)
    {
        var result = new float[count][][];
        sim.Run(count, threads, g => result[g.Truth.Index] = g.Stamps.Select(s => (float[])s.Clone()).ToArray());
        return result;
    }

    [Fact]
    public void OutputDependsOnlyOnSeedAndIndexNotOnThreads()
    {
        var sim = Request(12).Build();
        var one = Run(sim, 12, 1);
        var two = Run(sim, 12, 2);
        for (int i = 0; i < 12; i++)
            for (int b = 0; b < 2; b++)
                Assert.Equal(one[i][b], two[i][b]);
        // A different seed gives different galaxies.
        var other = Run((Request(12) with { Seed = 6 }).Build(), 12, 2);
        Assert.NotEqual(one[0][0], other[0][0]);
    }

    [Fact]
    public void NoiseFreeStampsCarryTheTruthFlux()
    {
        var sim = (Request(6) with { Noise = false, StampSize = 96 }).Build();
        sim.Run(6, 1, g =>
        {
            for (int b = 0; b < 2; b++)
            {
                double expected = 0;
                foreach (var c in g.Truth.Model.Components) expected += c.BandFlux[b] + (c.ArmBandFlux?[b] ?? 0);
                expected *= g.Truth.Lens.Magnification;
                double sum = 0;
                foreach (var v in g.Stamps[b]) sum += v;
                // Large CANDELS galaxies spill off a 96-pixel stamp; compact ones must match to 0.5%.
                if (g.Truth.Parameters.HalfLightRadius < 0.3 && g.Truth.Parameters.SersicIndex < 2.5)
                    Assert.InRange(sum / expected, 0.995, 1.005);
                Assert.True(sum <= expected * 1.005);
            }
        });
    }

    [Fact]
    public void ColourModelKeepsTheReferenceMagnitudeAndMakesRedBulges()
    {
        var bands = (Request(1)).Build().Settings.Bands;
        var p = new GalaxyParameters("test", 22.0, GalaxyParameters.F160WWavelength, 0.5, 2.5, 0.6, 30, 1.0, -9);
        var (model, truth) = ColourModel.Build(p, bands, 0.06, new Galforge.Astro.Noise.CounterRandom(1, 2, 3));
        double f160 = 0;
        foreach (var c in model.Components) f160 += c.BandFlux[1] + (c.ArmBandFlux?[1] ?? 0);
        Assert.Equal(22.0, Photometry.MagnitudeFromFlux(f160, bands[1].ZeroPoint), 9);
        var bulge = model.Components.First(c => c.Name == "bulge");
        var disk = model.Components.First(c => c.Name == "disk");
        double bulgeColour = -2.5 * Math.Log10(bulge.BandFlux[0] / bulge.BandFlux[1]) - (bands[0].ZeroPoint - bands[1].ZeroPoint);
        double diskColour = -2.5 * Math.Log10(disk.BandFlux[0] / disk.BandFlux[1]) - (bands[0].ZeroPoint - bands[1].ZeroPoint);
        Assert.True(bulgeColour > diskColour + 0.5, $"F606W-F160W bulge {bulgeColour:F2}, disk {diskColour:F2}");
        Assert.Equal(0.5, truth.BulgeToTotal, 12);
    }

    [SkippableFact]
    public void ShippedCandelsSubsetIsTheGoodFitsOfTheRelease()
    {
        var subset = Galforge.Astro.Catalogs.CandelsStructuralCatalog.ReadSubset(RepoPaths.ShippedData("candels", "cosmos_3dhst.v4.1_structure_good.txt"));
        Assert.Equal(19249, subset.Count);
        Assert.All(subset, g => Assert.True(g.HalfLightRadius > 0 && g.AxisRatio > 0 && g.AxisRatio <= 1));
        var population = new CandelsPopulation(subset, "subset");
        Assert.InRange(population.Count, 17000, 19249);
        var release = RepoPaths.SharedData("candels-structure");
        Skip.IfNot(Directory.Exists(release), "the original 3D-HST release files are not on this machine");
        var full = Galforge.Astro.Catalogs.CandelsStructuralCatalog.ReadRelease($"{release}/cosmos_3dhst.v4.1_f160w.galfit",
            $"{release}/cosmos_3dhst.v4.1_f125w.galfit", $"{release}/cosmos_3dhst.v4.1.fout");
        Assert.Equal(subset, full);
    }
}
