using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Noise;
using Galforge.Engine;
using Galforge.Models.Generation;
using Galforge.Nn;
using Galforge.Models.Training;

namespace Galforge.Models.Gan;

/// <summary>
/// A trained progressive GAN as an <see cref="IGalaxyGenerator"/>: the EMA generator weights of a
/// run folder's checkpoint, run at the stage and fade-in alpha training reached (up-sampled to the
/// final size if training stopped early), with the arcsinh normalisation undone so images are in
/// the training data's flux units.
/// </summary>
public sealed class ProgressiveGanGenerator : IGalaxyGenerator
{
    /// <summary>Model family name stored in run.json.</summary>
    public const string ModelKind = "progressive-gan";

    /// <summary>Checkpoint file name inside a run folder.</summary>
    public const string CheckpointName = RunFiles.Checkpoint;

    /// <summary>Config file name inside a run folder.</summary>
    public const string ConfigName = "config.json";

    private const int Batch = 32;
    private readonly GanGenerator _network;
    private readonly AsinhNormalization _normalization;

    private ProgressiveGanGenerator(GanRunInfo info, ProgressiveGanConfig config, GanGenerator network, int stage, float alpha)
    {
        Info = info;
        Config = config;
        _network = network;
        Stage = stage;
        Alpha = alpha;
        _normalization = new AsinhNormalization(info.AsinhScales);
    }

    /// <summary>The run's metadata.</summary>
    public GanRunInfo Info { get; }

    /// <summary>The run's settings.</summary>
    public ProgressiveGanConfig Config { get; }

    /// <summary>Stage the generator runs at (the one training reached).</summary>
    public int Stage { get; }

    /// <summary>Fade-in alpha at that stage.</summary>
    public float Alpha { get; }

    /// <inheritdoc/>
    public string Kind => ModelKind;

    /// <inheritdoc/>
    public IReadOnlyList<string> Bands => Info.Bands;

    /// <inheritdoc/>
    public int ImageSize => Config.ImageSize;

    /// <inheritdoc/>
    public double PixelScale => Info.PixelScale;

    /// <inheritdoc/>
    public IReadOnlyList<string> ConditionNames => Info.Condition?.Names ?? [];

    /// <summary>Loads a run folder written by <c>galforge train gan</c>; a missing or corrupt file is a one-line <see cref="BadInputException"/>.</summary>
    public static ProgressiveGanGenerator Load(string runDirectory)
    {
        if (!Directory.Exists(runDirectory)) throw new BadInputException($"{runDirectory}: run folder not found");
        var info = GanRunInfo.Read(runDirectory);
        var config = ProgressiveGanConfig.Read(Path.Combine(runDirectory, ConfigName));
        var path = Path.Combine(runDirectory, CheckpointName);
        if (!File.Exists(path)) throw new BadInputException($"{path}: checkpoint not found (the run has not saved one yet)");
        var content = SafeTensorsFile.Read(path);
        if (!content.Metadata.TryGetValue("galforge.format", out var format) || format != Checkpoint.Format)
            throw new BadInputException($"{path}: not a Galforge checkpoint");
        if (!content.Metadata.TryGetValue("stage", out var st) || !int.TryParse(st, NumberStyles.Integer, CultureInfo.InvariantCulture, out var stage) || stage < 0 || stage >= config.StageCount)
            throw new BadInputException($"{path}: metadata 'stage' is missing or not a stage 0..{config.StageCount - 1}");
        if (!content.Metadata.TryGetValue("alpha", out var al) || !float.TryParse(al, NumberStyles.Float, CultureInfo.InvariantCulture, out var alpha) || !(alpha >= 0 && alpha <= 1))
            throw new BadInputException($"{path}: metadata 'alpha' is missing or not in [0, 1]");
        var network = new GanGenerator(config, info.Bands.Length, info.Condition?.Size ?? 0, new PhiloxGenerator(0));
        network.LoadStateTensors(content.Tensors, path, "ema.");
        network.Eval();
        return new ProgressiveGanGenerator(info, config, network, stage, alpha);
    }

    /// <summary>Images in the normalised (arcsinh) units the network produces, [N, B, S, S].</summary>
    public Tensor GenerateNormalized(Tensor latents, Tensor? conditions)
    {
        using var _ = Autograd.NoGrad();
        var x = _network.Generate(latents, conditions, Stage, Alpha);
        while (x.Size(2) < ImageSize) x = Functional.UpsampleNearest2x(x);
        return x;
    }

    /// <inheritdoc/>
    public GeneratedGalaxies Generate(GenerationRequest request)
    {
        var galaxies = GenerateNoiseFree(request);
        AddObservedNoise(galaxies.Images, request);
        return galaxies;
    }

    /// <summary>
    /// The galaxies of <paramref name="request"/> as the generator makes them, before the noise
    /// <see cref="Generate"/> adds for a run that observed noise (PSF-convolved, in image units):
    /// what conditional control is best judged on. Same latents as <see cref="Generate"/>.
    /// </summary>
    public GeneratedGalaxies GenerateNoiseFree(GenerationRequest request)
    {
        if (request.Count < 1) throw new BadInputException($"generate: count {request.Count}, expected at least 1");
        var encoding = Info.Condition;
        float[]? encoded = null;
        if (encoding is null)
        {
            if (request.Conditions is not null) throw new BadInputException("generate: this progressive-GAN model is unconditional, conditions were given");
        }
        else
        {
            if (request.Conditions is null) throw new BadInputException($"generate: this model needs conditions ({string.Join(", ", encoding.Names)})");
            encoded = new float[request.Count * encoding.Size];
            encoding.Encode(request.Conditions, request.Count, encoded);
        }
        var rng = new PhiloxGenerator(request.Seed);
        var latents = Tensor.RandN(rng, request.Count, Config.LatentSize);
        var bands = Bands.Count;
        var plane = ImageSize * ImageSize;
        var images = new float[(long)request.Count * bands * plane];
        for (var start = 0; start < request.Count; start += Batch)
        {
            var n = Math.Min(Batch, request.Count - start);
            var z = latents.Narrow(0, start, n);
            var c = encoded is null ? null : Tensor.FromSpan(encoded.AsSpan(start * encoding!.Size, n * encoding.Size), n, encoding.Size);
            GenerateNormalized(z, c).Data.CopyTo(images.AsSpan(start * bands * plane));
        }
        for (var i = 0; i < request.Count; i++)
            for (var b = 0; b < bands; b++)
                _normalization.Inverse(images.AsSpan((i * bands + b) * plane, plane), b);
        return new GeneratedGalaxies(images, request.Count, latents.ToArray(), Config.LatentSize, request.Conditions, request.Seed);
    }

    /// <summary>Adds the noise of a run that observed noise (nothing otherwise) to <paramref name="images"/> of <paramref name="request"/>, in place.</summary>
    public void AddObservedNoise(float[] images, GenerationRequest request)
    {
        var bands = Bands.Count;
        var plane = ImageSize * ImageSize;
        if (Info.NoiseSigmas is { } sigmas)
        {
            // The run learnt noise-free galaxies and saw them with the data's noise (sky, and the
            // source Poisson term where it knew the gain): add the same, from a stream of the seed
            // the latents do not use.
            var noise = Tensor.RandN(new PhiloxGenerator(new PhiloxState(request.Seed, 1UL << 40)), request.Count, bands, plane).Data;
            for (var i = 0; i < request.Count; i++)
                for (var b = 0; b < bands; b++)
                {
                    var o = (i * bands + b) * plane;
                    PixelVariance.AddNoise(images.AsSpan(o, plane), sigmas[b], Info.NoiseGains?[b] ?? 0, noise.Slice(o, plane));
                }
        }
    }
}
