using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Gan;

/// <summary>
/// Progressive-GAN generator (Karras et al. 2018, table 2): the latent (pixel-normalised onto the
/// hypersphere of radius sqrt(n), with the condition vector appended when conditional) becomes a
/// 4x4 map through a transposed 4x4 convolution and a 3x3 convolution; each later stage
/// up-samples 2x (nearest) and applies two 3x3 convolutions; a 1x1 "to-image" convolution per
/// stage gives the bands. LeakyReLU 0.2 and pixel norm after every convolution but to-image;
/// every layer has an equalized learning rate. All stages exist from the start (so checkpoints
/// have one layout); <see cref="Generate"/> runs the first stage+1 of them.
/// </summary>
public sealed class GanGenerator : Module
{
    private readonly List<EqualizedConv2d> _conv1 = [];
    private readonly List<EqualizedConv2d> _conv2 = [];
    private readonly List<EqualizedConv2d> _toImage = [];
    private readonly EqualizedConvTranspose2d _initial;

    /// <summary>Builds the generator for <paramref name="bands"/> output bands and a condition vector of <paramref name="conditionSize"/> (0: unconditional).</summary>
    public GanGenerator(ProgressiveGanConfig config, int bands, int conditionSize, PhiloxGenerator rng)
    {
        LatentSize = config.LatentSize;
        ConditionSize = conditionSize;
        Bands = bands;
        var ch = config.Channels;
        var input = LatentSize + conditionSize;
        // A 1x1 input only meets one tap of the 4x4 kernel per output pixel, so the true fan-in is
        // the input length (He scaling on it), not input*16.
        _initial = RegisterModule("initial", new EqualizedConvTranspose2d(input, ch[0], 4, rng, fanIn: input));
        _conv1.Add(RegisterModule("s0_conv", new EqualizedConv2d(ch[0], ch[0], 3, rng, padding: 1)));
        for (var s = 1; s < ch.Length; s++)
        {
            _conv1.Add(RegisterModule($"s{s}_conv1", new EqualizedConv2d(ch[s - 1], ch[s], 3, rng, padding: 1)));
            _conv2.Add(RegisterModule($"s{s}_conv2", new EqualizedConv2d(ch[s], ch[s], 3, rng, padding: 1)));
        }
        for (var s = 0; s < ch.Length; s++)
            _toImage.Add(RegisterModule($"s{s}_to_image", new EqualizedConv2d(ch[s], bands, 1, rng, gain: 1f)));
    }

    /// <summary>Latent length.</summary>
    public int LatentSize { get; }

    /// <summary>Condition vector length (0 when unconditional).</summary>
    public int ConditionSize { get; }

    /// <summary>Output bands.</summary>
    public int Bands { get; }

    /// <summary>Number of stages.</summary>
    public int StageCount => _toImage.Count;

    /// <summary>Final stage at full strength: latent [N, L] to images [N, B, S, S].</summary>
    public override Tensor Forward(Tensor input) => Generate(input, null, StageCount - 1, 1f);

    /// <summary>
    /// Images [N, bands, 4·2^stage, 4·2^stage] from latents [N, L] (and conditions [N, C]). With
    /// alpha &lt; 1 the new stage's image is blended with the previous stage's image up-sampled
    /// (nearest): (1-alpha)·up(old) + alpha·new, the smooth fade-in of Karras section 2.
    /// </summary>
    public Tensor Generate(Tensor latent, Tensor? condition, int stage, float alpha)
    {
        if (latent.Rank != 2 || latent.Size(1) != LatentSize)
            throw new TensorShapeException("gan generator", $"latent {TensorShapeException.Format([.. latent.Shape])} must be [N, {LatentSize}]");
        if (stage < 0 || stage >= StageCount) throw new ArgumentOutOfRangeException(nameof(stage), stage, "gan generator: no such stage");
        var z = Functional.PixelNorm(latent.Reshape(latent.Size(0), LatentSize, 1, 1));
        if (ConditionSize > 0)
        {
            if (condition is null || condition.Rank != 2 || condition.Size(1) != ConditionSize || condition.Size(0) != latent.Size(0))
                throw new TensorShapeException("gan generator", $"condition {(condition is null ? "null" : TensorShapeException.Format([.. condition.Shape]))} must be [{latent.Size(0)}, {ConditionSize}]");
            z = Tensor.Concat([z, condition.Reshape(condition.Size(0), ConditionSize, 1, 1)], 1);
        }
        var h = Act(_initial.Forward(z));
        h = Act(_conv1[0].Forward(h));
        Tensor? previous = null;
        for (var s = 1; s <= stage; s++)
        {
            if (s == stage && alpha < 1f) previous = h;
            h = Functional.UpsampleNearest2x(h);
            h = Act(_conv1[s].Forward(h));
            h = Act(_conv2[s - 1].Forward(h));
        }
        var image = _toImage[stage].Forward(h);
        if (previous is null) return image;
        var old = Functional.UpsampleNearest2x(_toImage[stage - 1].Forward(previous));
        return old.Mul(1f - alpha).Add(image.Mul(alpha));
    }

    private static Tensor Act(Tensor x) => Functional.PixelNorm(x.LeakyRelu(0.2f));
}
