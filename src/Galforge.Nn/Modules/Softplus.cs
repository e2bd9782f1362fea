using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Softplus log(1+exp(x)).</summary>
public sealed class Softplus : Module
{
    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Softplus();
}
