using Galforge.Astro.Fidelity;
using Galforge.Astro.Imaging;
using Galforge.Astro.Tests.Measurement;
using Xunit;

namespace Galforge.Astro.Tests.Fidelity;

public class FidelityMetricTests
{
    private static double[] Normal(int n, double mean, double sigma, int seed)
    {
        var rng = new Random(seed);
        var v = new double[n];
        for (int i = 0; i < n; i++)
            v[i] = mean + sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        return v;
    }

    [Fact]
    public void WassersteinOfShiftedSampleIsTheShift()
    {
        var a = Normal(500, 0, 1, 1);
        var b = a.Select(x => x + 0.75).ToArray();
        Assert.Equal(0.75, DistributionDistance.Wasserstein1(a, b), 1e-12);
        Assert.Equal(0, DistributionDistance.Wasserstein1(a, a), 1e-15);
        // Unequal sizes: {0, 1} vs {0.5}: integral of |F_a - F_b| = 0.5*0.5 + 0.5*0.5.
        Assert.Equal(0.5, DistributionDistance.Wasserstein1([0.0, 1.0], [0.5]), 1e-15);
        // Scaled normal: W1(N(0,1), N(0,s)) -> |1 - s| sqrt(2/pi) for large samples.
        var c = Normal(20000, 0, 1, 2);
        var d = Normal(20000, 0, 2, 3);
        Assert.Equal(Math.Sqrt(2 / Math.PI), DistributionDistance.Wasserstein1(c, d), 0.03);
    }

    [Fact]
    public void KolmogorovSmirnovStatistic()
    {
        Assert.Equal(1.0, DistributionDistance.KolmogorovSmirnov([1.0, 2, 3], [4.0, 5]), 1e-15);
        Assert.Equal(0.0, DistributionDistance.KolmogorovSmirnov([1.0, 2, 3], [3.0, 2, 1]), 1e-15);
        // {1,2,3,4} vs {3,4,5,6}: max |F_a - F_b| = 0.5 at x in [2, 3).
        Assert.Equal(0.5, DistributionDistance.KolmogorovSmirnov([1.0, 2, 3, 4], [3.0, 4, 5, 6]), 1e-15);
        // Shift of one sigma between large normal samples: D = 2 Phi(0.5) - 1 = 0.3829.
        Assert.Equal(0.3829, DistributionDistance.KolmogorovSmirnov(Normal(20000, 0, 1, 4), Normal(20000, 1, 1, 5)), 0.015);
    }

    [Fact]
    public void FrechetDistanceOfKnownGaussians()
    {
        var x = Normal(4000, 0, 1, 6);
        var y = Normal(4000, 0, 1, 7);
        var a = x.Zip(y, (p, q) => new[] { p, q }).ToList();
        // Shift by (1, 2) only: distance = |shift|^2 exactly (same covariance).
        var b = a.Select(r => new[] { r[0] + 1, r[1] + 2 }).ToList();
        Assert.Equal(5.0, FrechetDistance.Compute(a, b), 1e-6);
        // Scale one coordinate by 3: (sigma_a - sigma_b)^2 summed over axes for diagonal covariances.
        var c = a.Select(r => new[] { 3 * r[0], r[1] }).ToList();
        var (_, cov) = FrechetDistance.MeanCovariance(a, 2);
        double expected = Math.Pow(Math.Sqrt(cov[0]) - 3 * Math.Sqrt(cov[0]), 2);
        Assert.Equal(expected, FrechetDistance.Compute(a, c), 0.02 * expected);
        Assert.Equal(0, FrechetDistance.Compute(a, a), 1e-9);
    }

    [Fact]
    public void PowerSpectrumOfAGaussianIsGaussian()
    {
        const double sigma = 2.0;
        var img = ProfileRenderer.Render(64, 32, 32, 1, 0, ProfileRenderer.Gaussian(sigma), sub: 8);
        var p2 = PowerSpectrum.Power2D(img);
        Assert.Equal(1.0, p2[32 * 64 + 32], 1e-9); // zero frequency = (flux / flux)^2
        var az = PowerSpectrum.Azimuthal(p2, 64, 64);
        // |FT|^2 of a pixel-integrated Gaussian: exp(-4 pi^2 sigma^2 f^2) sinc^2(fx) sinc^2(fy),
        // averaged over the same rings of frequencies.
        static double Sinc2(double f) => f == 0 ? 1 : Math.Pow(Math.Sin(Math.PI * f) / (Math.PI * f), 2);
        static double Ring(int n, int k, double sigma)
        {
            double sum = 0;
            int count = 0;
            for (int y = -n / 2; y < n / 2; y++)
                for (int x = -n / 2; x < n / 2; x++)
                {
                    double fx = x / (double)n, fy = y / (double)n;
                    if ((int)Math.Round(Math.Sqrt(fx * fx + fy * fy) * n) != k) continue;
                    sum += Math.Exp(-4 * Math.PI * Math.PI * sigma * sigma * (fx * fx + fy * fy)) * Sinc2(fx) * Sinc2(fy);
                    count++;
                }
            return sum / count;
        }
        for (int k = 1; k <= 8; k++)
            Assert.Equal(Ring(64, k, sigma), az[k], 0.003 * Ring(64, k, sigma) + 1e-9);
        // A non-power-of-two size agrees too.
        var odd = ProfileRenderer.Render(48, 24, 24, 1, 0, ProfileRenderer.Gaussian(sigma), sub: 8);
        var azOdd = PowerSpectrum.Azimuthal(PowerSpectrum.Power2D(odd), 48, 48);
        for (int k = 1; k <= 6; k++)
            Assert.Equal(Ring(48, k, sigma), azOdd[k], 0.003 * Ring(48, k, sigma) + 1e-9);
    }

    [Fact]
    public void ConditionalControlBiasScatterPearson()
    {
        var req = Normal(1000, 22, 1, 8);
        var meas = req.Select(x => x + 0.1).ToArray();
        var (bias, scatter, r, n) = ConditionalControl.Compare(req, meas);
        Assert.Equal(0.1, bias, 1e-12);
        Assert.Equal(0, scatter, 1e-6);
        Assert.Equal(1, r, 1e-12);
        Assert.Equal(1000, n);
        var noise = Normal(1000, 0, 0.5, 9);
        var (b2, s2, r2, _) = ConditionalControl.Compare(req, req.Select((x, i) => x + noise[i]).ToArray());
        Assert.Equal(0, b2, 0.05);
        Assert.Equal(0.5, s2, 0.03);
        Assert.Equal(1 / Math.Sqrt(1 + 0.25), r2, 0.02);
    }
}
