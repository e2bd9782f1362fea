using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Pixel-wise feature normalisation of the progressive GAN (Karras et al. 2018, eq. 2).</summary>
public sealed class PixelNorm(float eps = 1e-8f) : Module
{
    /// <summary>Added to the mean square for stability.</summary>
    public float Eps { get; } = eps;

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) => Functional.PixelNorm(input, Eps);
}
