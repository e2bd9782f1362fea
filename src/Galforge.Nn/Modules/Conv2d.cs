using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>2-D convolution layer (NCHW): weight [out, in, k, k], bias [out], zero padding; PyTorch's default initialisation.</summary>
public sealed class Conv2d : Module
{
    /// <summary>A convolution with a square <paramref name="kernel"/>, <paramref name="stride"/> and zero <paramref name="padding"/> (pixels).</summary>
    public Conv2d(int inChannels, int outChannels, int kernel, PhiloxGenerator rng, int stride = 1, int padding = 0, bool bias = true)
    {
        if (inChannels < 1 || outChannels < 1 || kernel < 1)
            throw new ArgumentOutOfRangeException(nameof(kernel), $"conv2d: channels {inChannels} -> {outChannels} and kernel {kernel} must be >= 1");
        Stride = stride;
        Padding = padding;
        Weight = RegisterParameter("weight", Tensor.Zeros(outChannels, inChannels, kernel, kernel));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outChannels)) : null;
        Initializers.TorchDefault(Weight, Bias, rng);
    }

    /// <summary>Weight [out, in, k, k].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Stride in pixels.</summary>
    public int Stride { get; }

    /// <summary>Zero padding in pixels on each side.</summary>
    public int Padding { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding);
}
