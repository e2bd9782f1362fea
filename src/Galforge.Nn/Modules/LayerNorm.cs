using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Layer normalisation over the trailing <c>normalizedShape</c> dimensions, with learned weight (ones) and bias (zeros).</summary>
public sealed class LayerNorm : Module
{
    private readonly int[] _normalizedShape;

    /// <summary>Normalises over the trailing dimensions <paramref name="normalizedShape"/>.</summary>
    public LayerNorm(int[] normalizedShape, float eps = 1e-5f, bool elementwiseAffine = true)
    {
        _normalizedShape = (int[])normalizedShape.Clone();
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(_normalizedShape));
            Bias = RegisterParameter("bias", Tensor.Zeros(_normalizedShape));
        }
    }

    /// <summary>Scale (ones at start), or null without affine parameters.</summary>
    public Tensor? Weight { get; }

    /// <summary>Shift (zeros at start), or null without affine parameters.</summary>
    public Tensor? Bias { get; }

    /// <summary>Added to the variance for stability.</summary>
    public float Eps { get; }

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, _normalizedShape, Weight, Bias, Eps);
}
