using System.Diagnostics;
using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Training;

namespace Galforge.Models.Gan;

/// <summary>
/// A training run folder: config.json, run.json, checkpoint.safetensors (the full training
/// state, replaced atomically) and samples/step-NNNNNNNN.png grids from the EMA generator on
/// fixed latents. A new folder is assembled under a temporary name with its step-0 checkpoint
/// and renamed into place, so a failure leaves nothing half-written and every run folder can be
/// resumed.
/// </summary>
public sealed class GanTrainingRun
{
    private const int GridTiles = 16;
    private readonly Tensor _sampleLatents;
    private readonly Tensor? _sampleConditions;

    private GanTrainingRun(string directory, GanRunInfo info, ProgressiveGanTrainer trainer)
    {
        Directory = directory;
        Info = info;
        Trainer = trainer;
        var config = trainer.Config;
        // Fixed latents for the sample grids, from a stream of the seed that training never uses.
        _sampleLatents = Tensor.RandN(new PhiloxGenerator(new PhiloxState(trainer.Seed, 1UL << 50)), GridTiles, config.LatentSize);
        var encoding = trainer.Data.Encoding;
        if (encoding is not null)
        {
            var c = new float[GridTiles * encoding.Size];
            for (var i = 0; i < GridTiles; i++)
                if (encoding.IsClass) c[i * encoding.Size + i % encoding.Size] = 1f;
                else trainer.Data.Condition(i % trainer.Data.Count).CopyTo(c.AsSpan(i * encoding.Size));
            _sampleConditions = Tensor.Wrap(c, GridTiles, encoding.Size);
        }
    }

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>The run's metadata.</summary>
    public GanRunInfo Info { get; }

    /// <summary>The trainer holding the state.</summary>
    public ProgressiveGanTrainer Trainer { get; }

    /// <summary>Path of the checkpoint.</summary>
    public string CheckpointPath => Path.Combine(Directory, ProgressiveGanGenerator.CheckpointName);

    /// <summary>
    /// Starts a new run in <paramref name="directory"/> (which must not exist or be empty) on the
    /// dataset at <paramref name="dataPath"/>.
    /// </summary>
    public static GanTrainingRun Create(string dataPath, string directory, ProgressiveGanConfig config, ulong seed)
    {
        config.Validate("config");
        if (File.Exists(directory)) throw new BadInputException($"--out {directory}: is a file, expected a run folder");
        if (System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFileSystemEntries(directory).Any())
            throw new BadInputException($"--out {directory}: folder exists and is not empty (use --resume to continue a run)");
        var dataset = GalaxyDataset.Read(dataPath);
        var data = new GanTrainingData(dataset, config, dataPath);
        var info = new GanRunInfo
        {
            Bands = [.. dataset.Bands.Select(b => b.Name)],
            PixelScale = dataset.Bands[0].PixelScale,
            ImageSize = config.ImageSize,
            AsinhScales = [.. data.Normalization.Scales],
            NoiseSigmas = data.NoiseSigmas,
            NoiseGains = data.NoiseGains,
            Condition = data.Encoding,
            Seed = seed,
            Dataset = dataPath,
            TrainingGalaxies = data.Count,
        };
        ProgressiveGanTrainer? trainer = null;
        AssembleFolder(directory, temp =>
        {
            RunFiles.WriteAtomic(Path.Combine(temp, ProgressiveGanGenerator.ConfigName), config.ToJson());
            RunFiles.WriteAtomic(Path.Combine(temp, GanRunInfo.FileName), info.ToJson());
            trainer = new ProgressiveGanTrainer(config, data, seed);
            trainer.Save(Path.Combine(temp, ProgressiveGanGenerator.CheckpointName));
        });
        return new GanTrainingRun(directory, info, trainer!);
    }

    // Builds a run folder under a temporary sibling name (with its samples/ folder) and renames it
    // into place, so a failure leaves nothing half-written.
    private static void AssembleFolder(string directory, Action<string> fill)
    {
        var full = Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar);
        var parent = Path.GetDirectoryName(full)!;
        System.IO.Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Environment.TickCount64}");
        try
        {
            System.IO.Directory.CreateDirectory(Path.Combine(temp, "samples"));
            fill(temp);
            if (System.IO.Directory.Exists(full)) System.IO.Directory.Delete(full);
            System.IO.Directory.Move(temp, full);
        }
        finally
        {
            if (System.IO.Directory.Exists(temp)) System.IO.Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>
    /// Reopens a run folder to continue exactly where its checkpoint stopped; the dataset must have
    /// the run's bands and stamp size.
    /// </summary>
    public static GanTrainingRun Resume(string dataPath, string directory)
    {
        if (!System.IO.Directory.Exists(directory)) throw new BadInputException($"--out {directory}: run folder not found (nothing to resume)");
        var info = GanRunInfo.Read(directory);
        var config = ProgressiveGanConfig.Read(Path.Combine(directory, ProgressiveGanGenerator.ConfigName));
        var dataset = GalaxyDataset.Read(dataPath);
        var bands = dataset.Bands.Select(b => b.Name).ToArray();
        if (!bands.SequenceEqual(info.Bands))
            throw new BadInputException($"{dataPath}: bands {string.Join(",", bands)} do not match the run's bands {string.Join(",", info.Bands)}");
        var data = new GanTrainingData(dataset, config, dataPath, sourceNoise: info.NoiseGains is not null || info.NoiseSigmas is null);
        if (!data.Normalization.Scales.SequenceEqual(info.AsinhScales))
            throw new BadInputException($"{dataPath}: arcsinh scales differ from the run's (a different dataset?)");
        if ((data.Encoding?.Size ?? 0) != (info.Condition?.Size ?? 0))
            throw new BadInputException($"{dataPath}: condition size {data.Encoding?.Size ?? 0} differs from the run's {info.Condition?.Size ?? 0}");
        var trainer = new ProgressiveGanTrainer(config, data, info.Seed);
        var path = Path.Combine(directory, ProgressiveGanGenerator.CheckpointName);
        if (!File.Exists(path)) throw new BadInputException($"{path}: checkpoint not found");
        trainer.Load(path);
        return new GanTrainingRun(directory, info, trainer);
    }

    /// <summary>
    /// Trains until the schedule ends or <paramref name="maxSteps"/> more steps were done (0: no
    /// limit), checkpointing and writing sample grids at the config's intervals and at the end.
    /// <paramref name="progress"/> gets every step's result and the images per second so far.
    /// </summary>
    public void Train(long maxSteps, Action<GanStepResult, double>? progress = null, CancellationToken cancel = default)
    {
        var config = Trainer.Config;
        var clock = Stopwatch.StartNew();
        long done = 0, images = 0;
        while (!Trainer.Done && (maxSteps <= 0 || done < maxSteps))
        {
            cancel.ThrowIfCancellationRequested();
            var r = Trainer.TrainStep();
            done++;
            images += config.BatchSize;
            progress?.Invoke(r, images / Math.Max(clock.Elapsed.TotalSeconds, 1e-9));
            if (config.CheckpointEvery > 0 && r.Step % config.CheckpointEvery == 0) Trainer.Save(CheckpointPath);
            if (config.SampleEvery > 0 && r.Step % config.SampleEvery == 0) WriteSamples();
        }
        Trainer.Save(CheckpointPath);
        WriteSamples();
    }

    /// <summary>
    /// Copies run folder <paramref name="runDirectory"/> to <paramref name="outDirectory"/> (new or
    /// empty) for sampling only: config.json, run.json, the latest sample grid and a checkpoint with
    /// just the EMA generator weights and the position metadata (no critic, training generator or
    /// Adam moments: about a fifth of the size, so a model fits the repository's size limit). The
    /// copy loads with <see cref="ProgressiveGanGenerator.Load"/> but cannot be resumed. Written
    /// under a temporary name and renamed into place. With <paramref name="useAverage"/> false the
    /// trained generator's own weights are shipped instead of their moving average (stored under
    /// the same names; metadata <c>sampling_weights</c> says which): after a short schedule the
    /// average (decay 0.999, a time constant of 1,000 steps) still carries weights from before
    /// the last resolution was added.
    /// </summary>
    public static void ExportForSampling(string runDirectory, string outDirectory, bool useAverage = true)
    {
        ProgressiveGanGenerator.Load(runDirectory);   // validates the run first
        if (File.Exists(outDirectory) || (System.IO.Directory.Exists(outDirectory) && System.IO.Directory.EnumerateFileSystemEntries(outDirectory).Any()))
            throw new BadInputException($"{outDirectory}: exists and is not an empty folder");
        var source = Path.Combine(runDirectory, ProgressiveGanGenerator.CheckpointName);
        var content = Nn.SafeTensorsFile.Read(source);
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var prefix = useAverage ? "ema." : "generator.";
        foreach (var name in content.Names)
            if (name.StartsWith(prefix, StringComparison.Ordinal)) tensors.Add(new("ema." + name[prefix.Length..], content.Tensors[name]));
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in content.Metadata)
            if (k != Nn.SafeTensorsFile.Sha256Key) meta[k] = v;
        meta["sampling_only"] = "true";
        meta["sampling_weights"] = useAverage ? "ema" : "generator";
        AssembleFolder(outDirectory, temp =>
        {
            File.Copy(Path.Combine(runDirectory, ProgressiveGanGenerator.ConfigName), Path.Combine(temp, ProgressiveGanGenerator.ConfigName));
            File.Copy(Path.Combine(runDirectory, GanRunInfo.FileName), Path.Combine(temp, GanRunInfo.FileName));
            var grids = System.IO.Directory.Exists(Path.Combine(runDirectory, "samples"))
                ? System.IO.Directory.GetFiles(Path.Combine(runDirectory, "samples"), "step-*.png") : [];
            Array.Sort(grids, StringComparer.Ordinal);
            if (grids.Length > 0) File.Copy(grids[^1], Path.Combine(temp, "samples", Path.GetFileName(grids[^1])));
            Nn.SafeTensorsFile.Write(Path.Combine(temp, ProgressiveGanGenerator.CheckpointName), tensors, meta);
            ProgressiveGanGenerator.Load(temp);                     // the copy must load like the run
        });
    }

    /// <summary>Writes samples/step-NNNNNNNN.png from the EMA generator; returns its path.</summary>
    public string WriteSamples()
    {
        var path = Path.Combine(Directory, "samples", string.Create(CultureInfo.InvariantCulture, $"step-{Trainer.Step:D8}.png"));
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // EMA samples at the current stage, brought to the final size (nearest) and back to the
        // data's flux units, so grids of every stage and of the VAE look alike.
        var images = Trainer.SampleAverage(_sampleLatents, _sampleConditions);
        using (Autograd.NoGrad())
            while (images.Size(2) < Trainer.Config.ImageSize) images = Functional.UpsampleNearest2x(images);
        var pixels = images.ToArray();
        int bands = Trainer.Data.Bands, plane = Trainer.Config.ImageSize * Trainer.Config.ImageSize;
        for (var i = 0; i < GridTiles; i++)
            for (var b = 0; b < bands; b++) Trainer.Data.Normalization.Inverse(pixels.AsSpan((i * bands + b) * plane, plane), b);
        SampleGrid.WriteGalaxies(path, pixels, GridTiles, bands, Trainer.Config.ImageSize);
        return path;
    }
}
