using Galforge.Engine.Kernels;

namespace Galforge.Engine;

/// <summary>
/// Neural-network ops on tensors (convolutions, pooling, up-sampling, normalisations, linear
/// layers, indexing), each recorded with a gradient made of differentiable ops so that it can be
/// differentiated twice.
/// </summary>
public static partial class Functional
{
    /// <summary>
    /// 2-D convolution (cross-correlation, as PyTorch): x [N, C, H, W], weight [O, C, KH, KW],
    /// bias [O] or null, zero padding; result [N, O, (H+2p-KH)/s+1, (W+2p-KW)/s+1].
    /// </summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0)
    {
        if (x.Rank != 4 || weight.Rank != 4)
            throw new TensorShapeException("conv2d", $"input {x.ShapeText} and weight {weight.ShapeText} must both have rank 4 (NCHW and OCKhKw)");
        if (x._shape[1] != weight._shape[1])
            throw new TensorShapeException("conv2d", $"input {x.ShapeText} has {x._shape[1]} channels but weight {weight.ShapeText} expects {weight._shape[1]}");
        if (stride < 1 || padding < 0)
            throw new TensorShapeException("conv2d", $"stride {stride} must be >= 1 and padding {padding} >= 0");
        if (bias is not null && (bias.Rank != 1 || bias._shape[0] != weight._shape[0]))
            throw new TensorShapeException("conv2d", $"bias {bias.ShapeText} does not match weight {weight.ShapeText}: expected [{weight._shape[0]}]");
        int h = x._shape[2], w = x._shape[3], kh = weight._shape[2], kw = weight._shape[3];
        if (h + 2 * padding < kh || w + 2 * padding < kw)
            throw new TensorShapeException("conv2d", $"input {x.ShapeText} with padding {padding} is smaller than kernel {weight.ShapeText}");
        var g = new Conv2dGeometry(x._shape[0], x._shape[1], h, w, weight._shape[0], kh, kw, stride, stride, padding, padding,
            (h + 2 * padding - kh) / stride + 1, (w + 2 * padding - kw) / stride + 1);
        return ConvCore(g, x, weight, bias);
    }

    /// <summary>
    /// 2-D transposed convolution (PyTorch's conv_transpose2d): x [N, Cin, H, W], weight
    /// [Cin, Cout, KH, KW], bias [Cout] or null; result [N, Cout, (H-1)s - 2p + KH + op, ...].
    /// </summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0)
    {
        if (x.Rank != 4 || weight.Rank != 4)
            throw new TensorShapeException("conv_transpose2d", $"input {x.ShapeText} and weight {weight.ShapeText} must both have rank 4");
        if (x._shape[1] != weight._shape[0])
            throw new TensorShapeException("conv_transpose2d", $"input {x.ShapeText} has {x._shape[1]} channels but weight {weight.ShapeText} expects {weight._shape[0]} (weight is [Cin, Cout, KH, KW])");
        if (stride < 1 || padding < 0 || outputPadding < 0 || outputPadding >= stride)
            throw new TensorShapeException("conv_transpose2d", $"stride {stride}, padding {padding}, output padding {outputPadding}: expected stride >= 1, padding >= 0, 0 <= output padding < stride");
        var cout = weight._shape[1];
        if (bias is not null && (bias.Rank != 1 || bias._shape[0] != cout))
            throw new TensorShapeException("conv_transpose2d", $"bias {bias.ShapeText} does not match weight {weight.ShapeText}: expected [{cout}]");
        int h = x._shape[2], w = x._shape[3], kh = weight._shape[2], kw = weight._shape[3];
        var oh = (h - 1) * stride - 2 * padding + kh + outputPadding;
        var ow = (w - 1) * stride - 2 * padding + kw + outputPadding;
        if (oh <= 0 || ow <= 0)
            throw new TensorShapeException("conv_transpose2d", $"input {x.ShapeText} with weight {weight.ShapeText}, stride {stride}, padding {padding} gives an empty output");
        // the forward convolution whose backward-data pass this is: from the (larger) output to x
        var g = new Conv2dGeometry(x._shape[0], cout, oh, ow, x._shape[1], kh, kw, stride, stride, padding, padding, h, w);
        var y = ConvBackwardData(g, x, weight);
        return bias is null ? y : y.Add(bias.Reshape(1, cout, 1, 1));
    }

    private static Tensor ConvCore(Conv2dGeometry g, Tensor x, Tensor w, Tensor? bias)
    {
        var y = Tensor.Uninitialized(g.OutputLength);
        KernelProvider.Current.Conv2dForward(g, x._data, w._data, bias is null ? default : bias._data, y);
        var result = new Tensor(y, [g.N, g.O, g.OH, g.OW]);
        Tensor[] inputs = bias is null ? [x, w] : [x, w, bias];
        return Tensor.Record(result, "conv2d", gy =>
        {
            var gx = Autograd.Needs(x) ? ConvBackwardData(g, gy, w) : null;
            var gw = Autograd.Needs(w) ? ConvBackwardWeights(g, x, gy) : null;
            if (bias is null) return [gx, gw];
            return [gx, gw, Autograd.Needs(bias) ? gy.Sum([0, 2, 3]) : null];
        }, inputs);
    }

    /// <summary>Gradient of a convolution with respect to its input (= transposed convolution), recorded.</summary>
    private static Tensor ConvBackwardData(Conv2dGeometry g, Tensor dy, Tensor w)
    {
        var dx = Tensor.Uninitialized(g.InputLength);
        KernelProvider.Current.Conv2dBackwardData(g, dy._data, w._data, dx);
        return Tensor.Record(new Tensor(dx, [g.N, g.C, g.H, g.W]), "conv2d_backward_data", gg => [
            Autograd.Needs(dy) ? ConvCore(g, gg, w, null) : null,
            Autograd.Needs(w) ? ConvBackwardWeights(g, gg, dy) : null], dy, w);
    }

    /// <summary>Gradient of a convolution with respect to its weights, recorded.</summary>
    private static Tensor ConvBackwardWeights(Conv2dGeometry g, Tensor x, Tensor dy)
    {
        var dw = Tensor.Uninitialized(g.WeightLength);
        KernelProvider.Current.Conv2dBackwardWeights(g, x._data, dy._data, dw, default);
        return Tensor.Record(new Tensor(dw, [g.O, g.C, g.KH, g.KW]), "conv2d_backward_weights", gw => [
            Autograd.Needs(x) ? ConvBackwardData(g, dy, gw) : null,
            Autograd.Needs(dy) ? ConvCore(g, x, gw, null) : null], x, dy);
    }
}
