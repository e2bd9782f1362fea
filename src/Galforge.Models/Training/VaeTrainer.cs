using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Vae;
using Galforge.Nn;

namespace Galforge.Models.Training;

/// <summary>
/// Trains a <see cref="ConvVae"/> on a dataset: Adam, minibatches drawn from a seeded
/// generator, validation, atomic checkpoints, sample grids, early stopping and a model card.
/// Every random draw comes from generators saved in the checkpoint and the kernels give the
/// same results whatever the thread count, so a resumed run continues bit for bit.
/// </summary>
public static class VaeTrainer
{
    /// <summary>Trains (or resumes) and returns the run folder's full path.</summary>
    public static string Train(VaeTrainingOptions o, Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var ds = GalaxyDataset.Read(o.DatasetPath);
        var cfg = o.Config.Validated("vae configuration", ds.Height);
        if (ds.Height != ds.Width) throw new BadInputException($"{o.DatasetPath}: stamps are {ds.Height}x{ds.Width}, the VAE needs square stamps");
        var scales = (ds.Normalization ?? AsinhNormalization.FromNoise(ds)).Scales;
        var outDir = Path.GetFullPath(o.OutDir);
        var runPath = Path.Combine(outDir, RunFiles.RunJson);
        var ckptPath = Path.Combine(outDir, RunFiles.Checkpoint);
        if (o.Resume)
        {
            var prev = RunFiles.ReadJson(runPath);
            if (RunFiles.Str(prev, "kind", runPath) != "vae") throw new BadInputException($"{runPath}: not a VAE run");
            if (VaeConfig.FromJson(prev["config"]!.ToJsonString()) with { Steps = cfg.Steps } != cfg with { Steps = cfg.Steps })
                throw new BadInputException($"{runPath}: --resume with a different configuration than the run was started with");
            if ((ulong)RunFiles.Num(prev, "seed", runPath) != o.Seed) throw new BadInputException($"{runPath}: --resume with seed {o.Seed}, the run used {prev["seed"]}");
            if (!File.Exists(ckptPath)) throw new BadInputException($"{ckptPath}: no checkpoint to resume from");
        }
        else if (File.Exists(runPath))
            throw new BadInputException($"{outDir}: already holds a run; pass --resume to continue it or choose another --out");

        var data = new VaeData(ds, scales, cfg.Likelihood == "fourier");
        var (train, val) = RunFiles.Split(ds, cfg.ValidationFraction, o.Seed);
        var vae = new ConvVae(cfg, ds.BandCount, ds.Height, new PhiloxGenerator(o.Seed));
        var opt = new Adam(vae.NamedParameters(), cfg.LearningRate);
        var batchRng = new PhiloxGenerator(o.Seed ^ 0xBA7C4UL);
        var noiseRng = new PhiloxGenerator(o.Seed ^ 0x0015EUL);
        var ckpt = new Checkpoint().Add("vae", vae).Add("opt", opt).Add("batch", batchRng).Add("noise", noiseRng);
        var stopping = new EarlyStopping();
        if (o.Resume)
        {
            ckpt.Load(ckptPath);
            stopping.LoadFrom(ckpt);
        }
        else
        {
            Directory.CreateDirectory(outDir);
            var run = RunFiles.Header("vae", o.Command, o.Seed);
            run["dataset"] = Path.GetFullPath(o.DatasetPath);
            run["dataset_source"] = ds.Provenance.Source;
            run["count"] = ds.Count;
            run["bands"] = new JsonArray([.. ds.Bands.Select(b => (JsonNode)b.Name)]);
            run["pixel_scale"] = ds.Bands[0].PixelScale;
            run["image_size"] = ds.Height;
            run["asinh_scales"] = new JsonArray([.. scales.Select(s => (JsonNode)s)]);
            run["config"] = JsonNode.Parse(cfg.ToJson());
            run["validation_count"] = val.Length;
            RunFiles.WriteJson(runPath, run);
        }

        var clock = Stopwatch.StartNew();
        var sessionImages = 0L;
        var sessionSteps = 0;
        var idx = new int[cfg.BatchSize];
        while (ckpt.Step < cfg.Steps && !stopping.Stopped)
        {
            cancel.ThrowIfCancellationRequested();
            for (var k = 0; k < idx.Length; k++) idx[k] = train[Math.Min(train.Length - 1, (int)(batchRng.NextUniform() * train.Length))];
            opt.ZeroGrad();
            var loss = VaeLoss.Compute(vae, data.Batch(idx), data.Convolution, noiseRng);
            loss.Total.Backward();
            if (cfg.ClipNorm > 0) GradientClipping.ClipByGlobalNorm(vae.Parameters(), cfg.ClipNorm);
            opt.LearningRate = cfg.LearningRateAt(ckpt.Step);
            opt.Step();
            ckpt.Step++;
            sessionSteps++;
            sessionImages += idx.Length;
            string? message = null;
            if (ckpt.Step % cfg.CheckpointEvery == 0 || ckpt.Step == cfg.Steps)
            {
                if (stopping.Record(Validate(vae, data, val, cfg.BatchSize).Loss, cfg.Patience))
                    new Checkpoint().Add("vae", vae).Save(Path.Combine(outDir, RunFiles.Best));
                WriteSamples(vae, data, val, Path.Combine(outDir, "samples", $"step_{ckpt.Step:D6}.png"));
                stopping.SaveTo(ckpt, clock.Elapsed.TotalSeconds);
                ckpt.Save(ckptPath);
                message = string.Create(CultureInfo.InvariantCulture, $"step {ckpt.Step}: validation loss {stopping.Last:F2} (best {stopping.Best:F2}){(stopping.Stopped ? $"; early stop after {stopping.SinceBest} validations without improvement" : "")}; checkpoint saved");
            }
            progress?.Invoke(new TrainingProgress(ckpt.Step, cfg.Steps, loss.Total.Item(), stopping.Last, sessionImages / Math.Max(1e-9, clock.Elapsed.TotalSeconds), message));
            if (o.StopAfterSessionSteps is { } stop && sessionSteps >= stop) return outDir;
        }
        var elapsed = stopping.TotalSeconds(clock.Elapsed.TotalSeconds);
        WriteCard(outDir, runPath, data, val, cfg, ckpt.Step, stopping.Stopped, elapsed);
        return outDir;
    }

    /// <summary>Validation loss and χ² per pixel of the posterior means (no sampling) over <paramref name="indices"/>.</summary>
    public static (double Loss, double ChiSquaredPerPixel) Validate(ConvVae vae, VaeData data, int[] indices, int batchSize)
    {
        using var _ = Autograd.NoGrad();
        double loss = 0, chi2 = 0;
        long pixels = 0;
        for (var s = 0; s < indices.Length; s += batchSize)
        {
            var part = indices.AsSpan(s, Math.Min(batchSize, indices.Length - s));
            var batch = data.Batch(part);
            var l = VaeLoss.Compute(vae, batch, data.Convolution, null);
            loss += l.Total.Item() * part.Length;
            chi2 += l.ChiSquared * part.Length;
            foreach (var w in batch.Weights.Data) if (w > 0) pixels++;
        }
        return (loss / indices.Length, pixels == 0 ? 0 : chi2 / pixels);
    }

    private static void WriteSamples(ConvVae vae, VaeData data, int[] val, string path)
    {
        using var _ = Autograd.NoGrad();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var n = Math.Min(8, val.Length);
        var batch = data.Batch(val.AsSpan(0, n));
        var (mu, _) = vae.Encode(batch.Inputs);
        var recon = data.Convolution.Apply(vae.Decode(mu), batch.PsfSpectra).ToArray();
        int s = data.Dataset.Height, px = s * s, b = data.Dataset.BandCount;
        var tgt = batch.Targets.ToArray();
        var rows = new List<IReadOnlyList<float[]>> { new List<float[]>(), new List<float[]>() };
        for (var k = 0; k < n; k++)
        {
            ((List<float[]>)rows[0]).Add(tgt.AsSpan(k * b * px, px).ToArray());
            ((List<float[]>)rows[1]).Add(recon.AsSpan(k * b * px, px).ToArray());
        }
        SampleGrid.Write(path, rows, s);
    }

    private static void WriteCard(string outDir, string runPath, VaeData data, int[] val, VaeConfig cfg, long steps, bool stopped, double elapsed)
    {
        var run = RunFiles.ReadJson(runPath);
        var vae = new ConvVae(cfg, data.Dataset.BandCount, data.Dataset.Height, new PhiloxGenerator(0));
        new Checkpoint().Add("vae", vae).Load(Path.Combine(outDir, RunFiles.Best));
        var (loss, chi2) = Validate(vae, data, val, cfg.BatchSize);
        var eval = new JsonObject
        {
            ["heldout_count"] = val.Length,
            ["heldout_loss"] = loss,
            ["heldout_chi2_per_pixel"] = chi2,
        };
        ModelCard.Write(outDir, run, eval, steps, stopped, elapsed);
    }
}
