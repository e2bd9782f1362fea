using System.Text.Json;
using System.Text.Json.Serialization;

namespace Galforge.Models.Flow;

/// <summary>Architecture and training settings of the conditional flow (JSON, snake_case).</summary>
public sealed record FlowConfig
{
    /// <summary>Number of MADE bijectors.</summary>
    [JsonPropertyName("bijectors")] public int Bijectors { get; init; } = 8;

    /// <summary>Units in each of the two hidden layers of every MADE.</summary>
    [JsonPropertyName("hidden")] public int Hidden { get; init; } = 256;

    /// <summary>Log-scales are soft-clipped to (-clip, clip).</summary>
    [JsonPropertyName("log_scale_clip")] public double LogScaleClip { get; init; } = 5.0;

    /// <summary>Adam learning rate.</summary>
    [JsonPropertyName("learning_rate")] public double LearningRate { get; init; } = 1e-3;

    /// <summary>Latents per step.</summary>
    [JsonPropertyName("batch_size")] public int BatchSize { get; init; } = 128;

    /// <summary>Training steps.</summary>
    [JsonPropertyName("steps")] public int Steps { get; init; } = 3000;

    /// <summary>Validation and checkpoint every this many steps.</summary>
    [JsonPropertyName("checkpoint_every")] public int CheckpointEvery { get; init; } = 250;

    /// <summary>Early stop after this many validations without improvement (0: never).</summary>
    [JsonPropertyName("patience")] public int Patience { get; init; } = 6;

    /// <summary>
    /// Calibrate a <see cref="Vae.DecoderTexture"/> on the training residuals and record it in the
    /// run, so generated galaxies get the small-scale structure the decoder's mean image lacks.
    /// </summary>
    [JsonPropertyName("texture")] public bool Texture { get; init; } = true;

    /// <summary>Galaxies (from the training split) the texture is calibrated on.</summary>
    [JsonPropertyName("texture_galaxies")] public int TextureGalaxies { get; init; } = 600;

    /// <summary>Checks the values.</summary>
    public FlowConfig Validated(string source)
    {
        void Fail(string key, object v, string expected) => throw new BadInputException($"{source}: '{key}' is {v}, expected {expected}");
        if (Bijectors < 1) Fail("bijectors", Bijectors, ">= 1");
        if (Hidden < 1) Fail("hidden", Hidden, ">= 1");
        if (!(LogScaleClip > 0)) Fail("log_scale_clip", LogScaleClip, "> 0");
        if (!(LearningRate > 0)) Fail("learning_rate", LearningRate, "> 0");
        if (BatchSize < 1) Fail("batch_size", BatchSize, ">= 1");
        if (Steps < 0) Fail("steps", Steps, ">= 0");
        if (CheckpointEvery < 1) Fail("checkpoint_every", CheckpointEvery, ">= 1");
        if (Patience < 0) Fail("patience", Patience, ">= 0");
        if (TextureGalaxies < 1) Fail("texture_galaxies", TextureGalaxies, ">= 1");
        return this;
    }

    /// <summary>Indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Parses JSON (unknown keys are an error).</summary>
    public static FlowConfig FromJson(string json, string source)
    {
        try { return JsonSerializer.Deserialize<FlowConfig>(json, Options) ?? throw new BadInputException($"{source}: empty flow configuration"); }
        catch (JsonException e) { throw new BadInputException($"{source}: not a valid flow configuration: {e.Message.Split('\n')[0]}"); }
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
}
