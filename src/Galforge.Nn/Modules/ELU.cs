using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Exponential linear unit: x for x &gt; 0, alpha·(exp(x) - 1) otherwise.</summary>
public sealed class ELU(float alpha = 1f) : Module
{
    /// <summary>The saturation value for large negative inputs.</summary>
    public float Alpha { get; } = alpha;

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.Elu(Alpha);
}
