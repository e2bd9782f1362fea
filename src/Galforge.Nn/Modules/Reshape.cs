using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Reshapes each sample: [N, ...] to [N, shape...] (one entry may be -1).</summary>
public sealed class Reshape : Module
{
    private readonly int[] _shape;

    /// <summary>The per-sample target shape.</summary>
    public Reshape(params int[] shape) => _shape = (int[])shape.Clone();

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        var s = new int[_shape.Length + 1];
        s[0] = input.Size(0);
        _shape.CopyTo(s, 1);
        return input.Reshape(s);
    }
}
