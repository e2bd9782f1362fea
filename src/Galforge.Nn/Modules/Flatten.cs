using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Flattens every dimension from <c>startDim</c> (default 1: all but the batch) into one.</summary>
public sealed class Flatten(int startDim = 1) : Module
{
    /// <summary>First dimension flattened.</summary>
    public int StartDim { get; } = startDim;

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Flatten(StartDim);
}
