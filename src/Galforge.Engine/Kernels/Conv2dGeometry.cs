namespace Galforge.Engine.Kernels;

/// <summary>
/// Shapes of one 2-D convolution in NCHW layout, in pixels: input x [N, C, H, W], weights
/// [O, C, KH, KW], output y [N, O, OH, OW]. OH and OW are stored rather than derived so that a
/// transposed convolution with output padding can be expressed as the backward-data pass of a
/// convolution whose input is the transposed convolution's (larger) output.
/// </summary>
public readonly record struct Conv2dGeometry(
    int N, int C, int H, int W,
    int O, int KH, int KW,
    int StrideH, int StrideW,
    int PadH, int PadW,
    int OH, int OW)
{
    /// <summary>Geometry of an ordinary convolution; output size by the usual floor rule.</summary>
    public static Conv2dGeometry ForConvolution(int n, int c, int h, int w, int o, int kh, int kw, int stride, int pad) =>
        new(n, c, h, w, o, kh, kw, stride, stride, pad, pad,
            (h + 2 * pad - kh) / stride + 1, (w + 2 * pad - kw) / stride + 1);

    /// <summary>Number of input elements, N*C*H*W.</summary>
    public long InputLength => (long)N * C * H * W;

    /// <summary>Number of weight elements, O*C*KH*KW.</summary>
    public long WeightLength => (long)O * C * KH * KW;

    /// <summary>Number of output elements, N*O*OH*OW.</summary>
    public long OutputLength => (long)N * O * OH * OW;

    /// <summary>Multiply-adds of the forward pass (equal for each backward pass).</summary>
    public long MultiplyAdds => (long)N * O * OH * OW * C * KH * KW;
}
