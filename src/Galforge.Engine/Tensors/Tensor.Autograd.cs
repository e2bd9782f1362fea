namespace Galforge.Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// Accumulates the gradient of this tensor (a single value unless <paramref name="gradient"/>
    /// is given) into <see cref="Grad"/> of every leaf that requires gradients. The graph is
    /// freed afterwards unless <paramref name="retainGraph"/>; with <paramref name="createGraph"/>
    /// the accumulated gradients are themselves recorded.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false) =>
        Autograd.Run([this], gradient is null ? null : [gradient], createGraph, retainGraph || createGraph, wanted: null, accumulateLeaves: true);
}
