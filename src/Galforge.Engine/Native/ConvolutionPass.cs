namespace Galforge.Engine.Native;

/// <summary>The three passes of a convolution, each its own oneDNN primitive.</summary>
public enum ConvolutionPass
{
    /// <summary>y from x and w (and bias).</summary>
    Forward,

    /// <summary>dx from dy and w (also the forward pass of a transposed convolution).</summary>
    BackwardData,

    /// <summary>dw (and dbias) from x and dy.</summary>
    BackwardWeights,
}
