using System.Text.Json;
using System.Text.Json.Serialization;

namespace Galforge.Models.Vae;

/// <summary>
/// Architecture and training settings of the convolutional VAE. Read from a JSON file
/// (<c>--config</c>, property names as below in snake_case) and stored in the run's model card.
/// </summary>
public sealed record VaeConfig
{
    /// <summary>Latent dimension (16 to 64 in the issue; 2 to 256 accepted).</summary>
    [JsonPropertyName("latent")] public int Latent { get; init; } = 32;

    /// <summary>Channels after the first convolution; doubled at each downsampling up to <see cref="MaxChannels"/>.</summary>
    [JsonPropertyName("width")] public int Width { get; init; } = 16;

    /// <summary>Cap on the channel count.</summary>
    [JsonPropertyName("max_channels")] public int MaxChannels { get; init; } = 128;

    /// <summary>Number of stride-2 downsamplings (and upsamplings); the bottleneck is S / 2^depth pixels wide.</summary>
    [JsonPropertyName("depth")] public int Depth { get; init; } = 4;

    /// <summary>Residual blocks at each resolution level.</summary>
    [JsonPropertyName("residual_blocks")] public int ResidualBlocks { get; init; } = 1;

    /// <summary>Weight of the KL term (beta-VAE).</summary>
    [JsonPropertyName("beta")] public double Beta { get; init; } = 1.0;

    /// <summary>Free bits: the KL of each latent dimension (batch mean, nats) is counted as at least this.</summary>
    [JsonPropertyName("free_bits")] public double FreeBits { get; init; } = 0.0;

    /// <summary>Width in pixels of the cosine taper that brings the decoder's output to zero at the stamp edge.</summary>
    [JsonPropertyName("apodization_pixels")] public int ApodizationPixels { get; init; } = 4;

    /// <summary>Adam learning rate.</summary>
    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; } = 1e-3;

    /// <summary>
    /// Learning-rate schedule: "constant", or "cosine" (from <see cref="LearningRate"/> down to
    /// <see cref="FinalLearningRateFraction"/> of it at <see cref="Steps"/>, half a cosine period).
    /// The rate depends only on the step, so a resumed run follows the same schedule.
    /// </summary>
    [JsonPropertyName("lr_schedule")] public string LearningRateSchedule { get; init; } = "constant";

    /// <summary>
    /// Likelihood of the residual: "pixel" (each pixel weighted by its inverse variance, sky
    /// plus source Poisson term) or "fourier" (the residual's Fourier modes weighted by the
    /// inverse of the sky noise power spectrum, <see cref="Astro.Datasets.GalaxyDataset.NoisePowerSpectra"/>;
    /// right for correlated noise such as drizzled HST images; stationary sky noise only, no
    /// source Poisson term).
    /// </summary>
    [JsonPropertyName("likelihood")] public string Likelihood { get; init; } = "pixel";

    /// <summary>With the cosine schedule: the final learning rate as a fraction of the initial one.</summary>
    [JsonPropertyName("final_lr_fraction")] public double FinalLearningRateFraction { get; init; } = 0.05;

    /// <summary>The learning rate for optimiser step <paramref name="step"/> (0-based) of the schedule.</summary>
    public double LearningRateAt(long step)
    {
        if (LearningRateSchedule != "cosine" || Steps <= 0) return LearningRate;
        var t = Math.Clamp((double)step / Steps, 0, 1);
        var floor = FinalLearningRateFraction * LearningRate;
        return floor + (LearningRate - floor) * 0.5 * (1 + Math.Cos(Math.PI * t));
    }

    /// <summary>Galaxies per step.</summary>
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; } = 16;

    /// <summary>Training steps.</summary>
    [JsonPropertyName("steps")] public int Steps { get; init; } = 2000;

    /// <summary>Fraction of the galaxies held out for validation (and evaluation).</summary>
    [JsonPropertyName("validation_fraction")] public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Validation, checkpoint and sample grid every this many steps.</summary>
    [JsonPropertyName("checkpoint_every")] public int CheckpointEvery { get; init; } = 200;

    /// <summary>Early stop after this many validations without improvement (0: never).</summary>
    [JsonPropertyName("patience")] public int Patience { get; init; } = 5;

    /// <summary>Gradient-norm clip (0: none).</summary>
    [JsonPropertyName("clip_norm")] public double ClipNorm { get; init; } = 10.0;

    /// <summary>Checks the values; a bad one is a one-line error naming <paramref name="source"/>.</summary>
    public VaeConfig Validated(string source, int imageSize)
    {
        void Fail(string key, object v, string expected) => throw new BadInputException($"{source}: '{key}' is {v}, expected {expected}");
        if (Latent is < 2 or > 256) Fail("latent", Latent, "2 to 256");
        if (Width < 1) Fail("width", Width, ">= 1");
        if (MaxChannels < Width) Fail("max_channels", MaxChannels, $">= width ({Width})");
        if (Depth < 1 || imageSize % (1 << Depth) != 0 || imageSize >> Depth < 1) Fail("depth", Depth, $"between 1 and log2 of the image size {imageSize}, dividing it");
        if (ResidualBlocks < 0) Fail("residual_blocks", ResidualBlocks, ">= 0");
        if (!(Beta >= 0)) Fail("beta", Beta, ">= 0");
        if (!(FreeBits >= 0)) Fail("free_bits", FreeBits, ">= 0");
        if (ApodizationPixels < 0 || 2 * ApodizationPixels >= imageSize) Fail("apodization_pixels", ApodizationPixels, $"0 to {imageSize / 2 - 1}");
        if (!(LearningRate > 0)) Fail("learning_rate", LearningRate, "> 0");
        if (LearningRateSchedule is not ("constant" or "cosine")) Fail("lr_schedule", LearningRateSchedule, "\"constant\" or \"cosine\"");
        if (Likelihood is not ("pixel" or "fourier")) Fail("likelihood", Likelihood, "\"pixel\" or \"fourier\"");
        if (!(FinalLearningRateFraction is >= 0 and <= 1)) Fail("final_lr_fraction", FinalLearningRateFraction, "in [0, 1]");
        if (BatchSize < 1) Fail("batch_size", BatchSize, ">= 1");
        if (Steps < 0) Fail("steps", Steps, ">= 0");
        if (!(ValidationFraction > 0 && ValidationFraction < 1)) Fail("validation_fraction", ValidationFraction, "in (0, 1)");
        if (CheckpointEvery < 1) Fail("checkpoint_every", CheckpointEvery, ">= 1");
        if (Patience < 0) Fail("patience", Patience, ">= 0");
        if (!(ClipNorm >= 0)) Fail("clip_norm", ClipNorm, ">= 0");
        return this;
    }

    /// <summary>Reads a JSON configuration file; unknown keys are an error.</summary>
    public static VaeConfig Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<VaeConfig>(File.ReadAllText(path), JsonOptions)
                ?? throw new BadInputException($"{path}: empty configuration");
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not a valid VAE configuration: {e.Message.Split('\n')[0]}");
        }
        catch (IOException e)
        {
            throw new BadInputException($"{path}: cannot read configuration: {e.Message}");
        }
    }

    /// <summary>The configuration as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Parses <see cref="ToJson"/> output.</summary>
    public static VaeConfig FromJson(string json) => JsonSerializer.Deserialize<VaeConfig>(json, JsonOptions)!;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
}
