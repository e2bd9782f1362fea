using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Linear layer with the equalized learning rate of the progressive GAN (Karras et al. 2018,
/// section 4.1): weights drawn from N(0, 1) and multiplied at run time by
/// gain / sqrt(fan_in), bias zero, so that Adam's per-parameter step sizes are equal for all layers.
/// </summary>
public sealed class EqualizedLinear : Module
{
    /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>; <paramref name="gain"/> defaults to sqrt(2) (He).</summary>
    public EqualizedLinear(int inFeatures, int outFeatures, PhiloxGenerator rng, bool bias = true, float gain = 1.41421356f)
    {
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outFeatures)) : null;
        Initializers.Normal(Weight, 0f, 1f, rng);
        Scale = (float)(gain / Math.Sqrt(inFeatures));
    }

    /// <summary>Unscaled weight [out, in] (N(0,1) at start).</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out] (zeros at start), or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>The run-time weight multiplier gain / sqrt(fan_in).</summary>
    public float Scale { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight.Mul(Scale), Bias);
}
