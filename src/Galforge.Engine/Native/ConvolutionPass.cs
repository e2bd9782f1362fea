namespace Galforge.Engine.Native;

/// <summary>The three passes of a convolution, each its own oneDNN primitive.</summary>
internal enum ConvolutionPass
{
    Forward,
    BackwardData,
    BackwardWeights,
}
