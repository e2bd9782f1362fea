using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Convolution with the equalized learning rate (Karras et al. 2018): weight [out, in, k, k] from
/// N(0, 1) multiplied at run time by gain / sqrt(in·k·k), bias zero.
/// </summary>
public sealed class EqualizedConv2d : Module
{
    /// <summary>A convolution with a square <paramref name="kernel"/>; <paramref name="gain"/> defaults to sqrt(2) (He).</summary>
    public EqualizedConv2d(int inChannels, int outChannels, int kernel, PhiloxGenerator rng, int stride = 1, int padding = 0, bool bias = true, float gain = 1.41421356f)
    {
        Stride = stride;
        Padding = padding;
        Weight = RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels, kernel, kernel));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outChannels)) : null;
        Initializers.Normal(Weight, 0f, 1f, rng);
        Scale = (float)(gain / Math.Sqrt((double)inChannels * kernel * kernel));
    }

    /// <summary>Unscaled weight [out, in, k, k].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>The run-time weight multiplier gain / sqrt(fan_in).</summary>
    public float Scale { get; }

    /// <summary>Stride in pixels.</summary>
    public int Stride { get; }

    /// <summary>Zero padding in pixels.</summary>
    public int Padding { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight.Mul(Scale), Bias, Stride, Padding);
}
