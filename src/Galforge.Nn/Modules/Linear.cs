using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Fully connected layer y = x Wᵀ + b: weight [out, in], bias [out]; PyTorch's default initialisation.</summary>
public sealed class Linear : Module
{
    /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>, initialised from <paramref name="rng"/>.</summary>
    public Linear(int inFeatures, int outFeatures, PhiloxGenerator rng, bool bias = true)
    {
        if (inFeatures < 1 || outFeatures < 1)
            throw new ArgumentOutOfRangeException(nameof(inFeatures), $"linear: feature counts {inFeatures} -> {outFeatures} must be >= 1");
        Weight = RegisterParameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        Bias = bias ? RegisterParameter("bias", Tensor.Zeros(outFeatures)) : null;
        Initializers.TorchDefault(Weight, Bias, rng);
    }

    /// <summary>Weight [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
