using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Rectified linear unit max(x, 0).</summary>
public sealed class ReLU : Module
{
    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Relu();
}
