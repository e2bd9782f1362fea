using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Logistic sigmoid 1/(1+exp(-x)).</summary>
public sealed class Sigmoid : Module
{
    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}
