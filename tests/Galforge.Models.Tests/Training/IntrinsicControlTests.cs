using System.Text.Json.Nodes;
using Galforge.Models.Flow;
using Galforge.Models.Generation;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Training;

public sealed class IntrinsicControlTests
{
    [Fact]
    public void ObservedKeysOfIntrinsicConditions()
    {
        Assert.Equal("hlr_arcsec", HeldOutEvaluation.ObservedKey("intr_hlr_F160W"));
        Assert.Equal("hlr_arcsec", HeldOutEvaluation.ObservedKey("hlr"));
        Assert.Equal("e", HeldOutEvaluation.ObservedKey("intr_e_F160W"));
        Assert.Equal("mag", HeldOutEvaluation.ObservedKey("intr_mag_r"));
        Assert.Equal("sersic_n", HeldOutEvaluation.ObservedKey("sersic_n"));
        string[] bands = ["F606W", "F160W"];
        Assert.Equal("F160W", HeldOutEvaluation.ConditionBand(["intr_mag_F160W", "intr_e_F160W", "z"], bands));
        Assert.Null(HeldOutEvaluation.ConditionBand(["intr_mag_F160W", "intr_e_F606W"], bands));
        Assert.Null(HeldOutEvaluation.ConditionBand(["mag", "hlr", "e"], bands));
        Assert.Null(HeldOutEvaluation.ConditionBand(["intr_mag_K"], bands));
    }

    [Fact]
    public void ControlIsMeasuredOnThePrePsfImageOfTheConditionsBand()
    {
        using var tmp = new TempDirectory();
        var ds = TinyGalaxies.Make(12);
        var q = ds.Parameters.Numbers("q");
        var e = q.Select(v => (1 - v) / (1 + v)).ToArray();
        ds.Parameters.Set("intr_e_B1", e).Set("intr_hlr_B1", ds.Parameters.Numbers("half_light_radius"), "arcsec");
        ds.Write(tmp.File("ds"));
        var vcfg = new VaeConfig { Latent = 4, Width = 4, MaxChannels = 8, Depth = 2, ResidualBlocks = 0, ApodizationPixels = 1, BatchSize = 4, Steps = 2, CheckpointEvery = 2, ValidationFraction = 0.25 };
        VaeTrainer.Train(new VaeTrainingOptions(tmp.File("ds"), tmp.File("vae"), vcfg, 3, false, "test"));
        var fcfg = new FlowConfig { Bijectors = 2, Hidden = 8, Steps = 2, CheckpointEvery = 2, BatchSize = 8 };
        var gen = VaeFlowGenerator.Load(FlowTrainer.Train(new FlowTrainingOptions(tmp.File("vae"), tmp.File("flow"), ["intr_e_B1", "intr_hlr_B1"], fcfg, 5, false, "test")));

        // Stand-in "generated" pre-PSF images: band 1 an elliptical Gaussian with exactly the
        // requested e (sigma 2.5 px, so moments converge), band 0 round.
        int n = 12, s = 16, px = s * s;
        var cond = new double[n * 2];
        var images = new float[n * 2 * px];
        for (var g = 0; g < n; g++)
        {
            cond[2 * g] = e[g];
            cond[2 * g + 1] = 0.2;
            double qq = q[g], phi = 0.3 * g, c = Math.Cos(phi), sn = Math.Sin(phi);
            for (var y = 0; y < s; y++)
                for (var x = 0; x < s; x++)
                {
                    double dx = x - 7.5, dy = y - 7.5, u = c * dx + sn * dy, v = -sn * dx + c * dy;
                    images[(g * 2 + 1) * px + y * s + x] = (float)Math.Exp(-0.5 * (u * u + v * v / (qq * qq)) / 6.25);
                    images[(g * 2) * px + y * s + x] = (float)Math.Exp(-0.5 * (dx * dx + dy * dy) / 6.25);
                }
        }
        var summary = new JsonObject();
        summary["intrinsic_control"] = IntrinsicControl.Measure(gen.ConditionNames, gen.Bands, null, images, gen.ImageSize, gen.PixelScale, cond, n, [25.0, 25.0]);
        var eEntry = summary["intrinsic_control"]!["intr_e_B1"]!;
        Assert.True(eEntry["pearson_r"]!.GetValue<double>() > 0.99);
        Assert.InRange(eEntry["mean_ratio"]!.GetValue<double>(), 0.97, 1.03);
        Assert.Equal(n, eEntry["count"]!.GetValue<int>());
        Assert.NotNull(summary["intrinsic_control"]!["intr_hlr_B1"]);

        // The same images in reverse order no longer follow the requests.
        var reversed = new float[images.Length];
        for (var g = 0; g < n; g++) images.AsSpan((n - 1 - g) * 2 * px, 2 * px).CopyTo(reversed.AsSpan(g * 2 * px));
        var bad = new JsonObject();
        bad["intrinsic_control"] = IntrinsicControl.Measure(gen.ConditionNames, gen.Bands, null, reversed, gen.ImageSize, gen.PixelScale, cond, n, [25.0, 25.0]);
        Assert.True(bad["intrinsic_control"]!["intr_e_B1"]!["pearson_r"]!.GetValue<double>() < 0.9);
    }

    [Fact]
    public void BareQuantityNamesAreMeasuredInTheDefaultBandWithTheModulusOfTheComponents()
    {
        // Elliptical Gaussians in band "b" (band "a" empty), requested e1, e2 exactly theirs.
        const int n = 10, s = 24;
        var (images, requested) = TinyGalaxies.EllipticalGaussians(n, s, 9, g => (0.05 + 0.04 * g, 0.37 * g));
        var control = IntrinsicControl.Measure(["e1", "e2"], ["a", "b"], "b", images, s, 0.1, requested, n, [25.0, 25.0]);
        Assert.Equal(["e1", "e2", "e"], control.Select(p => p.Key).ToArray());
        foreach (var (_, entry) in control) Assert.True(entry!["pearson_r"]!.GetValue<double>() > 0.99);
        Assert.InRange(control["e"]!["mean_ratio"]!.GetValue<double>(), 0.97, 1.03);
        // Without a default band bare names are not quantities of any band.
        Assert.Empty(IntrinsicControl.Measure(["e1", "e2"], ["a", "b"], null, images, s, 0.1, requested, n, [25.0, 25.0]));
    }
}
