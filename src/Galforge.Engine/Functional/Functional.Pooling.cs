using Galforge.Engine.Kernels;

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
        // planes are independent: split them over threads
        Parallelism.ForBlocks(planes, h * w, (p0, p1) =>
        {
            for (var p = p0; p < p1; p++)
            {
                var xp = xd.AsSpan(p * h * w, h * w);
                var yp = y.AsSpan(p * oh * ow, oh * ow);
                if (kernel == 2 && stride == 2) AvgPool2x2Plane(xp, yp, w, oh, ow);
                else AvgPoolPlane(xp, yp, w, oh, ow, kernel, stride, scale);
            }
        });
        var shape = x._shape;
        return Tensor.Record(new Tensor(y, [x._shape[0], x._shape[1], oh, ow]), "avg_pool2d",
            g => [AvgPool2dAdjoint(g, shape, kernel, stride)], x);
    }

    private static void AvgPool2x2Plane(ReadOnlySpan<float> x, Span<float> y, int w, int oh, int ow)
    {
        for (var i = 0; i < oh; i++)
        {
            var r0 = x.Slice(2 * i * w, w);
            var r1 = x.Slice((2 * i + 1) * w, w);
            var yr = y.Slice(i * ow, ow);
            for (var j = 0; j < yr.Length; j++)
                yr[j] = (r0[2 * j] + r0[2 * j + 1] + r1[2 * j] + r1[2 * j + 1]) * 0.25f;
        }
    }

    private static void AvgPoolPlane(ReadOnlySpan<float> x, Span<float> y, int w, int oh, int ow, int kernel, int stride, float scale)
    {
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            var s = 0f;
            for (var a = 0; a < kernel; a++)
            {
                var row = x.Slice((i * stride + a) * w + j * stride, kernel);
                for (var b = 0; b < row.Length; b++) s += row[b];
            }
            y[i * ow + j] = s * scale;
        }
    }

    /// <summary>The adjoint of average pooling: spreads each value over its window, divided by the window size.</summary>
    private static Tensor AvgPool2dAdjoint(Tensor g, int[] inputShape, int kernel, int stride)
    {
        int h = inputShape[2], w = inputShape[3], oh = g._shape[2], ow = g._shape[3];
        var planes = inputShape[0] * inputShape[1];
        // windows that tile the input exactly write every element once; otherwise accumulate into zeros
        var tiles = kernel == stride && oh * kernel == h && ow * kernel == w;
        var dx = tiles ? Tensor.Uninitialized(planes * h * w) : Tensor.Cleared(planes * h * w);
        var scale = 1f / (kernel * kernel);
        var gd = g._data;
        Parallelism.ForBlocks(planes, h * w, (p0, p1) =>
        {
            for (var p = p0; p < p1; p++)
            {
                var gp = gd.AsSpan(p * oh * ow, oh * ow);
                var xp = dx.AsSpan(p * h * w, h * w);
                if (tiles) SpreadTiles(gp, xp, w, oh, ow, kernel, scale);
                else SpreadOverlapping(gp, xp, w, oh, ow, kernel, stride, scale);
            }
        });
        return Tensor.Record(new Tensor(dx, inputShape), "avg_pool2d_backward", gg => [AvgPool2d(gg, kernel, stride)], g);
    }

    /// <summary>Writes scale·g[i, j] to every element of window (i, j) of non-overlapping kernel x kernel windows covering the plane.</summary>
    private static void SpreadTiles(ReadOnlySpan<float> g, Span<float> x, int w, int oh, int ow, int kernel, float scale)
    {
        for (var i = 0; i < oh; i++)
        {
            var first = x.Slice(i * kernel * w, w);
            var gr = g.Slice(i * ow, ow);
            if (kernel == 2)
            {
                for (var j = 0; j < gr.Length; j++)
                {
                    var v = gr[j] * scale;
                    first[2 * j] = v;
                    first[2 * j + 1] = v;
                }
            }
            else
            {
                for (var j = 0; j < gr.Length; j++) first.Slice(j * kernel, kernel).Fill(gr[j] * scale);
            }
            for (var a = 1; a < kernel; a++) first.CopyTo(x.Slice((i * kernel + a) * w, w));
        }
    }

    private static void SpreadOverlapping(ReadOnlySpan<float> g, Span<float> x, int w, int oh, int ow, int kernel, int stride, float scale)
    {
        for (var i = 0; i < oh; i++)
        for (var j = 0; j < ow; j++)
        {
            var v = g[i * ow + j] * scale;
            for (var a = 0; a < kernel; a++)
            {
                var row = x.Slice((i * stride + a) * w + j * stride, kernel);
                for (var b = 0; b < row.Length; b++) row[b] += v;
            }
        }
    }

    /// <summary>Nearest-neighbour up-sampling by 2 in both directions: [N, C, H, W] to [N, C, 2H, 2W].</summary>
    public static Tensor UpsampleNearest2x(Tensor x)
    {
        if (x.Rank != 4) throw new TensorShapeException("upsample_nearest2x", $"input {x.ShapeText} must have rank 4 (NCHW)");
        int h = x._shape[2], w = x._shape[3];
        var planes = x._shape[0] * x._shape[1];
        var y = Tensor.Uninitialized(planes * 4 * h * w);
        var xd = x._data;
        // the same writes as the adjoint of 2x2 average pooling, without the factor 1/4
        Parallelism.ForBlocks(planes, 4 * h * w, (p0, p1) =>
        {
            for (var p = p0; p < p1; p++)
                SpreadTiles(xd.AsSpan(p * h * w, h * w), y.AsSpan(p * 4 * h * w, 4 * h * w), 2 * w, h, w, 2, 1f);
        });
        // adjoint: the sum over each 2x2 block = 4 * average pooling (itself differentiable)
        return Tensor.Record(new Tensor(y, [x._shape[0], x._shape[1], 2 * h, 2 * w]), "upsample_nearest2x",
            g => [AvgPool2d(g, 2).Mul(4f)], x);
    }
}
