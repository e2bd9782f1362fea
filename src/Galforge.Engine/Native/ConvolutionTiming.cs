namespace Galforge.Engine.Native;

/// <summary>Median wall-clock times of the three passes of one convolution geometry, in milliseconds.</summary>
/// <param name="ForwardMs">Forward pass (y from x and w, with bias if timed with bias).</param>
/// <param name="BackwardDataMs">Gradient with respect to the input.</param>
/// <param name="BackwardWeightsMs">Gradient with respect to the weights (and bias if timed with bias).</param>
public readonly record struct ConvolutionTiming(double ForwardMs, double BackwardDataMs, double BackwardWeightsMs);
