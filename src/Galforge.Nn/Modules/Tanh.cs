using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Hyperbolic tangent.</summary>
public sealed class Tanh : Module
{
    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Tanh();
}
