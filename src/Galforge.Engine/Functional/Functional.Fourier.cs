using System.Buffers;
using System.Numerics;
using Galforge.Engine.Fourier;

namespace Galforge.Engine;

public static partial class Functional
{
    /// <summary>
    /// 2-D real-to-complex FFT over the last two dimensions, unscaled (numpy/PyTorch
    /// <c>rfft2</c>): x [..., H, W] to the half spectrum [..., H, W/2+1, 2], the last dimension
    /// holding (real, imaginary) as <c>torch.view_as_real</c>.
    /// </summary>
    public static Tensor Rfft2(Tensor x)
    {
        if (x.Rank < 2) throw new TensorShapeException("rfft2", $"input {x.ShapeText} must have rank 2 or more ([..., H, W])");
        int h = x._shape[^2], w = x._shape[^1], hw = Fft2D.HalfWidth(w);
        var batch = x.Length / Math.Max(1, h * w);
        var outShape = new int[x.Rank + 1];
        x._shape.AsSpan(0, x.Rank - 1).CopyTo(outShape);
        outShape[^2] = hw;
        outShape[^1] = 2;
        var y = Tensor.Uninitialized((long)batch * h * hw * 2);
        var spec = ArrayPool<Complex>.Shared.Rent(h * hw);
        try
        {
            for (var b = 0; b < batch; b++)
            {
                Fft2D.ForwardReal(x._data.AsSpan(b * h * w, h * w), h, w, spec.AsSpan(0, h * hw));
                var o = b * h * hw * 2;
                for (var i = 0; i < h * hw; i++)
                {
                    y[o + 2 * i] = (float)spec[i].Real;
                    y[o + 2 * i + 1] = (float)spec[i].Imaginary;
                }
            }
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(spec);
        }
        // adjoint of rfft2: H*W * irfft2(G / c), c = 2 for columns that stand for two bins
        return Tensor.Record(new Tensor(y, outShape), "rfft2",
            g => [Irfft2(g.Mul(ColumnWeights(hw, w, inverse: true)), w).Mul((float)h * w)], x);
    }

    /// <summary>
    /// Inverse of <see cref="Rfft2"/> (numpy/PyTorch <c>irfft2</c> with <c>s=(H, width)</c>):
    /// a half spectrum [..., H, width/2+1, 2] to a real image [..., H, width], scaled by
    /// 1/(H*width); imaginary parts that a real image cannot have are ignored.
    /// </summary>
    public static Tensor Irfft2(Tensor spectrum, int width)
    {
        var hwExpected = Fft2D.HalfWidth(width);
        if (spectrum.Rank < 3 || spectrum._shape[^1] != 2 || spectrum._shape[^2] != hwExpected || width < 1)
            throw new TensorShapeException("irfft2", $"spectrum {spectrum.ShapeText} does not fit output width {width}: expected [..., H, {hwExpected}, 2]");
        int h = spectrum._shape[^3], hw = hwExpected;
        var batch = spectrum.Length / Math.Max(1, h * hw * 2);
        var outShape = new int[spectrum.Rank - 1];
        spectrum._shape.AsSpan(0, spectrum.Rank - 2).CopyTo(outShape);
        outShape[^1] = width;
        var y = Tensor.Uninitialized((long)batch * h * width);
        var spec = ArrayPool<Complex>.Shared.Rent(h * hw);
        try
        {
            for (var b = 0; b < batch; b++)
            {
                var o = b * h * hw * 2;
                for (var i = 0; i < h * hw; i++)
                    spec[i] = new Complex(spectrum._data[o + 2 * i], spectrum._data[o + 2 * i + 1]);
                Fft2D.InverseReal(spec.AsSpan(0, h * hw), h, width, y.AsSpan(b * h * width, h * width));
            }
        }
        finally
        {
            ArrayPool<Complex>.Shared.Return(spec);
        }
        // adjoint of irfft2: rfft2(g) * c / (H*W)
        return Tensor.Record(new Tensor(y, outShape), "irfft2",
            g => [Rfft2(g).Mul(ColumnWeights(hw, width, inverse: false)).Mul(1f / ((float)h * width))], spectrum);
    }

    /// <summary>
    /// Product of complex tensors stored as trailing (real, imaginary) pairs, with broadcasting:
    /// (a + ib)(c + id) = (ac - bd) + i(ad + bc). Used for PSF convolution in Fourier space.
    /// </summary>
    public static Tensor ComplexMul(Tensor a, Tensor b)
    {
        if (a.Rank < 1 || b.Rank < 1 || a._shape[^1] != 2 || b._shape[^1] != 2)
            throw new TensorShapeException("complex_mul", $"operands {a.ShapeText} and {b.ShapeText} must end in a (real, imaginary) dimension of size 2");
        Tensor ar = a.Select(-1, 0), ai = a.Select(-1, 1), br = b.Select(-1, 0), bi = b.Select(-1, 1);
        return Tensor.Stack([ar * br - ai * bi, ar * bi + ai * br], -1);
    }

    /// <summary>
    /// Weights [hw, 2] of the half-spectrum columns: c = 1 for the columns that are their own
    /// mirror image (0 and, for even widths, W/2), 2 for the others (each stands for two bins);
    /// 1/c when <paramref name="inverse"/>.
    /// </summary>
    private static Tensor ColumnWeights(int hw, int width, bool inverse)
    {
        var c = new float[hw * 2];
        for (var k = 0; k < hw; k++)
        {
            var v = Fft2D.ColumnMultiplicity(k, width) == 1 ? 1f : inverse ? 0.5f : 2f;
            c[2 * k] = v;
            c[2 * k + 1] = v;
        }
        return Tensor.Wrap(c, hw, 2);
    }
}
