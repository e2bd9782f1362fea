namespace Galforge.Engine;

public static partial class Functional
{
    /// <summary>
    /// Average pooling over kernel x kernel windows with the given stride (default: the kernel),
    /// no padding: x [N, C, H, W] to [N, C, (H-k)/s+1, (W-k)/s+1].
    /// </summary>
    public static Tensor AvgPool2d(Tensor x, int kernel, int stride = 0)
    {
        if (stride == 0) stride = kernel;
        if (x.Rank != 4) throw new TensorShapeException("avg_pool2d", $"input {x.ShapeText} must have rank 4 (NCHW)");
        if (kernel < 1 || stride < 1 || x._shape[2] < kernel || x._shape[3] < kernel)
            throw new TensorShapeException("avg_pool2d", $"kernel {kernel} with stride {stride} does not fit input {x.ShapeText}");
        int h = x._shape[2], w = x._shape[3];
        int oh = (h - kernel) / stride + 1, ow = (w - kernel) / stride + 1;
        var planes = x._shape[0] * x._shape[1];
        var y = Tensor.Uninitialized(planes * oh * ow);
        var scale = 1f / (kernel * kernel);
        var xd = x._data;
        for (var p = 0; p < planes; p++)
        {
            var xo = p * h * w;
            var yo = p * oh * ow;
            for (var i = 0; i < oh; i++)
            for (var j = 0; j < ow; j++)
            {
                var s = 0f;
                for (var a = 0; a < kernel; a++)
                {
                    var row = xo + (i * stride + a) * w + j * stride;
                    for (var b = 0; b < kernel; b++) s += xd[row + b];
                }
                y[yo + i * ow + j] = s * scale;
            }
        }
        var shape = x._shape;
        return Tensor.Record(new Tensor(y, [x._shape[0], x._shape[1], oh, ow]), "avg_pool2d",
            g => [AvgPool2dAdjoint(g, shape, kernel, stride)], x);
    }

    /// <summary>The adjoint of average pooling: spreads each value over its window, divided by the window size.</summary>
    private static Tensor AvgPool2dAdjoint(Tensor g, int[] inputShape, int kernel, int stride)
    {
        int h = inputShape[2], w = inputShape[3], oh = g._shape[2], ow = g._shape[3];
        var planes = inputShape[0] * inputShape[1];
        var dx = Tensor.Cleared(planes * h * w);
        var scale = 1f / (kernel * kernel);
        var gd = g._data;
        for (var p = 0; p < planes; p++)
        {
            var xo = p * h * w;
            var yo = p * oh * ow;
            for (var i = 0; i < oh; i++)
            for (var j = 0; j < ow; j++)
            {
                var v = gd[yo + i * ow + j] * scale;
                for (var a = 0; a < kernel; a++)
                {
                    var row = xo + (i * stride + a) * w + j * stride;
                    for (var b = 0; b < kernel; b++) dx[row + b] += v;
                }
            }
        }
        return Tensor.Record(new Tensor(dx, inputShape), "avg_pool2d_backward", gg => [AvgPool2d(gg, kernel, stride)], g);
    }

    /// <summary>Nearest-neighbour up-sampling by 2 in both directions: [N, C, H, W] to [N, C, 2H, 2W].</summary>
    public static Tensor UpsampleNearest2x(Tensor x)
    {
        if (x.Rank != 4) throw new TensorShapeException("upsample_nearest2x", $"input {x.ShapeText} must have rank 4 (NCHW)");
        int h = x._shape[2], w = x._shape[3];
        var planes = x._shape[0] * x._shape[1];
        var y = Tensor.Uninitialized(planes * 4 * h * w);
        var xd = x._data;
        var w2 = 2 * w;
        for (var p = 0; p < planes; p++)
            for (var i = 0; i < h; i++)
            {
                var src = p * h * w + i * w;
                var dst = (p * 2 * h + 2 * i) * w2;
                for (var j = 0; j < w; j++)
                {
                    var v = xd[src + j];
                    y[dst + 2 * j] = v;
                    y[dst + 2 * j + 1] = v;
                }
                Array.Copy(y, dst, y, dst + w2, w2);
            }
        // adjoint: the sum over each 2x2 block = 4 * average pooling (itself differentiable)
        return Tensor.Record(new Tensor(y, [x._shape[0], x._shape[1], 2 * h, 2 * w]), "upsample_nearest2x",
            g => [AvgPool2d(g, 2).Mul(4f)], x);
    }
}
