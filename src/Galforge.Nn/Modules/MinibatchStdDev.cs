using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Appends the minibatch standard deviation channel (Karras et al. 2018, section 3) over groups of <c>groupSize</c> samples.</summary>
public sealed class MinibatchStdDev(int groupSize = 4, float eps = 1e-8f) : Module
{
    /// <summary>Samples per group (the batch must be divisible by min(groupSize, batch)).</summary>
    public int GroupSize { get; } = groupSize >= 1 ? groupSize : throw new ArgumentOutOfRangeException(nameof(groupSize), groupSize, "minibatch stddev: group size must be >= 1");

    /// <summary>Added to the variance before the square root.</summary>
    public float Eps { get; } = eps;

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.MinibatchStdDev(input, Math.Min(GroupSize, input.Size(0)), Eps);
}
