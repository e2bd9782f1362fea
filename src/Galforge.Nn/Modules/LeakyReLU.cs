using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Leaky rectifier: x for x &gt; 0, slope·x otherwise (default slope 0.2, as the reference networks use).</summary>
public sealed class LeakyReLU(float slope = 0.2f) : Module
{
    /// <summary>The negative-side slope.</summary>
    public float Slope { get; } = slope;

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => input.LeakyRelu(Slope);
}
