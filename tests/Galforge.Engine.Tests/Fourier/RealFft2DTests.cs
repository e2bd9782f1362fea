using System.Numerics;
using Galforge.Engine.Fourier;
using Xunit;

namespace Galforge.Engine.Tests.Fourier;

public class RealFft2DTests
{
    // The workspace (FFTW when installed, else managed) agrees with the managed double-precision
    // transform to float precision, and inverts.
    [Theory]
    [InlineData(90, 90)] [InlineData(64, 48)] [InlineData(7, 10)]
    public void MatchesManagedTransformAndInverts(int rows, int cols)
    {
        using var fft = new RealFft2D(rows, cols);
        var rng = new Random(rows + cols);
        var input = new double[rows * cols];
        for (int i = 0; i < input.Length; i++) input[i] = rng.NextDouble() - 0.5;
        for (int i = 0; i < input.Length; i++) fft.Real[i] = (float)input[i];
        var expected = new Complex[rows * Fft2D.HalfWidth(cols)];
        Fft2D.ForwardReal(input, rows, cols, expected);
        fft.Forward();
        var spec = fft.Spectrum;
        // Float32 accumulation over rows*cols terms: error ~ 1e-6 of the largest bin.
        double scale = 0;
        foreach (var e in expected) scale = Math.Max(scale, e.Magnitude);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i].Real - spec[2 * i]) < 1e-5 * scale, $"bin {i} re");
            Assert.True(Math.Abs(expected[i].Imaginary - spec[2 * i + 1]) < 1e-5 * scale, $"bin {i} im");
        }
        fft.Inverse();
        double worst = 0;
        for (int i = 0; i < input.Length; i++) worst = Math.Max(worst, Math.Abs(input[i] - fft.Real[i]));
        Assert.True(worst < 1e-5, $"round trip error {worst:E2}"); // float32: ~1e-7 per operation
        Assert.Contains(fft.Backend, new[] { "fftw", "managed" });
    }

    [Fact]
    public void GoodSizesHaveOnlySmallFactors()
    {
        Assert.Equal(90, Fft2D.GoodSize(87));
        Assert.Equal(96, Fft2D.GoodSize(91));
        Assert.Equal(128, Fft2D.GoodSize(128));
        Assert.Equal(1, Fft2D.GoodSize(1));
    }
}
