using Galforge.Astro.Datasets;
using Galforge.Models.Gan;
using Galforge.Models.Generation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Gan;

/// <summary>The GAN benchmark runs end to end on a tiny run; generation adds the observed noise.</summary>
public sealed class EvaluationTests
{
    [Fact]
    public void BenchmarkOfAConditionalRunReportsEveryIssueMetric()
    {
        using var dir = new TempDirectory();
        var training = GanTestData.Blobs(24, 2, 16, 31);
        var config = GanTestData.Tiny("params", phase: 8);
        config.Channels = [8, 6, 4];
        config.ObserveNoise = true;
        var model = GanTestData.TrainedGenerator(dir, training, config, 2, 3);
        Assert.Equal(0.05, model.Info.NoiseSigmas![1], 6);
        var heldOut = GanTestData.Blobs(16, 2, 16, 32);
        var (result, summary) = GanEvaluation.Run(model, heldOut, training, 5);
        Assert.Equal(16, summary["heldout_galaxies"]!.GetValue<int>());
        Assert.Equal(16, result.Generated.Galaxies.Count);
        // Requested parameters are the held-out truth, galaxy by galaxy.
        Assert.Equal(heldOut.Parameters.Numbers("mag")[3], result.Generated.Galaxies[3].Parameters["mag"]);
        var swd = summary["sliced_wasserstein_x1e3"]!.AsArray();
        Assert.Single(swd);                                   // 16 px: the low-pass level only
        Assert.True(swd[0]!["real_vs_real"]!.GetValue<double>() > 0);
        // Averaged over half splits: the ratio of the means lies within the splits' own ratios.
        Assert.Equal(GanEvaluation.SwdSplits, swd[0]!["splits"]!.GetValue<int>());
        var ratio = swd[0]!["ratio"]!.GetValue<double>();
        Assert.InRange(ratio, swd[0]!["ratio_min_over_splits"]!.GetValue<double>() - 1e-4, swd[0]!["ratio_max_over_splits"]!.GetValue<double>() + 1e-4);
        var div = summary["diversity_rms_arcsinh"]!.AsObject();
        Assert.InRange(div["near_copies"]!.GetValue<int>(), 0, 16);
        Assert.True(div["heldout_to_training_median"]!.GetValue<double>() > 0);
        // The core check: the central 2x2 px of these 16 px stamps, unbinned; its copy threshold
        // is the 1st percentile of the same held-out -> training distances whose median it reports.
        var coreDiv = summary["diversity_core_rms_arcsinh"]!.AsObject();
        Assert.Equal("central 2x2 of each stamp, all bands", coreDiv["pixels"]!.GetValue<string>());
        Assert.InRange(coreDiv["copy_threshold"]!.GetValue<double>(), 0, coreDiv["heldout_to_training_median"]!.GetValue<double>());
        Assert.NotEqual(coreDiv["heldout_to_training_median"]!.GetValue<double>(), div["heldout_to_training_median"]!.GetValue<double>());
        var pearson = summary["pearson_requested_vs_measured"]!.AsObject();
        Assert.Equal(["mag", "hlr", "e"], pearson.Select(p => p.Key).ToArray());
        Assert.Equal("mag[r]", pearson["mag"]!["measured"]!.GetValue<string>());   // the last band by default
        // The blobs' "mag" is from their peak, not their total flux: only check a correlation came out.
        Assert.InRange(pearson["mag"]!["heldout_truth_vs_measured"]!.GetValue<double>(), -1, 1);
        // A run that observed noise is also judged on its noise-free output.
        var clean = summary["noise_free_control"]!.AsObject();
        Assert.Equal(["mag", "hlr", "e"], clean.Select(p => p.Key).ToArray());
        Assert.InRange(pearson["hlr"]!["pairs"]!.GetValue<int>(), 1, 16);
        // Blob width sets hlr directly, so the held-out median split of hlr is mostly recovered.
        Assert.InRange(pearson["hlr"]!["median_bin_accuracy_heldout"]!.GetValue<double>(), 0.75, 1);
        Assert.InRange(pearson["hlr"]!["median_bin_accuracy_generated"]!.GetValue<double>(), 0, 1);
        Assert.Contains("mag[r]", summary["wasserstein_over_baseline"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void BenchmarkOfAnE1E2RunControlsTheComponentsAndTheirModulus()
    {
        // Elongated Gaussians with e1, e2 truth: control is reported for e1 (vs hsm_e1), e2 (vs
        // hsm_e2) and the requested |e| = hypot(e1, e2) (vs hsm_e); the held-out ceiling pairs
        // each truth component with its own measurement, so it correlates strongly.
        using var dir = new TempDirectory();
        var training = TinyGalaxies.Make(24, 2, 16, 41);
        var config = GanTestData.Tiny("params", phase: 8);
        config.Channels = [8, 6, 4];
        config.ParamColumns = ["mag", "e1", "e2"];
        var model = GanTestData.TrainedGenerator(dir, training, config, 2, 2);
        var heldOut = TinyGalaxies.Make(40, 2, 16, 42);
        var (result, summary) = GanEvaluation.Run(model, heldOut, training, 5);
        double e1 = heldOut.Parameters.Numbers("e1")[3], e2 = heldOut.Parameters.Numbers("e2")[3];
        Assert.Equal(Math.Sqrt(e1 * e1 + e2 * e2), result.Generated.Galaxies[3].Parameters["e"], 12);
        var pearson = summary["pearson_requested_vs_measured"]!.AsObject();
        Assert.Equal(["mag", "e", "e1", "e2"], pearson.Select(p => p.Key).ToArray());
        Assert.Equal("hsm_e1[B1]", pearson["e1"]!["measured"]!.GetValue<string>());
        Assert.Equal("hsm_e[B1]", pearson["e"]!["measured"]!.GetValue<string>());
        Assert.True(pearson["e1"]!["heldout_truth_vs_measured"]!.GetValue<double>() > 0.7, pearson["e1"]!.ToJsonString());
        Assert.True(pearson["e2"]!["heldout_truth_vs_measured"]!.GetValue<double>() > 0.7, pearson["e2"]!.ToJsonString());
        Assert.True(pearson["e"]!["heldout_truth_vs_measured"]!.GetValue<double>() > 0.5, pearson["e"]!.ToJsonString());
    }

    [Fact]
    public void BenchmarkOfARunOnIntrinsicConditionsMeasuresTheirBandAndQuantities()
    {
        // intr_mag_g, intr_hlr_g: the control is measured in g (not the last band, r) and named by quantity.
        GalaxyDataset WithIntrinsic(GalaxyDataset d)
        {
            d.Parameters.Set("intr_mag_g", d.Parameters.Numbers("mag").ToArray(), "mag").Set("intr_hlr_g", d.Parameters.Numbers("half_light_radius").ToArray(), "arcsec");
            return d;
        }
        using var dir = new TempDirectory();
        var training = WithIntrinsic(GanTestData.Blobs(24, 2, 16, 31));
        var config = GanTestData.Tiny("params", phase: 8);
        config.Channels = [8, 6, 4];
        config.ParamColumns = ["intr_mag_g", "intr_hlr_g"];
        config.ObserveNoise = true;
        var model = GanTestData.TrainedGenerator(dir, training, config, 2, 2);
        var (_, summary) = GanEvaluation.Run(model, WithIntrinsic(GanTestData.Blobs(16, 2, 16, 32)), training, 5);
        var pearson = summary["pearson_requested_vs_measured"]!.AsObject();
        Assert.Equal(["mag", "hlr"], pearson.Select(p => p.Key).ToArray());
        Assert.Equal("mag[g]", pearson["mag"]!["measured"]!.GetValue<string>());
        Assert.Equal(["mag", "hlr"], summary["noise_free_control"]!.AsObject().Select(p => p.Key).ToArray());
    }

    [Fact]
    public void BenchmarkOfAClassRunScoresAnIndependentClassifierOnHeldOutAndGeneratedGalaxies()
    {
        using var dir = new TempDirectory();
        var training = GanTestData.Blobs(40, 2, 16, 33);
        var config = GanTestData.Tiny("class", phase: 8);   // sersic_n binned at 2: narrow vs wide blobs
        config.Channels = [8, 6, 4];
        var model = GanTestData.TrainedGenerator(dir, training, config, 2, 3);
        var heldOut = GanTestData.Blobs(24, 2, 16, 34);
        var (_, summary) = GanEvaluation.Run(model, heldOut, training, 5, classifierGalaxies: 30);
        Assert.Null(summary["pearson_requested_vs_measured"]);
        var acc = summary["class_accuracy"]!.AsObject();
        Assert.Equal(30, acc["training_galaxies_measured"]!.GetValue<int>());
        Assert.Equal(["sersic_n<2", "sersic_n>=2"], acc["classes"]!.AsArray().Select(c => c!.GetValue<string>()).ToArray());
        var held = acc["heldout"]!.AsObject();
        Assert.Equal(24, held["total"]!.GetValue<int>());
        Assert.True(held["classified"]!.GetValue<int>() >= 20, held.ToJsonString());
        // The blobs' class is their width, which the measured half-light radius shows: the
        // classifier fitted on training blobs must sort the held-out ones nearly perfectly.
        Assert.True(held["accuracy"]!.GetValue<double>() >= 0.85, held.ToJsonString());
        Assert.Equal(24, acc["generated"]!["total"]!.GetValue<int>());
    }

    [Fact]
    public void GenerationAddsTheRunsSkyNoiseAndCentreBinningAverages()
    {
        using var dir = new TempDirectory();
        var config = GanTestData.Tiny();
        config.ObserveNoise = true;
        var model = GanTestData.TrainedGenerator(dir, GanTestData.Blobs(8, 2, 8, 41), config, 3, 1);
        var noisy = model.Generate(new GenerationRequest(200, null, 9)).Images;
        var clean = model.GenerateNoiseFree(new GenerationRequest(200, null, 9)).Images;
        var again = (float[])clean.Clone();
        model.AddObservedNoise(again, new GenerationRequest(200, null, 9));
        Assert.Equal(noisy, again);
        model.Info.NoiseSigmas = null;
        Assert.Equal(clean, model.Generate(new GenerationRequest(200, null, 9)).Images);
        double sum = 0, sq = 0;
        for (var i = 0; i < noisy.Length; i++) { double d = noisy[i] - clean[i]; sum += d; sq += d * d; }
        Assert.Equal(0, sum / noisy.Length, 2);
        Assert.Equal(0.05, Math.Sqrt(sq / noisy.Length), 2);

        // 8x8 stamp, one band: central 4x4 binned 2x2.
        var img = new float[64];
        for (var i = 0; i < 64; i++) img[i] = i;
        var core = GanEvaluation.CentreBinned(img, 1, 1, 8);
        Assert.Equal([(18 + 19 + 26 + 27) / 4f, (20 + 21 + 28 + 29) / 4f, (34 + 35 + 42 + 43) / 4f, (36 + 37 + 44 + 45) / 4f], core);
        // The galaxy's core: central 2x2 unbinned; central 4x4 binned 4x4 is its mean.
        Assert.Equal([27f, 28f, 35f, 36f], GanEvaluation.CentreBinned(img, 1, 1, 8, box: 2, bin: 1));
        Assert.Equal([(18 + 19 + 20 + 21 + 26 + 27 + 28 + 29 + 34 + 35 + 36 + 37 + 42 + 43 + 44 + 45) / 16f], GanEvaluation.CentreBinned(img, 1, 1, 8, box: 4, bin: 4));
        Assert.Throws<ArgumentException>(() => GanEvaluation.CentreBinned(img, 1, 1, 8, box: 3, bin: 2));
    }

    [Fact]
    public void GenerationAddsTheSourcePoissonNoiseOfARunThatObservedIt()
    {
        using var dir = new TempDirectory();
        var config = GanTestData.Tiny();
        config.ObserveNoise = true;
        var model = GanTestData.TrainedGenerator(dir, GanTestData.Blobs(8, 2, 8, 41, gain: 0.01), config, 3, 1);
        Assert.Equal([0.01, 0.01], model.Info.NoiseGains!);
        var noisy = model.Generate(new GenerationRequest(200, null, 9)).Images;
        model.Info.NoiseSigmas = null;
        var clean = model.Generate(new GenerationRequest(200, null, 9)).Images;
        // Normalised residual (noisy - clean) / sqrt(sigma^2 + max(clean, 0) / gain): unit variance
        // on bright and faint pixels alike; with the sky sigma alone the bright ones would be far off.
        double sq = 0, sqSky = 0;
        var bright = 0;
        for (var i = 0; i < noisy.Length; i++)
        {
            double d = noisy[i] - clean[i], x = Math.Max(clean[i], 0);
            sq += d * d / (0.05 * 0.05 + x / 0.01);
            if (x / 0.01 > 0.05 * 0.05) { bright++; sqSky += d * d / (0.05 * 0.05); }
        }
        Assert.True(bright > noisy.Length / 20, $"{bright} of {noisy.Length} pixels where the source term dominates");
        Assert.Equal(1.0, sq / noisy.Length, 1);
        Assert.True(sqSky / bright > 2, $"bright pixels' residual variance over the sky's: {sqSky / bright}");

        // A run.json whose gains do not match its bands is refused.
        var runJson = Path.Combine(dir.File("run"), GanRunInfo.FileName);
        File.WriteAllText(runJson, File.ReadAllText(runJson).Replace("\"noise_gains\": [", "\"noise_gains\": [1, "));
        var e = Assert.Throws<BadInputException>(() => GanRunInfo.Read(dir.File("run")));
        Assert.Contains("noise_gains", e.Message);
    }

    [Fact]
    public void SamplingExportIsSmallerGeneratesTheSameAndCannotResume()
    {
        using var dir = new TempDirectory();
        GanTestData.Blobs(8, 2, 8, 51).Write(dir.File("set"));
        var config = GanTestData.Tiny("params", phase: 8);
        GanTrainingRun.Create(dir.File("set"), dir.File("run"), config, 6).Train(3);
        GanTrainingRun.ExportForSampling(dir.File("run"), dir.File("export"));
        var size = (string d) => new FileInfo(Path.Combine(d, "checkpoint.safetensors")).Length;
        Assert.True(size(dir.File("export")) * 3 < size(dir.File("run")));
        double[] conditions = [25.5, 0.3, 0.2, 26.0, 0.5, 0.1];
        var a = ProgressiveGanGenerator.Load(dir.File("run")).Generate(new GenerationRequest(2, conditions, 3));
        var b = ProgressiveGanGenerator.Load(dir.File("export")).Generate(new GenerationRequest(2, conditions, 3));
        Assert.Equal(a.Images, b.Images);
        Assert.ThrowsAny<BadInputException>(() => GanTrainingRun.Resume(dir.File("set"), dir.File("export")));
        Assert.ThrowsAny<BadInputException>(() => GanTrainingRun.ExportForSampling(dir.File("run"), dir.File("export")));
        // The trained generator's own weights instead of the average: different images, same layout.
        GanTrainingRun.ExportForSampling(dir.File("run"), dir.File("raw"), useAverage: false);
        var c = ProgressiveGanGenerator.Load(dir.File("raw")).Generate(new GenerationRequest(2, conditions, 3));
        Assert.NotEqual(a.Images, c.Images);
        Assert.Equal("generator", Nn.SafeTensorsFile.Read(Path.Combine(dir.File("raw"), "checkpoint.safetensors")).Metadata["sampling_weights"]);
    }
}
