using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Average pooling over kernel x kernel windows (stride defaults to the kernel), no padding.</summary>
public sealed class AvgPool2d(int kernel, int stride = 0) : Module
{
    /// <summary>Window size in pixels.</summary>
    public int Kernel { get; } = kernel;

    /// <summary>Step in pixels (0: the kernel size).</summary>
    public int Stride { get; } = stride;

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, Kernel, Stride);
}
