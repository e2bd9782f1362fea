using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// 2-D transposed convolution layer (NCHW): weight [in, out, k, k] (PyTorch's layout), bias [out];
/// output size (H-1)·stride - 2·padding + k + outputPadding. PyTorch's default initialisation.
/// </summary>
public sealed class ConvTranspose2d : Module
{
    /// <summary>A transposed convolution with a square <paramref name="kernel"/>.</summary>
    public ConvTranspose2d(int inChannels, int outChannels, int kernel, PhiloxGenerator rng, int stride = 1, int padding = 0, int outputPadding = 0, bool bias = true)
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1)
            throw new ArgumentOutOfRangeException(nameof(kernel), $"conv_transpose2d: channels {inChannels} -> {outChannels} and kernel {kernel} must be >= 1");
        Stride = stride;
        Padding = padding;
        OutputPadding = outputPadding;
        Weight = RegisterParameter("weight", Tensor.Zeros(inChannels, outChannels, kernel, kernel));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outChannels)) : null;
        Initializers.TorchDefault(Weight, Bias, rng);
    }

    /// <summary>Weight [in, out, k, k].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Stride in pixels.</summary>
    public int Stride { get; }

    /// <summary>Padding in pixels.</summary>
    public int Padding { get; }

    /// <summary>Extra rows/columns added on one side of the output (less than the stride).</summary>
    public int OutputPadding { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.ConvTranspose2d(input, Weight, Bias, Stride, Padding, OutputPadding);
}
