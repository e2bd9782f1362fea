using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Rectified linear unit max(x, 0).</summary>
public sealed class ReLU : Module
{
    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Relu();
}
