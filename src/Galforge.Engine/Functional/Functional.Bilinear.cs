namespace Galforge.Engine;

public static partial class Functional
{
    /// <summary>
    /// Bilinear up-sampling by 2 in both directions with PyTorch's <c>align_corners=False</c>
    /// rule (source coordinate (o + 0.5)/2 - 0.5, clamped at 0): [N, C, H, W] to [N, C, 2H, 2W].
    /// </summary>
    public static Tensor UpsampleBilinear2x(Tensor x)
    {
        if (x.Rank != 4) throw new TensorShapeException("upsample_bilinear2x", $"input {x.ShapeText} must have rank 4 (NCHW)");
        var shape = x._shape;
        var y = Bilinear(x._data, shape, adjoint: false);
        return Tensor.Record(new Tensor(y, [shape[0], shape[1], 2 * shape[2], 2 * shape[3]]), "upsample_bilinear2x",
            g => [BilinearAdjoint(g, shape)], x);
    }

    private static Tensor BilinearAdjoint(Tensor g, int[] inputShape)
    {
        var dx = Bilinear(g._data, inputShape, adjoint: true);
        return Tensor.Record(new Tensor(dx, inputShape), "upsample_bilinear2x_backward", gg => [UpsampleBilinear2x(gg)], g);
    }

    /// <summary>Source indices and weights of output index o for a 2x up-sampling of n samples.</summary>
    private static (int I0, int I1, float L0, float L1) Source(int o, int n)
    {
        var src = MathF.Max(0.5f * (o + 0.5f) - 0.5f, 0f);
        var i0 = (int)src;
        var i1 = i0 < n - 1 ? i0 + 1 : i0;
        var l1 = src - i0;
        return (i0, i1, 1f - l1, l1);
    }

    /// <summary>Forward (input shape given, returns the 2x output) or adjoint (data is the 2x gradient, returns the input-shaped gradient).</summary>
    private static float[] Bilinear(float[] data, int[] inputShape, bool adjoint)
    {
        int h = inputShape[2], w = inputShape[3], oh = 2 * h, ow = 2 * w;
        var planes = inputShape[0] * inputShape[1];
        var rows = new (int, int, float, float)[oh];
        var cols = new (int, int, float, float)[ow];
        for (var i = 0; i < oh; i++) rows[i] = Source(i, h);
        for (var j = 0; j < ow; j++) cols[j] = Source(j, w);
        var result = adjoint ? Tensor.Cleared(planes * h * w) : Tensor.Uninitialized(planes * oh * ow);
        // planes are independent (the adjoint too writes only its own plane)
        Kernels.Parallelism.ForBlocks(planes, (long)oh * ow, (p0, p1) =>
        {
            for (var p = p0; p < p1; p++)
            {
                var xo = p * h * w;
                var yo = p * oh * ow;
                for (var i = 0; i < oh; i++)
                {
                    var (r0, r1, a0, a1) = rows[i];
                    for (var j = 0; j < ow; j++)
                    {
                        var (c0, c1, b0, b1) = cols[j];
                        if (!adjoint)
                        {
                            result[yo + i * ow + j] =
                                a0 * (b0 * data[xo + r0 * w + c0] + b1 * data[xo + r0 * w + c1]) +
                                a1 * (b0 * data[xo + r1 * w + c0] + b1 * data[xo + r1 * w + c1]);
                        }
                        else
                        {
                            var v = data[yo + i * ow + j];
                            result[xo + r0 * w + c0] += a0 * b0 * v;
                            result[xo + r0 * w + c1] += a0 * b1 * v;
                            result[xo + r1 * w + c0] += a1 * b0 * v;
                            result[xo + r1 * w + c1] += a1 * b1 * v;
                        }
                    }
                }
            }
        });
        return result;
    }
}
