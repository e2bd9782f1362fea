using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Flow;
using Galforge.Models.Generation;
using Galforge.Models.Vae;
using Galforge.Nn;

namespace Galforge.Models.Training;

/// <summary>
/// Trains the conditional flow on the frozen VAE encoder's posterior means of the VAE run's
/// training galaxies (same split as the VAE), by maximum likelihood, and writes a
/// self-contained vae-flow run folder (the VAE's best weights copied in, SHA-256 recorded).
/// Intrinsic conditions can be measured on the VAE's reconstructions instead of read from the
/// table (<see cref="ReconstructionConditions"/>).
/// </summary>
public static class FlowTrainer
{
    /// <summary>Trains (or resumes) and returns the run folder's full path.</summary>
    public static string Train(FlowTrainingOptions o, Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var cfg = o.Config.Validated("flow configuration");
        var vaeRunPath = Path.Combine(o.VaeRunDir, RunFiles.RunJson);
        var vaeRun = RunFiles.ReadJson(vaeRunPath);
        if (RunFiles.Str(vaeRun, "kind", vaeRunPath) != "vae") throw new BadInputException($"{vaeRunPath}: --vae must be a VAE run (kind 'vae'), found '{vaeRun["kind"]}'");
        var vaeBest = Path.Combine(o.VaeRunDir, RunFiles.Best);
        if (!File.Exists(vaeBest)) throw new BadInputException($"{vaeBest}: the VAE run has no trained weights yet");
        var vcfg = VaeConfig.FromJson(vaeRun["config"]!.ToJsonString());
        var datasetPath = RunFiles.Str(vaeRun, "dataset", vaeRunPath);
        var ds = GalaxyDataset.Read(datasetPath);
        var scales = vaeRun["asinh_scales"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var vaeSeed = (ulong)RunFiles.Num(vaeRun, "seed", vaeRunPath);
        if (o.Conditions.Count == 0) throw new BadInputException("--conditions: give at least one condition, e.g. mag,hlr,e");
        if (!ReconstructionConditions.Sources.Contains(o.ConditionSource))
            throw new BadInputException($"--condition-source: '{o.ConditionSource}', expected one of {string.Join(", ", ReconstructionConditions.Sources)}");

        var outDir = Path.GetFullPath(o.OutDir);
        var runPath = Path.Combine(outDir, RunFiles.RunJson);
        var ckptPath = Path.Combine(outDir, RunFiles.Checkpoint);
        if (o.Resume)
        {
            var prev = RunFiles.ReadJson(runPath);
            if (RunFiles.Str(prev, "kind", runPath) != VaeFlowGenerator.KindName) throw new BadInputException($"{runPath}: not a vae-flow run");
            if (!File.Exists(ckptPath)) throw new BadInputException($"{ckptPath}: no checkpoint to resume from");
            var previousSource = prev["condition_source"]?.GetValue<string>() ?? ReconstructionConditions.Dataset;
            if (previousSource != o.ConditionSource)
                throw new BadInputException($"{runPath}: the run was trained with --condition-source {previousSource}, resumed with {o.ConditionSource}; pass --condition-source {previousSource}");
        }
        else if (File.Exists(runPath))
            throw new BadInputException($"{outDir}: already holds a run; pass --resume to continue it or choose another --out");

        // Frozen encoder means of every galaxy.
        var vae = new ConvVae(vcfg, ds.BandCount, ds.Height, new PhiloxGenerator(0));
        new Checkpoint().Add("vae", vae).Load(vaeBest);
        var data = new VaeData(ds, scales);
        var latents = EncodeMeans(vae, data);
        var cond = o.ConditionSource == ReconstructionConditions.Reconstruction
            ? ReconstructionConditions.Measure(vae, latents, scales, ds, o.Conditions, datasetPath)
            : ConditionColumns.Matrix(ds.Parameters, o.Conditions, datasetPath);
        var (train0, val0) = RunFiles.Split(ds, vcfg.ValidationFraction, vaeSeed);
        var nc = o.Conditions.Count;
        int[] Finite(int[] rows) => rows.Where(r => Enumerable.Range(0, nc).All(j => double.IsFinite(cond[r * nc + j]))).ToArray();
        var train = Finite(train0);
        var val = Finite(val0);
        if (train.Length < 2 || val.Length < 1) throw new BadInputException($"{datasetPath}: too few galaxies with finite {string.Join(", ", o.Conditions)} ({train.Length} training, {val.Length} validation)");
        var d = vcfg.Latent;
        (Tensor X, Tensor C) Rows(ReadOnlySpan<int> rows)
        {
            var x = new float[rows.Length * d];
            var c = new float[rows.Length * nc];
            for (var k = 0; k < rows.Length; k++)
            {
                latents.AsSpan(rows[k] * d, d).CopyTo(x.AsSpan(k * d));
                for (var j = 0; j < nc; j++) c[k * nc + j] = (float)cond[rows[k] * nc + j];
            }
            return (Tensor.Wrap(x, rows.Length, d), Tensor.Wrap(c, rows.Length, nc));
        }

        var flow = new ConditionalMaf(d, nc, new PhiloxGenerator(o.Seed), cfg.Bijectors, cfg.Hidden, cfg.LogScaleClip);
        var (allX, allC) = Rows(train);
        flow.FitStandardization(allX, allC);
        var opt = new Adam(flow.NamedParameters(), cfg.LearningRate);
        var batchRng = new PhiloxGenerator(o.Seed ^ 0xF10AUL);
        var ckpt = new Checkpoint().Add("flow", flow).Add("opt", opt).Add("batch", batchRng);
        var stopping = new EarlyStopping();
        if (o.Resume)
        {
            ckpt.Load(ckptPath);
            stopping.LoadFrom(ckpt);
        }
        else
        {
            Directory.CreateDirectory(outDir);
            var min = new double[nc];
            var max = new double[nc];
            Array.Fill(min, double.PositiveInfinity);
            Array.Fill(max, double.NegativeInfinity);
            foreach (var r in train)
                for (var j = 0; j < nc; j++) { min[j] = Math.Min(min[j], cond[r * nc + j]); max[j] = Math.Max(max[j], cond[r * nc + j]); }
            var run = RunFiles.Header(VaeFlowGenerator.KindName, o.Command, o.Seed);
            foreach (var key in new[] { "dataset", "dataset_source", "count", "bands", "pixel_scale", "image_size", "asinh_scales", "config" })
                run[key] = vaeRun[key]?.DeepClone();
            run["vae_run"] = Path.GetFullPath(o.VaeRunDir);
            run["vae_seed"] = vaeSeed;
            run["flow_config"] = JsonNode.Parse(cfg.ToJson());
            run["conditions"] = new JsonArray([.. o.Conditions.Select(c => (JsonNode)c)]);
            run["condition_source"] = o.ConditionSource;
            run["condition_min"] = new JsonArray([.. min.Select(v => (JsonNode)v)]);
            run["condition_max"] = new JsonArray([.. max.Select(v => (JsonNode)v)]);
            run["training_latents"] = train.Length;
            run["latent_support"] = LatentSupport.Of(latents, d, train).ToJson();
            run["validation_latents"] = val.Length;
            ModelPhotometry.Record(run, ds); // zero points and training PSF widths, for generate --survey
            if (cfg.Texture)
            {
                var texture = TextureCalibration.Calibrate(vae, data, train0.Take(cfg.TextureGalaxies).ToArray(), o.Seed ^ 0x7E47UL);
                run["texture"] = texture.ToJson();
                run["texture_galaxies"] = Math.Min(cfg.TextureGalaxies, train0.Length);
            }
            File.Copy(vaeBest, Path.Combine(outDir, VaeFlowGenerator.VaeFile), overwrite: true);
            run["vae_sha256"] = RunFiles.Sha256(Path.Combine(outDir, VaeFlowGenerator.VaeFile));
            RunFiles.WriteJson(runPath, run);
        }

        var (valX, valC) = Rows(val);
        var clock = Stopwatch.StartNew();
        var sessionSteps = 0;
        var seen = 0L;
        var idx = new int[Math.Min(cfg.BatchSize, train.Length)];
        while (ckpt.Step < cfg.Steps && !stopping.Stopped)
        {
            cancel.ThrowIfCancellationRequested();
            for (var k = 0; k < idx.Length; k++) idx[k] = train[Math.Min(train.Length - 1, (int)(batchRng.NextUniform() * train.Length))];
            var (x, c) = Rows(idx);
            opt.ZeroGrad();
            var loss = -flow.LogProb(x, c).Mean();
            loss.Backward();
            opt.Step();
            ckpt.Step++;
            sessionSteps++;
            seen += idx.Length;
            string? message = null;
            if (ckpt.Step % cfg.CheckpointEvery == 0 || ckpt.Step == cfg.Steps)
            {
                double nll;
                using (Autograd.NoGrad()) nll = -flow.LogProb(valX, valC).Mean().Item();
                if (stopping.Record(nll, cfg.Patience))
                    new Checkpoint().Add("flow", flow).Save(Path.Combine(outDir, VaeFlowGenerator.FlowFile));
                stopping.SaveTo(ckpt, clock.Elapsed.TotalSeconds);
                ckpt.Save(ckptPath);
                message = string.Create(CultureInfo.InvariantCulture, $"step {ckpt.Step}: validation NLL {stopping.Last:F3} nats (best {stopping.Best:F3}){(stopping.Stopped ? "; early stop" : "")}; checkpoint saved");
            }
            progress?.Invoke(new TrainingProgress(ckpt.Step, cfg.Steps, loss.Item(), stopping.Last, seen / Math.Max(1e-9, clock.Elapsed.TotalSeconds), message));
            if (o.StopAfterSessionSteps is { } stop && sessionSteps >= stop) return outDir;
        }
        var elapsed = stopping.TotalSeconds(clock.Elapsed.TotalSeconds);
        var runFinal = RunFiles.ReadJson(runPath);
        runFinal["flow_sha256"] = RunFiles.Sha256(Path.Combine(outDir, VaeFlowGenerator.FlowFile));
        RunFiles.WriteJson(runPath, runFinal);
        var (_, vchi2) = VaeTrainer.Validate(vae, data, val0, vcfg.BatchSize);
        ModelCard.Write(outDir, runFinal, new JsonObject
        {
            ["heldout_count"] = val0.Length,
            ["heldout_chi2_per_pixel"] = vchi2,
            ["heldout_flow_nll_nats"] = stopping.Best,
        }, ckpt.Step, stopping.Stopped, elapsed);
        return outDir;
    }

    /// <summary>Posterior means [N, latent] (row-major) of every galaxy of <paramref name="data"/>.</summary>
    public static float[] EncodeMeans(ConvVae vae, VaeData data)
    {
        using var _ = Autograd.NoGrad();
        var d = vae.Latent;
        var z = new float[data.Count * d];
        var idx = new int[Math.Min(64, data.Count)];
        for (var s = 0; s < data.Count; s += 64)
        {
            var m = Math.Min(64, data.Count - s);
            for (var k = 0; k < m; k++) idx[k] = s + k;
            var (mu, _) = vae.Encode(data.Batch(idx.AsSpan(0, m)).Inputs);
            mu.Data.CopyTo(z.AsSpan(s * d, m * d));
        }
        return z;
    }
}
