using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Linear layer whose weight is multiplied by a fixed 0/1 connectivity mask (MADE, Germain et
/// al. 2015): y = x (W ⊙ M)ᵀ + b. The mask is a buffer (saved, never trained).
/// </summary>
public sealed class MaskedLinear : Module
{
    /// <summary>A masked layer; <paramref name="mask"/> is [out, in] of zeros and ones.</summary>
    public MaskedLinear(int inFeatures, int outFeatures, Tensor mask, PhiloxGenerator rng, bool bias = true)
    {
        if (mask.Rank != 2 || mask.Shape[0] != outFeatures || mask.Shape[1] != inFeatures)
            throw new ArgumentException($"masked linear: mask {ShapeText(mask)} must be [{outFeatures}, {inFeatures}]", nameof(mask));
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outFeatures)) : null;
        Mask = RegisterBuffer("mask", mask.Detach().Clone());
        Initializers.TorchDefault(Weight, Bias, rng);
    }

    /// <summary>Weight [out, in] (entries where the mask is 0 have no effect).</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>The 0/1 mask [out, in].</summary>
    public Tensor Mask { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MaskedLinear(input, Weight, Mask, Bias);
}
