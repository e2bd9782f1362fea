using Galforge.Astro.Fits;
using Galforge.Astro.Noise;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Noise;

public class NoiseTests
{
    [Fact]
    public void CounterStreamsAreReproducibleAndIndependent()
    {
        var a = new CounterRandom(7, 3, 1);
        var b = new CounterRandom(7, 3, 1);
        var c = new CounterRandom(7, 4, 1);
        for (int i = 0; i < 100; i++)
        {
            ulong x = a.NextUInt64();
            Assert.Equal(x, b.NextUInt64());
            Assert.NotEqual(x, c.NextUInt64());
        }
    }

    [Theory]
    [InlineData(0.3)] [InlineData(4.0)] [InlineData(25.0)] [InlineData(1000.0)]
    public void PoissonHasItsMeanAndVariance(double lambda)
    {
        var r = new CounterRandom(1, 2, 3);
        const int n = 200_000;
        double s = 0, s2 = 0;
        for (int i = 0; i < n; i++) { double k = r.NextPoisson(lambda); Assert.Equal(Math.Floor(k), k); s += k; s2 += k * k; }
        double mean = s / n, variance = s2 / n - mean * mean;
        // 5 sigma of the sampling error of the mean and of the variance.
        Assert.InRange(mean, lambda - 5 * Math.Sqrt(lambda / n), lambda + 5 * Math.Sqrt(lambda / n));
        Assert.InRange(variance / lambda, 1 - 5 * Math.Sqrt(2.0 / n) - 5 / Math.Sqrt(n * lambda), 1 + 5 * Math.Sqrt(2.0 / n) + 5 / Math.Sqrt(n * lambda));
    }

    [Fact]
    public void SkyAndSourceNoiseHaveTheModelledVariance()
    {
        const int size = 256;
        var stamp = new float[size * size];
        for (int i = 0; i < stamp.Length; i++) stamp[i] = 400; // 400 counts = 800 e- at gain 2
        new BandNoise(10, 2.0).Apply(stamp, size, 0.05, new CounterRandom(3, 0, 0));
        double s = 0, s2 = 0;
        foreach (var v in stamp) { s += v; s2 += v * v; }
        double mean = s / stamp.Length, variance = s2 / stamp.Length - mean * mean;
        Assert.InRange(mean, 400 - 0.2, 400 + 0.2);
        // Variance 10^2 + 400 / 2 = 300 counts^2.
        Assert.InRange(variance / 300, 0.97, 1.03);
    }

    [Fact]
    public void CorrelatedNoiseFollowsTheCosmosCorrelationFunction()
    {
        var cf = FitsFile.ReadImage(RepoPaths.ShippedData("candels", "acs_I_unrot_sci_20_cf.fits"));
        cf.PixelScale = 0.03;
        var noise = new CorrelatedNoise(cf, "COSMOS F814W");
        const int size = 128;
        double v0 = 0, v1 = 0, v2 = 0;
        int count = 0;
        for (int rep = 0; rep < 8; rep++)
        {
            var stamp = new float[size * size];
            noise.Add(stamp, size, 5.0, new CounterRandom(9, (ulong)rep, 0), 0.03);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size - 2; x++)
                {
                    double a = stamp[y * size + x];
                    v0 += a * a; v1 += a * stamp[y * size + x + 1]; v2 += a * stamp[y * size + x + 2];
                    count++;
                }
        }
        v0 /= count; v1 /= count; v2 /= count;
        Assert.InRange(v0 / 25, 0.95, 1.05);
        // Measured lag correlations follow the COSMOS function at 0.03"/px.
        Assert.InRange(v1 / v0, noise.Correlation(0.03, 0) - 0.02, noise.Correlation(0.03, 0) + 0.02);
        Assert.InRange(v2 / v0, noise.Correlation(0.06, 0) - 0.02, noise.Correlation(0.06, 0) + 0.02);
        Assert.True(noise.Correlation(0.03, 0) > 0.3, "the COSMOS noise is correlated between neighbouring pixels");
    }

    [Fact]
    public void StampPowerSpectrumIsTheMeanPeriodogramOfTheNoiseAddMakes()
    {
        var cf = FitsFile.ReadImage(RepoPaths.ShippedData("candels", "acs_I_unrot_sci_20_cf.fits"));
        cf.PixelScale = 0.03;
        var noise = new CorrelatedNoise(cf, "COSMOS F814W");
        const int size = 32, reps = 600;
        var predicted = noise.StampPowerSpectrum(size, 0.03);
        Assert.Equal(1.0, predicted.Average(), 1e-9);
        var mean = new double[size * size];
        var spec = new System.Numerics.Complex[size * size];
        for (int rep = 0; rep < reps; rep++)
        {
            var stamp = new float[size * size];
            noise.Add(stamp, size, 2.0, new CounterRandom(4, (ulong)rep, 0), 0.03);
            for (int i = 0; i < spec.Length; i++) spec[i] = stamp[i];
            Galforge.Engine.Fourier.Fft2D.Forward(spec, size, size);
            for (int i = 0; i < spec.Length; i++) mean[i] += spec[i].Magnitude * spec[i].Magnitude / (size * size * 4.0 * reps);
        }
        // Each bin's mean periodogram has a relative error of 1/sqrt(600) = 4 %; the correlated
        // COSMOS noise spans a factor of several between low and high frequencies.
        double worst = 0, sumRatio = 0;
        for (int i = 0; i < mean.Length; i++)
        {
            var ratio = mean[i] / predicted[i];
            sumRatio += ratio;
            worst = Math.Max(worst, Math.Abs(ratio - 1));
        }
        Assert.InRange(sumRatio / mean.Length, 0.99, 1.01);
        Assert.True(worst < 0.2, $"largest per-frequency deviation {worst:P1}");
        Assert.True(predicted.Max() / predicted.Min() > 3, "the spectrum is far from white");
        // A white model would be wrong by that factor at the extreme frequencies.
        Assert.True(mean.Max() > 1.5 && mean.Min() < 0.6);
    }
}
