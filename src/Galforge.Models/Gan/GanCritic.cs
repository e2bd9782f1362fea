using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Gan;

/// <summary>Critic outputs: the Wasserstein score and, for AC-GAN, the auxiliary head.</summary>
/// <param name="Score">[N, 1] critic score (includes the projection term when conditional).</param>
/// <param name="Auxiliary">[N, C] class logits or predicted standardised parameters; null when unconditional.</param>
public readonly record struct CriticOutput(Tensor Score, Tensor? Auxiliary);

/// <summary>
/// Progressive-GAN critic, the generator's mirror: a 1x1 "from-image" convolution per stage; each
/// stage above 4x4 applies two 3x3 convolutions and a 2x2 average pool; the 4x4 block appends the
/// minibatch standard deviation (group 4), then a 3x3 convolution, a 4x4 convolution to 1x1 and
/// a linear layer to one score. LeakyReLU 0.2, equalized learning rate, no normalisation. When
/// conditional it adds a projection term (Miyato and Koyama 2018) ⟨embed(c), φ(x)⟩ to the score
/// and an AC-GAN head (Odena et al. 2017) predicting the condition from φ(x).
/// </summary>
public sealed class GanCritic : Module
{
    private readonly List<EqualizedConv2d> _fromImage = [];
    private readonly List<EqualizedConv2d> _conv1 = [];
    private readonly List<EqualizedConv2d> _conv2 = [];
    private readonly EqualizedConv2d _finalConv, _finalDense;
    private readonly EqualizedLinear _score;
    private readonly EqualizedLinear? _embed, _auxiliary;
    private readonly int _group;

    /// <summary>Builds the critic for <paramref name="bands"/> input bands and a condition vector of <paramref name="conditionSize"/> (0: unconditional).</summary>
    public GanCritic(ProgressiveGanConfig config, int bands, int conditionSize, PhiloxGenerator rng)
    {
        var ch = config.Channels;
        Bands = bands;
        ConditionSize = conditionSize;
        _group = config.MinibatchStdGroup;
        for (var s = 0; s < ch.Length; s++)
            _fromImage.Add(RegisterModule($"s{s}_from_image", new EqualizedConv2d(bands, ch[s], 1, rng)));
        for (var s = 1; s < ch.Length; s++)
        {
            _conv1.Add(RegisterModule($"s{s}_conv1", new EqualizedConv2d(ch[s], ch[s], 3, rng, padding: 1)));
            _conv2.Add(RegisterModule($"s{s}_conv2", new EqualizedConv2d(ch[s], ch[s - 1], 3, rng, padding: 1)));
        }
        _finalConv = RegisterModule("s0_conv", new EqualizedConv2d(ch[0] + 1, ch[0], 3, rng, padding: 1));
        _finalDense = RegisterModule("s0_dense", new EqualizedConv2d(ch[0], ch[0], 4, rng));
        _score = RegisterModule("score", new EqualizedLinear(ch[0], 1, rng, gain: 1f));
        if (conditionSize > 0)
        {
            _embed = RegisterModule("embed", new EqualizedLinear(conditionSize, ch[0], rng, bias: false, gain: 1f));
            _auxiliary = RegisterModule("auxiliary", new EqualizedLinear(ch[0], conditionSize, rng, gain: 1f));
        }
    }

    /// <summary>Input bands.</summary>
    public int Bands { get; }

    /// <summary>Condition vector length (0 when unconditional).</summary>
    public int ConditionSize { get; }

    /// <summary>Number of stages.</summary>
    public int StageCount => _fromImage.Count;

    /// <summary>Unconditional score of full-size images [N, B, S, S]: [N, 1].</summary>
    public override Tensor Forward(Tensor input) => Evaluate(input, null, StageCount - 1, 1f).Score;

    /// <summary>
    /// Scores images [N, B, 4·2^stage, ...]. With alpha &lt; 1 the features of the new stage are
    /// blended with those of the previous stage's from-image layer applied to the 2x2-averaged
    /// input: (1-alpha)·old + alpha·new, mirroring the generator's fade-in.
    /// </summary>
    public CriticOutput Evaluate(Tensor images, Tensor? condition, int stage, float alpha)
    {
        var size = 4 << stage;
        if (images.Rank != 4 || images.Size(1) != Bands || images.Size(2) != size || images.Size(3) != size)
            throw new TensorShapeException("gan critic", $"images {TensorShapeException.Format([.. images.Shape])} must be [N, {Bands}, {size}, {size}] at stage {stage}");
        var h = Lrelu(_fromImage[stage].Forward(images));
        for (var s = stage; s >= 1; s--)
        {
            h = Lrelu(_conv1[s - 1].Forward(h));
            h = Lrelu(_conv2[s - 1].Forward(h));
            h = Functional.AvgPool2d(h, 2);
            if (s == stage && alpha < 1f)
            {
                var old = Lrelu(_fromImage[stage - 1].Forward(Functional.AvgPool2d(images, 2)));
                h = old.Mul(1f - alpha).Add(h.Mul(alpha));
            }
        }
        var n = images.Size(0);
        h = Functional.MinibatchStdDev(h, Math.Min(_group, n));
        h = Lrelu(_finalConv.Forward(h));
        var features = Lrelu(_finalDense.Forward(h)).Reshape(n, -1);
        var score = _score.Forward(features);
        if (ConditionSize == 0) return new CriticOutput(score, null);
        if (condition is null || condition.Rank != 2 || condition.Size(0) != n || condition.Size(1) != ConditionSize)
            throw new TensorShapeException("gan critic", $"condition {(condition is null ? "null" : TensorShapeException.Format([.. condition.Shape]))} must be [{n}, {ConditionSize}]");
        var projection = _embed!.Forward(condition).Mul(features).Sum(1, keepDim: true);
        return new CriticOutput(score.Add(projection), _auxiliary!.Forward(features));
    }

    private static Tensor Lrelu(Tensor x) => x.LeakyRelu(0.2f);
}
