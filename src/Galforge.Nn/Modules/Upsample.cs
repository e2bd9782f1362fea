using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Up-sampling by 2 in both spatial directions ([N, C, H, W] to [N, C, 2H, 2W]).</summary>
public sealed class Upsample(UpsampleMode mode = UpsampleMode.Nearest) : Module
{
    /// <summary>Nearest or bilinear.</summary>
    public UpsampleMode Mode { get; } = mode;

    internal override bool KeepsNoTensors => true;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        Mode == UpsampleMode.Nearest ? Functional.UpsampleNearest2x(input) : Functional.UpsampleBilinear2x(input);
}
