using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Galforge.Models.Gan;

/// <summary>
/// Architecture and training settings of the progressive GAN (Karras et al. 2018, WGAN-GP). The
/// defaults are the paper's recipe at 64x64: channels 256, 128, 64, 32, 16 at 4, 8, 16, 32, 64
/// pixels. Stored as config.json in a run folder; a --config file overrides any subset.
/// </summary>
public sealed class ProgressiveGanConfig
{
    /// <summary>Length of the latent vector (normalised to the unit hypersphere x sqrt(n) by pixel norm).</summary>
    [JsonPropertyName("latent_size")] public int LatentSize { get; set; } = 256;

    /// <summary>Feature channels per resolution stage: entry s is used at 4·2^s pixels; the count sets the final size.</summary>
    [JsonPropertyName("channels")] public int[] Channels { get; set; } = [256, 128, 64, 32, 16];

    /// <summary>Images shown per phase: the first stage is stabilised for this many, every later stage fades in over this many and is then stabilised for as many.</summary>
    [JsonPropertyName("images_per_phase")] public long ImagesPerPhase { get; set; } = 600_000;

    /// <summary>Images shown after the final resolution is fully faded in before training stops.</summary>
    [JsonPropertyName("final_images")] public long FinalImages { get; set; } = 600_000;

    /// <summary>Images per minibatch; a multiple of the minibatch-stddev group (4) or below it.</summary>
    [JsonPropertyName("batch_size")] public int BatchSize { get; set; } = 16;

    /// <summary>Adam learning rate of both networks.</summary>
    [JsonPropertyName("learning_rate")] public double LearningRate { get; set; } = 1e-3;

    /// <summary>Adam beta1.</summary>
    [JsonPropertyName("beta1")] public double Beta1 { get; set; }

    /// <summary>Adam beta2.</summary>
    [JsonPropertyName("beta2")] public double Beta2 { get; set; } = 0.99;

    /// <summary>Adam epsilon.</summary>
    [JsonPropertyName("adam_eps")] public double AdamEps { get; set; } = 1e-8;

    /// <summary>Gradient-penalty weight lambda (WGAN-GP).</summary>
    [JsonPropertyName("gp_lambda")] public double GpLambda { get; set; } = 10;

    /// <summary>Drift penalty weight on D(real)^2 (Karras appendix A.1).</summary>
    [JsonPropertyName("drift")] public double Drift { get; set; } = 1e-3;

    /// <summary>Decay of the generator's exponential moving average used for sampling.</summary>
    [JsonPropertyName("ema_decay")] public double EmaDecay { get; set; } = 0.999;

    /// <summary>Group size of the critic's minibatch standard deviation layer.</summary>
    [JsonPropertyName("mbstd_group")] public int MinibatchStdGroup { get; set; } = 4;

    /// <summary>Weight of the auxiliary (AC-GAN) classification or regression loss in both networks' losses.</summary>
    [JsonPropertyName("aux_weight")] public double AuxWeight { get; set; } = 1;

    /// <summary>Conditioning: "none", "class" or "params".</summary>
    [JsonPropertyName("condition")] public string Condition { get; set; } = "none";

    /// <summary>Parameter column the classes come from (strings: one class per distinct value; numbers: binned by <see cref="ClassEdges"/>).</summary>
    [JsonPropertyName("class_column")] public string ClassColumn { get; set; } = "sersic_n";

    /// <summary>Bin edges for a numeric class column (k edges give k+1 classes); default splits disk-like (n &lt; 2) from bulge-like.</summary>
    [JsonPropertyName("class_edges")] public double[] ClassEdges { get; set; } = [2.0];

    /// <summary>Continuous parameters for --condition params, named as for the flow (<see cref="Generation.ConditionColumns"/>: mag, hlr in arcsec, e = (1-q)/(1+q), or any column).</summary>
    [JsonPropertyName("param_columns")] public string[] ParamColumns { get; set; } = ["mag", "hlr", "e"];

    /// <summary>
    /// Observe the generator's output like the data: add the data's sky noise (median sigma per
    /// band, in flux units) to every fake before the critic sees it, and to generated galaxies.
    /// The generator then learns noise-free (PSF-convolved) galaxies and does not have to invent
    /// pixel noise from its latent, which a noise-input-free progressive GAN does badly.
    /// </summary>
    [JsonPropertyName("observe_noise")] public bool ObserveNoise { get; set; }

    /// <summary>Optimisation steps between checkpoints (0: only at the end).</summary>
    [JsonPropertyName("checkpoint_every")] public int CheckpointEvery { get; set; } = 500;

    /// <summary>Optimisation steps between sample grids (0: only at the end).</summary>
    [JsonPropertyName("sample_every")] public int SampleEvery { get; set; } = 500;

    /// <summary>Number of stages (resolutions) = channel entries.</summary>
    [JsonIgnore] public int StageCount => Channels.Length;

    /// <summary>Final image side in pixels, 4·2^(stages-1).</summary>
    [JsonIgnore] public int ImageSize => 4 << (Channels.Length - 1);

    /// <summary>Whether a condition vector feeds the networks.</summary>
    [JsonIgnore] public bool IsConditional => Condition != "none";

    /// <summary>Checks every setting; throws <see cref="BadInputException"/> naming the first bad one.</summary>
    public void Validate(string source)
    {
        void Fail(string key, string what) => throw new BadInputException($"{source}: '{key}' {what}");
        if (LatentSize < 1) Fail("latent_size", $"is {LatentSize}, expected >= 1");
        if (Channels is null || Channels.Length is < 1 or > 6) Fail("channels", "must list 1 to 6 stages (4 to 128 pixels)");
        foreach (var c in Channels!) if (c < 1) Fail("channels", $"holds {c}, expected positive channel counts");
        if (ImagesPerPhase < 1) Fail("images_per_phase", $"is {ImagesPerPhase}, expected >= 1");
        if (FinalImages < 0) Fail("final_images", $"is {FinalImages}, expected >= 0");
        if (BatchSize < 1) Fail("batch_size", $"is {BatchSize}, expected >= 1");
        if (MinibatchStdGroup < 1) Fail("mbstd_group", $"is {MinibatchStdGroup}, expected >= 1");
        if (BatchSize > MinibatchStdGroup && BatchSize % MinibatchStdGroup != 0)
            Fail("batch_size", $"is {BatchSize}, expected a multiple of the minibatch-stddev group {MinibatchStdGroup}");
        if (!(LearningRate > 0)) Fail("learning_rate", "must be > 0");
        if (!(Beta1 >= 0 && Beta1 < 1) || !(Beta2 >= 0 && Beta2 < 1)) Fail("beta1/beta2", "must be in [0, 1)");
        if (!(GpLambda >= 0) || !(Drift >= 0) || !(AuxWeight >= 0)) Fail("gp_lambda/drift/aux_weight", "must be >= 0");
        if (!(EmaDecay >= 0 && EmaDecay <= 1)) Fail("ema_decay", "must be in [0, 1]");
        if (Condition is not ("none" or "class" or "params")) Fail("condition", $"is '{Condition}', expected none, class or params");
        if (CheckpointEvery < 0 || SampleEvery < 0) Fail("checkpoint_every/sample_every", "must be >= 0");
        for (var i = 1; i < ClassEdges.Length; i++)
            if (!(ClassEdges[i] > ClassEdges[i - 1])) Fail("class_edges", "must increase");
        if (Condition == "params" && ParamColumns.Length == 0) Fail("param_columns", "is empty");
    }

    /// <summary>Total images of the whole schedule.</summary>
    [JsonIgnore] public long TotalImages => ImagesPerPhase * (2L * StageCount - 1) + FinalImages;

    /// <summary>JSON options shared by reading and writing.</summary>
    internal static readonly JsonSerializerOptions Json = new() { WriteIndented = true, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Reads a config file (JSON; unknown keys are errors) over the defaults.</summary>
    public static ProgressiveGanConfig Read(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: config file not found");
        ProgressiveGanConfig? c;
        try { c = JsonSerializer.Deserialize<ProgressiveGanConfig>(File.ReadAllText(path), Json); }
        catch (JsonException e) { throw new BadInputException($"{path}: not a valid GAN config ({OneLine(e.Message)})"); }
        if (c is null) throw new BadInputException($"{path}: empty GAN config");
        c.Validate(path);
        return c;
    }

    /// <summary>Serialises to indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');

    /// <summary>Invariant number text.</summary>
    internal static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
