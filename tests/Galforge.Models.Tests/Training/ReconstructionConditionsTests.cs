using System.Text.Json.Nodes;
using Galforge.Astro.Measurement;
using Galforge.Engine;
using Galforge.Models.Flow;
using Galforge.Models.Generation;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Galforge.Nn;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Training;

public sealed class ReconstructionConditionsTests
{
    private static readonly VaeConfig TinyVae = new() { Latent = 4, Width = 4, MaxChannels = 8, Depth = 2, ResidualBlocks = 0, ApodizationPixels = 1, BatchSize = 4, Steps = 30, CheckpointEvery = 30, ValidationFraction = 0.25 };

    private static readonly FlowConfig TinyFlow = new() { Bijectors = 2, Hidden = 8, Steps = 2, CheckpointEvery = 2, BatchSize = 8 };

    // A dataset with intr_* columns (the stand-in truth: the elliptical Gaussians' own e1, e2 and
    // radius) and a trained tiny VAE.
    private static (string Data, string Vae) Setup(TempDirectory tmp)
    {
        var ds = TinyGalaxies.Make(16);
        ds.Parameters.Set("intr_e1_B1", ds.Parameters.Numbers("e1")).Set("intr_e2_B1", ds.Parameters.Numbers("e2"))
            .Set("intr_hlr_B1", ds.Parameters.Numbers("half_light_radius"), "arcsec");
        ds.Write(tmp.File("ds"));
        VaeTrainer.Train(new VaeTrainingOptions(tmp.File("ds"), tmp.File("vae"), TinyVae, 3, false, "test"));
        return (tmp.File("ds"), tmp.File("vae"));
    }

    [Fact]
    public void IntrinsicConditionsAreTheMeasurementOfEachGalaxysDecodedMeanAndOthersComeFromTheTable()
    {
        using var tmp = new TempDirectory();
        var (dataPath, vaeDir) = Setup(tmp);
        var ds = Astro.Datasets.GalaxyDataset.Read(dataPath);
        // The intrinsic column need not exist in the table: it is measured.
        var noIntrinsic = ReconstructionConditions.Measure(new ConvVae(TinyVae, ds.BandCount, ds.Height, new PhiloxGenerator(0)), new float[ds.Count * TinyVae.Latent], [1.0, 1.0], ds, ["intr_e_B0"], "test");
        Assert.Equal(ds.Count, noIntrinsic.Length);
        var vaeRun = RunFiles.ReadJson(Path.Combine(vaeDir, RunFiles.RunJson));
        var scales = vaeRun["asinh_scales"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var vae = new ConvVae(TinyVae, ds.BandCount, ds.Height, new PhiloxGenerator(0));
        new Checkpoint().Add("vae", vae).Load(Path.Combine(vaeDir, RunFiles.Best));
        var latents = FlowTrainer.EncodeMeans(vae, new VaeData(ds, scales));
        string[] names = ["intr_e1_B1", "mag", "intr_hlr_B1"];
        var table = ConditionColumns.Matrix(ds.Parameters, names, "test");
        var cond = ReconstructionConditions.Measure(vae, latents, scales, ds, names, "test");

        int n = ds.Count, px = ds.Height * ds.Height, d = vae.Latent;
        var differs = 0;
        for (var g = 0; g < n; g++)
        {
            float[] decoded;
            using (Autograd.NoGrad()) decoded = vae.Decode(Tensor.FromArray(latents.AsSpan(g * d, d).ToArray(), 1, d)).ToArray();
            var band1 = new float[px];
            for (var i = 0; i < px; i++) band1[i] = decoded[px + i] * (float)scales[1];
            var shape = IntrinsicShape.Measure(band1, ds.Height, ds.Bands[1].PixelScale, ds.Bands[1].ZeroPoint);
            // One galaxy decoded alone vs in a batch: the same up to float rounding.
            Assert.Equal(shape.E1, cond[g * 3], 1e-6);
            Assert.Equal(shape.HalfLightRadius, cond[g * 3 + 2], 1e-6);
            Assert.Equal(table[g * 3 + 1], cond[g * 3 + 1]); // mag: not intrinsic, read from the table
            if (Math.Abs(cond[g * 3] - table[g * 3]) > 1e-3) differs++;
        }
        Assert.True(differs > n / 2, $"only {differs} of {n} reconstructions measure differently from the table");
    }

    [Fact]
    public void RefusesConditionsWithNothingToMeasureOrAnUnknownBand()
    {
        using var tmp = new TempDirectory();
        var (_, vaeDir) = Setup(tmp);
        var none = Assert.Throws<BadInputException>(() => FlowTrainer.Train(new FlowTrainingOptions(vaeDir, tmp.File("f1"), ["mag", "hlr"], TinyFlow, 5, false, "test") { ConditionSource = ReconstructionConditions.Reconstruction }));
        Assert.Contains("--condition-source reconstruction", none.Message);
        var band = Assert.Throws<BadInputException>(() => FlowTrainer.Train(new FlowTrainingOptions(vaeDir, tmp.File("f2"), ["intr_e1_B7"], TinyFlow, 5, false, "test") { ConditionSource = ReconstructionConditions.Reconstruction }));
        Assert.Contains("band 'B7'", band.Message);
        var source = Assert.Throws<BadInputException>(() => FlowTrainer.Train(new FlowTrainingOptions(vaeDir, tmp.File("f3"), ["intr_e1_B1"], TinyFlow, 5, false, "test") { ConditionSource = "truth" }));
        Assert.Contains("--condition-source: 'truth'", source.Message);
    }

    [Fact]
    public void RunRecordsTheSourceAndResumeMustKeepIt()
    {
        using var tmp = new TempDirectory();
        var (_, vaeDir) = Setup(tmp);
        var o = new FlowTrainingOptions(vaeDir, tmp.File("flow"), ["intr_e1_B1", "intr_e2_B1"], TinyFlow with { Steps = 4 }, 5, false, "test")
        {
            ConditionSource = ReconstructionConditions.Reconstruction,
            StopAfterSessionSteps = 2,
        };
        FlowTrainer.Train(o);
        var run = RunFiles.ReadJson(Path.Combine(tmp.File("flow"), RunFiles.RunJson));
        Assert.Equal("reconstruction", run["condition_source"]!.GetValue<string>());
        var error = Assert.Throws<BadInputException>(() => FlowTrainer.Train(o with { Resume = true, ConditionSource = ReconstructionConditions.Dataset }));
        Assert.Contains("--condition-source reconstruction", error.Message);
        FlowTrainer.Train(o with { Resume = true, StopAfterSessionSteps = null });
        Assert.True(File.Exists(Path.Combine(tmp.File("flow"), VaeFlowGenerator.FlowFile)));
    }

    [Fact]
    public void AModelConditionedOnTheComponentsIsAlsoJudgedOnTheModulus()
    {
        using var tmp = new TempDirectory();
        var (_, vaeDir) = Setup(tmp);
        var gen = VaeFlowGenerator.Load(FlowTrainer.Train(new FlowTrainingOptions(vaeDir, tmp.File("flow"), ["intr_e1_B1", "intr_e2_B1"], TinyFlow, 5, false, "test")));

        // Stand-in generated pre-PSF images: band 1 an elliptical Gaussian with exactly the requested (e1, e2).
        const int n = 12;
        var (images, cond) = TinyGalaxies.EllipticalGaussians(n, 16, 6.25, g => (0.05 + 0.04 * g, 0.4 * g));
        var summary = new JsonObject();
        summary["intrinsic_control"] = IntrinsicControl.Measure(gen.ConditionNames, gen.Bands, null, images, gen.ImageSize, gen.PixelScale, cond, n, [25.0, 25.0]);
        var control = summary["intrinsic_control"]!;
        foreach (var key in new[] { "intr_e1_B1", "intr_e2_B1", "intr_e_B1" })
            Assert.True(control[key]!["pearson_r"]!.GetValue<double>() > 0.99, key);
        Assert.InRange(control["intr_e_B1"]!["mean_ratio"]!.GetValue<double>(), 0.97, 1.03);

        // Rotating every image by 45 degrees keeps |e| but swaps the components' roles.
        var rotated = new double[cond.Length];
        for (var g = 0; g < n; g++) { rotated[2 * g] = -cond[2 * g + 1]; rotated[2 * g + 1] = cond[2 * g]; }
        var bad = new JsonObject();
        bad["intrinsic_control"] = IntrinsicControl.Measure(gen.ConditionNames, gen.Bands, null, images, gen.ImageSize, gen.PixelScale, rotated, n, [25.0, 25.0]);
        Assert.True(bad["intrinsic_control"]!["intr_e1_B1"]!["pearson_r"]!.GetValue<double>() < 0.9);
        Assert.True(bad["intrinsic_control"]!["intr_e_B1"]!["pearson_r"]!.GetValue<double>() > 0.99);
    }
}
