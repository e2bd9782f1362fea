using System.Numerics;
using Galforge.Engine.Fourier;
using Xunit;

namespace Galforge.Engine.Tests.Fourier;

public class FftTests
{
    // Direct O(n^2) DFT, summed in double with exact angle reduction: the reference.
    private static Complex[] Dft(Complex[] x, bool inverse)
    {
        int n = x.Length;
        var y = new Complex[n];
        double sign = inverse ? 1 : -1;
        for (int k = 0; k < n; k++)
        {
            Complex acc = 0;
            for (int j = 0; j < n; j++)
            {
                long jk = (long)j * k % n;
                double a = sign * 2 * Math.PI * jk / n;
                acc += x[j] * new Complex(Math.Cos(a), Math.Sin(a));
            }
            y[k] = inverse ? acc / n : acc;
        }
        return y;
    }

    private static Complex[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new Complex[n];
        for (int i = 0; i < n; i++) x[i] = new Complex(rng.NextDouble() * 2 - 1, rng.NextDouble() * 2 - 1);
        return x;
    }

    private static void AssertClose(Complex[] expected, ReadOnlySpan<Complex> actual, double tol)
    {
        double scale = 0;
        foreach (var e in expected) scale = Math.Max(scale, e.Magnitude);
        for (int i = 0; i < expected.Length; i++)
            Assert.True((expected[i] - actual[i]).Magnitude <= tol * Math.Max(scale, 1),
                $"bin {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)]
    [InlineData(7)] [InlineData(8)] [InlineData(12)] [InlineData(16)] [InlineData(30)] [InlineData(64)]
    [InlineData(96)] [InlineData(97)] [InlineData(100)] [InlineData(128)] [InlineData(210)] [InlineData(243)]
    [InlineData(256)] [InlineData(2 * 53)] [InlineData(1009)] [InlineData(1024)]
    public void ForwardAndInverseMatchDirectDft(int n)
    {
        var x = Random(n, n);
        var plan = FftPlan.Get(n);
        var y = (Complex[])x.Clone();
        plan.Forward(y);
        AssertClose(Dft(x, inverse: false), y, 1e-12 * Math.Log2(n + 1) * 4);
        var z = (Complex[])x.Clone();
        plan.Inverse(z);
        AssertClose(Dft(x, inverse: true), z, 1e-12 * Math.Log2(n + 1) * 4);
        plan.Inverse(y);
        AssertClose(x, y, 1e-12 * Math.Log2(n + 1) * 4);
    }

    [Fact]
    public void LargePrimeLengthsUseBluestein()
    {
        Assert.True(FftPlan.Get(1009).UsesBluestein);
        Assert.False(FftPlan.Get(96).UsesBluestein);
    }

    [Theory]
    [InlineData(8, 8)] [InlineData(5, 7)] [InlineData(6, 9)] [InlineData(1, 16)] [InlineData(16, 1)] [InlineData(33, 20)]
    public void TwoDimensionalMatchesSeparableDft(int rows, int cols)
    {
        var x = Random(rows * cols, rows * 100 + cols);
        // Reference: direct 2-D DFT as row DFTs then column DFTs.
        var expected = (Complex[])x.Clone();
        for (int r = 0; r < rows; r++)
            Dft(expected.AsSpan(r * cols, cols).ToArray(), false).CopyTo(expected, r * cols);
        for (int c = 0; c < cols; c++)
        {
            var col = new Complex[rows];
            for (int r = 0; r < rows; r++) col[r] = expected[r * cols + c];
            col = Dft(col, false);
            for (int r = 0; r < rows; r++) expected[r * cols + c] = col[r];
        }
        var y = (Complex[])x.Clone();
        Fft2D.Forward(y, rows, cols);
        AssertClose(expected, y, 1e-12);
        Fft2D.Inverse(y, rows, cols);
        AssertClose(x, y, 1e-12);
    }

    [Theory]
    [InlineData(8, 8)] [InlineData(5, 7)] [InlineData(7, 6)] [InlineData(1, 5)] [InlineData(4, 1)] [InlineData(64, 96)] [InlineData(11, 13)]
    public void RealTransformIsTheHalfSpectrumAndInverts(int rows, int cols)
    {
        var rng = new Random(rows * 7 + cols);
        var real = new double[rows * cols];
        for (int i = 0; i < real.Length; i++) real[i] = rng.NextDouble() - 0.3;
        var full = new Complex[rows * cols];
        for (int i = 0; i < real.Length; i++) full[i] = real[i];
        Fft2D.Forward(full, rows, cols);
        int hw = Fft2D.HalfWidth(cols);
        var half = new Complex[rows * hw];
        Fft2D.ForwardReal(real, rows, cols, half);
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < hw; k++)
                Assert.True((full[r * cols + k] - half[r * hw + k]).Magnitude < 1e-10, $"({r},{k})");
        var back = new double[rows * cols];
        Fft2D.InverseReal(half, rows, cols, back);
        for (int i = 0; i < real.Length; i++) Assert.Equal(real[i], back[i], 1e-12);

        var f32 = new float[real.Length];
        for (int i = 0; i < real.Length; i++) f32[i] = (float)real[i];
        Fft2D.ForwardReal(f32, rows, cols, half);
        var back32 = new float[real.Length];
        Fft2D.InverseReal(half, rows, cols, back32);
        for (int i = 0; i < real.Length; i++) Assert.Equal(f32[i], back32[i], 1e-5f);
    }

    [Fact]
    public void PlansAreSharedAcrossThreads()
    {
        var x = Random(360, 3);
        var expected = Dft(x, false);
        Parallel.For(0, 64, _ =>
        {
            var y = (Complex[])x.Clone();
            FftPlan.Get(360).Forward(y);
            AssertClose(expected, y, 1e-11);
        });
        Assert.Same(FftPlan.Get(360), FftPlan.Get(360));
    }
}
