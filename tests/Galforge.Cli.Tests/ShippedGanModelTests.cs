using Galforge.Astro.Fits;
using Galforge.Models.Gan;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

/// <summary>The shipped progressive GANs (models/progressive-gan-sim64, -class-sim64, -kids-gri) load and generate through the CLI.</summary>
public sealed class ShippedGanModelTests
{
    private static string Model => RepoPaths.InRepo("models", "progressive-gan-sim64");

    [Fact]
    public void ShippedModelIsAConditionalFourBandModelAtFullSize()
    {
        var g = ProgressiveGanGenerator.Load(Model);
        Assert.Equal(["F606W", "F814W", "F125W", "F160W"], g.Bands);
        Assert.Equal(64, g.ImageSize);
        Assert.Equal(["intr_mag_F160W", "intr_hlr_F160W", "intr_e1_F160W", "intr_e2_F160W"], g.ConditionNames);
        Assert.Equal([1.0, 1.0, 1.0, 1.0], g.Info.NoiseGains!);   // sky and source Poisson noise observed
        Assert.Equal((4, 1f), (g.Stage, g.Alpha));               // trained through the 64x64 stage
        Assert.Equal(4, g.Info.NoiseSigmas!.Length);
        Assert.True(new FileInfo(Path.Combine(Model, "checkpoint.safetensors")).Length < 20_000_000);
    }

    [Fact]
    public void GeneratesFromASimulatedTruthTable()
    {
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        var (code, _, error) = CliRunner.Run("simulate", "--n", "6", "--survey", "candels", "--size", "64", "--seed", "3", "--threads", "1", "--intrinsic", "--out", sim);
        Assert.True(code == 0, error);
        var output = dir.File("gen.fits");
        (code, var stdout, error) = CliRunner.Run("generate", "--model", Model, "--from-dataset", sim, "--n", "6", "--seed", "4", "--out", output);
        Assert.True(code == 0, error);
        Assert.True(File.Exists(output), stdout);
        var cube = FitsFile.ReadFitsImage(output, 1);
        Assert.Equal([64, 64, 6], cube.Axes);
        foreach (var v in cube.Singles!) Assert.True(float.IsFinite(v));
        (code, stdout, error) = CliRunner.Run("bench", "generate", "--model", Model, "--n", "4", "--repeats", "1");
        Assert.True(code == 0, error);
        Assert.Contains("progressive-gan, 4 bands x 64x64 px", stdout);

        // Only |e| requested: each galaxy gets a seeded orientation, recorded in the truth table.
        var csv = dir.File("e.csv");
        File.WriteAllText(csv, "intr_mag_F160W,intr_hlr_F160W,intr_e_F160W\n23.5,0.3,0.4\n24.0,0.2,0.1\n");
        (code, _, error) = CliRunner.Run("generate", "--model", Model, "--conditions", csv, "--seed", "5", "--out", dir.File("e.fits"));
        Assert.True(code == 0, error);
        var truth = FitsFile.ReadTable(dir.File("e.fits"), 5);
        double e1 = truth.GetDouble("intr_e1_F160W", 0), e2 = truth.GetDouble("intr_e2_F160W", 0), pa = truth.GetDouble("intr_pa_F160W", 0) * Math.PI / 180;
        Assert.Equal(0.4, Math.Sqrt(e1 * e1 + e2 * e2), 6);
        Assert.Equal(0.4 * Math.Cos(2 * pa), e1, 6);
    }

    [Fact]
    public void ClassConditionalModelTakesItsClassesFromTheBinnedColumn()
    {
        var model = RepoPaths.InRepo("models", "progressive-gan-class-sim64");
        var g = ProgressiveGanGenerator.Load(model);
        Assert.Equal(["class"], g.ConditionNames);
        Assert.Equal("bulge_to_total", g.Info.Condition!.Column);
        Assert.True(new FileInfo(Path.Combine(model, "checkpoint.safetensors")).Length < 20_000_000);
        using var dir = new TempDirectory();
        var sim = dir.File("sim");
        Assert.Equal(0, CliRunner.Run("simulate", "--n", "8", "--survey", "candels", "--size", "64", "--seed", "5", "--threads", "1", "--out", sim).Code);
        var output = dir.File("gen.fits");
        var (code, _, error) = CliRunner.Run("generate", "--model", model, "--from-dataset", sim, "--seed", "4", "--out", output);
        Assert.True(code == 0, error);
        var table = FitsFile.ReadTable(output, 5);
        for (var i = 0; i < 8; i++)
            Assert.Equal(table.GetDouble("bulge_to_total", i) >= 0.5 ? 1.0 : 0.0, table.GetDouble("class", i));
        // A table without the column or a class is refused with the column named.
        var csv = dir.File("bad.csv");
        File.WriteAllText(csv, "mag\n24\n");
        (code, _, error) = CliRunner.Run("generate", "--model", model, "--conditions", csv, "--out", dir.File("bad.fits"));
        Assert.Equal(2, code);
        Assert.Contains("'class'", error);
    }

    [Fact]
    public void KidsModelGeneratesReproducibleGriStampsWithoutConditions()
    {
        var model = RepoPaths.InRepo("models", "progressive-gan-kids-gri");
        var g = ProgressiveGanGenerator.Load(model);
        Assert.Empty(g.ConditionNames);
        Assert.Equal((4, 1f), (g.Stage, g.Alpha));
        Assert.Equal(0.339, g.PixelScale, 6);
        Assert.True(new FileInfo(Path.Combine(model, "checkpoint.safetensors")).Length < 20_000_000);
        using var dir = new TempDirectory();
        string[] outputs = [dir.File("a.fits"), dir.File("b.fits"), dir.File("c.fits")];
        int[] seeds = [1, 1, 2];
        for (var k = 0; k < 3; k++)
        {
            var (code, stdout, error) = CliRunner.Run("generate", "--model", model, "--n", "4", "--seed", seeds[k].ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", outputs[k]);
            Assert.True(code == 0, error);
            Assert.True(File.Exists(Path.ChangeExtension(outputs[k], ".png")), stdout);
        }
        string[] bands = ["g", "r", "i"];
        for (var b = 0; b < 3; b++)
        {
            var a = FitsFile.ReadFitsImage(outputs[0], b + 1);
            Assert.Equal(bands[b], a.Header.GetString("BAND"));
            Assert.Equal([64, 64, 4], a.Axes);
            foreach (var v in a.Singles!) Assert.True(float.IsFinite(v));
            Assert.Equal(a.Singles, FitsFile.ReadFitsImage(outputs[1], b + 1).Singles);        // same seed, same galaxies
            Assert.NotEqual(a.Singles, FitsFile.ReadFitsImage(outputs[2], b + 1).Singles);     // another seed, others
        }
    }
}
