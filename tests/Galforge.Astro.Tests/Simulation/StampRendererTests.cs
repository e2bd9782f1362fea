using Galforge.Astro.Lensing;
using Galforge.Astro.Noise;
using Galforge.Astro.Profiles;
using Galforge.Astro.Psf;
using Galforge.Astro.Simulation;
using Xunit;
using Xunit.Abstractions;

namespace Galforge.Astro.Tests.Simulation;

public class StampRendererTests(ITestOutputHelper output)
{
    private static Band MakeBand(string name, global::Galforge.Astro.Psf.Psf psf, double zp = 30) => new(name, 1.0, zp, psf, BandNoise.None);

    private static (double Sum, double X, double Y) Measure(float[] stamp, int size)
    {
        double s = 0, mx = 0, my = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) { double v = stamp[y * size + x]; s += v; mx += v * x; my += v * y; }
        return (s, mx / s, my / s);
    }

    // After PSF convolution (Moffat, per band) the flux is the requested one within 0.5% and the
    // centroid is where the galaxy was put within 0.01 px. Profiles are truncated so that all
    // light is in the stamp; the PSF kernel is renormalised, so flux is conserved exactly.
    [Theory]
    [InlineData(1.0, 0.06, 0.3, 0.21)]
    [InlineData(4.0, 0.1, 0.0, -0.4)]
    [InlineData(0.5, 0.06, -0.37, 0.12)]
    public void ConvolvedStampHasRequestedFluxAndCentroid(double n, double hlr, double dxPixels, double dyPixels)
    {
        const int size = 64;
        const double scale = 0.03;
        var bands = new[] { MakeBand("a", new MoffatPsf(0.12, 3)), MakeBand("b", new GaussianPsf(0.09)) };
        var profile = new SersicProfile(n, hlr, new Ellipticity(0.6, 0.4), truncationRadius: 6 * hlr);
        var galaxy = new GalaxyModel([new GalaxyComponent("c", profile, [1000.0, 250.0])], dxPixels * scale, dyPixels * scale);
        using var renderer = new StampRenderer(bands, size, scale);
        var stamps = new[] { new float[size * size], new float[size * size] };
        var lens = new LensDistortion(0.03, -0.02, 0.05);
        renderer.Render(galaxy, lens, stamps);
        for (int b = 0; b < 2; b++)
        {
            var (sum, mx, my) = Measure(stamps[b], size);
            double expected = (b == 0 ? 1000 : 250) * lens.Magnification;
            output.WriteLine($"n={n} band {b}: flux {sum:F3} / {expected:F3}, centroid error ({mx - (31.5 + dxPixels):E2}, {my - (31.5 + dyPixels):E2}) px, fft {renderer.FftBackend}");
            Assert.InRange(sum / expected, 0.995, 1.005);
            Assert.InRange(mx - (31.5 + dxPixels), -0.01, 0.01);
            Assert.InRange(my - (31.5 + dyPixels), -0.01, 0.01);
        }
    }

    [Fact]
    public void PointSourceLandsAtItsSubPixelPosition()
    {
        const int size = 48;
        using var renderer = new StampRenderer([MakeBand("a", new GaussianPsf(0.15))], size, 0.05);
        var stamps = new[] { new float[size * size] };
        var galaxy = new GalaxyModel([GalaxyComponent.PointSource("agn", [500.0], 0.0, 0.0)], 0.3 * 0.05, -0.25 * 0.05);
        renderer.Render(galaxy, LensDistortion.None, stamps);
        var (sum, mx, my) = Measure(stamps[0], size);
        Assert.Equal(500, sum, 0.5);
        Assert.InRange(mx - 23.8, -0.01, 0.01);
        Assert.InRange(my - 23.25, -0.01, 0.01);
    }

    [Fact]
    public void ComponentsKeepTheirColours()
    {
        const int size = 48;
        var psf = new GaussianPsf(0.1);
        using var renderer = new StampRenderer([MakeBand("blue", psf), MakeBand("red", psf)], size, 0.05);
        var bulge = new GalaxyComponent("bulge", new SersicProfile(4, 0.1, Ellipticity.Round, 0.6), [100.0, 400.0]);
        var disk = new GalaxyComponent("disk", new SersicProfile(1, 0.4, Ellipticity.Round, 1.1), [400.0, 300.0]);
        var stamps = new[] { new float[size * size], new float[size * size] };
        renderer.Render(new GalaxyModel([bulge, disk]), LensDistortion.None, stamps);
        // The centre is bulge-dominated (red), the outskirts disk-dominated (blue): a colour gradient.
        double centreRatio = stamps[1][24 * size + 24] / stamps[0][24 * size + 24];
        double outerRatio = stamps[1][24 * size + 36] / stamps[0][24 * size + 36];
        Assert.True(centreRatio > 1.5 * outerRatio, $"red/blue centre {centreRatio:F2}, outskirts {outerRatio:F2}");
        Assert.Equal(500, Measure(stamps[0], size).Sum, 1.0);
        Assert.Equal(700, Measure(stamps[1], size).Sum, 1.0);
    }

    [Fact]
    public void SpiralArmsHoldTheirFractionOfTheDisk()
    {
        const int size = 64;
        using var renderer = new StampRenderer([MakeBand("a", new GaussianPsf(0.08)), MakeBand("b", new GaussianPsf(0.08))], size, 0.05);
        var arms = new SpiralArms(0.3, 2, 0.3, 0.5);
        var disk = new GalaxyComponent("disk", new SersicProfile(1, 0.35, new Ellipticity(0.7, 0.2), 1.4), [700.0, 0.0], 0, 0, arms, [0.0, 300.0]);
        var stamps = new[] { new float[size * size], new float[size * size] };
        renderer.Render(new GalaxyModel([disk]), LensDistortion.None, stamps);
        Assert.Equal(700, Measure(stamps[0], size).Sum, 1.5);
        Assert.Equal(300, Measure(stamps[1], size).Sum, 1.5);
        // The arm layer is not axisymmetric: opposite points at the same radius differ from 90-degree ones.
        Assert.True(Math.Abs(stamps[1][32 * size + 40] - stamps[1][40 * size + 32]) > 0.05 * stamps[1][32 * size + 40]);
    }
}
