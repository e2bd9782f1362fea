using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Transposed convolution with the equalized learning rate: weight [in, out, k, k] from N(0, 1)
/// multiplied at run time by gain / sqrt(fan_in). The fan-in is the number of inputs that reach
/// one output pixel: in·ceil(k/stride)² by default; pass <c>fanIn</c> explicitly where the input
/// is smaller than that implies (the progressive GAN's first layer, a 4x4 kernel on a 1x1 latent,
/// has fan-in = in, as its dense formulation).
/// </summary>
public sealed class EqualizedConvTranspose2d : Module
{
    /// <summary>A transposed convolution with a square <paramref name="kernel"/>; <paramref name="gain"/> defaults to sqrt(2) (He).</summary>
    public EqualizedConvTranspose2d(int inChannels, int outChannels, int kernel, PhiloxGenerator rng, int stride = 1, int padding = 0,
        int outputPadding = 0, bool bias = true, float gain = 1.41421356f, int fanIn = 0)
    {
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Weight = RegisterParameter("weight", Tensor.Zeros(inChannels, outChannels, kernel, kernel));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outChannels)) : null;
        Initializers.Normal(Weight, 0f, 1f, rng);
        var taps = (kernel + stride - 1) / stride;
        FanIn = fanIn > 0 ? fanIn : inChannels * taps * taps;
        Scale = (float)(gain / Math.Sqrt(FanIn));
    }

    /// <summary>Unscaled weight [in, out, k, k].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>The fan-in used for the scale.</summary>
    public int FanIn { get; }

    /// <summary>The run-time weight multiplier gain / sqrt(fan_in).</summary>
    public float Scale { get; }

    /// <summary>Stride in pixels.</summary>
    public int Stride { get; }

    /// <summary>Padding in pixels.</summary>
    public int Padding { get; }

    /// <summary>Extra output rows/columns on one side.</summary>
    public int OutputPadding { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, Weight.Mul(Scale), Bias, Stride, Padding, OutputPadding);
}
