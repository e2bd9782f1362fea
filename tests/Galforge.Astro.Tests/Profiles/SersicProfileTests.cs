using Galforge.Astro.Lensing;
using Galforge.Astro.Profiles;
using Galforge.Astro.Rendering;
using Xunit;
using Xunit.Abstractions;

namespace Galforge.Astro.Tests.Profiles;

public class SersicProfileTests(ITestOutputHelper output)
{
    // Published b_n (Ciotti & Bertin 1999 table / exact solutions of P(2n, b) = 1/2).
    [Theory]
    [InlineData(0.5, 0.69314718055994531)] // ln 2 exactly: the Gaussian
    [InlineData(1.0, 1.6783469900166606)]
    [InlineData(4.0, 7.6692494425008039)]
    public void BSolvesTheHalfLightEquation(double n, double expected)
    {
        Assert.Equal(expected, SersicProfile.SolveB(n), 12);
    }

    [Theory]
    [InlineData(0.3)] [InlineData(0.8)] [InlineData(2.5)] [InlineData(6.2)]
    public void HalfTheLightIsInsideTheHalfLightRadius(double n)
    {
        var p = new SersicProfile(n, 0.4, Ellipticity.Round);
        Assert.Equal(0.5, p.EnclosedFraction(1.0), 12);
        var truncated = new SersicProfile(n, 0.4, Ellipticity.Round, truncationRadius: 1.2);
        Assert.Equal(0.5, truncated.EnclosedFraction(1.0), 10);
        Assert.Equal(1.0, truncated.EnclosedFraction(3.0), 12);
    }

    [Fact]
    public void GammaPMatchesClosedForms()
    {
        // P(1, x) = 1 - e^-x; P(2, x) = 1 - (1 + x) e^-x; P(1/2, x) = erf(sqrt x).
        foreach (var x in new[] { 0.01, 0.5, 1.0, 3.0, 10.0, 40.0 })
        {
            Assert.Equal(1 - Math.Exp(-x), SpecialFunctions.GammaP(1, x), 13);
            Assert.Equal(1 - (1 + x) * Math.Exp(-x), SpecialFunctions.GammaP(2, x), 13);
        }
        Assert.Equal(0.8427007929497149, SpecialFunctions.GammaP(0.5, 1.0), 13); // erf(1)
        Assert.Equal(Math.Log(120), SpecialFunctions.LogGamma(6), 13);
    }

    [Theory]
    [InlineData(0.2)] [InlineData(6.3)] [InlineData(double.NaN)]
    public void IndexOutsideRangeIsBadInput(double n)
    {
        var e = Assert.Throws<BadInputException>(() => new SersicProfile(n, 0.3, Ellipticity.Round));
        Assert.Contains("[0.3, 6.2]", e.Message);
    }

    [Fact]
    public void BadShapesAndSizesAreBadInput()
    {
        Assert.Throws<BadInputException>(() => new Ellipticity(0, 0));
        Assert.Throws<BadInputException>(() => new Ellipticity(1.01, 0));
        Assert.Throws<BadInputException>(() => new SersicProfile(1, -0.1, Ellipticity.Round));
        Assert.Throws<BadInputException>(() => Ellipticity.FromComponents(0.8, 0.7));
    }

    [Fact]
    public void EllipticityComponentsRoundTrip()
    {
        var s = new Ellipticity(0.5, 0.3);
        var t = Ellipticity.FromComponents(s.E1, s.E2);
        Assert.Equal(0.5, t.AxisRatio, 12);
        Assert.Equal(0.3, t.PositionAngle, 12);
        Assert.Equal(1.0 / 3, s.Modulus, 12);
    }

    public static TheoryData<double, double, double> FluxCases()
    {
        var data = new TheoryData<double, double, double>();
        foreach (var n in new[] { 0.3, 0.5, 1.0, 2.0, 4.0, 6.2 })
            foreach (var hlrPixels in n >= 4 ? new[] { 1.0, 1.7 } : new[] { 1.0, 1.7, 4.0 }) // high n at 4 px needs a 2048^2 grid: slow, and no harder
                foreach (var q in new[] { 1.0, 0.35 })
                    data.Add(n, hlrPixels, q);
        return data;
    }

    // Flux within 0.5% for half-light radii >= 1 pixel, at a sub-pixel centre; the grid is large
    // enough that the light off it is < 0.05%.
    [Theory]
    [MemberData(nameof(FluxCases))]
    public void RenderedFluxIsExact(double n, double hlrPixels, double q)
    {
        const double scale = 0.05;
        var profile = new SersicProfile(n, hlrPixels * scale, new Ellipticity(q, 0.6));
        int size = 8;
        while (1 - profile.EnclosedFraction((size / 2 - 2) / hlrPixels) > 5e-4) size *= 2;
        var (sum, _, _) = RenderAndMeasure(profile, size, scale, size / 2 + 0.37, size / 2 - 0.21);
        output.WriteLine($"n={n} hlr={hlrPixels}px q={q} grid={size}: flux {sum:F6}");
        Assert.InRange(sum, 0.995, 1.005);
    }

    public static TheoryData<double, double, double> CentroidCases()
    {
        var data = new TheoryData<double, double, double>();
        foreach (var n in new[] { 0.3, 1.0, 4.0, 6.2 })
            foreach (var hlrPixels in new[] { 1.0, 3.0 })
                data.Add(n, hlrPixels, 0.45);
        return data;
    }

    // Centroid within 0.01 pixel at sub-pixel centres. The centroid of a pixelated image,
    // sum(x_pixel * flux_pixel), is pulled towards the nearest pixel centre when the core is
    // unresolved (a point source always lands on its pixel's centre), so the reference is the
    // same sum over pixel fluxes integrated independently by brute force (a 24x24 midpoint grid
    // per pixel, 480x480 in the 5x5 pixels around the cusp). The profile is truncated at 8
    // half-light radii so all its light is on the grid.
    [Theory]
    [MemberData(nameof(CentroidCases))]
    public void RenderedCentroidMatchesBruteForceIntegration(double n, double hlrPixels, double q)
    {
        const double scale = 0.05;
        var profile = new SersicProfile(n, hlrPixels * scale, new Ellipticity(q, 0.6), truncationRadius: 8 * hlrPixels * scale);
        int size = (int)(2 * 8 * hlrPixels) + 6;
        double cx = size / 2 + 0.37, cy = size / 2 - 0.21;
        var (sum, mx, my) = RenderAndMeasure(profile, size, scale, cx, cy);

        double c = Math.Cos(0.6), s = Math.Sin(0.6), re = hlrPixels;
        double amplitude = 1 / (profile.UnitAmplitudeFlux * re * re * q);
        double rs = 0, rx = 0, ry = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                int k = Math.Abs(x - (int)Math.Round(cx)) <= 2 && Math.Abs(y - (int)Math.Round(cy)) <= 2 ? 480 : 24;
                double f = 0;
                for (int j = 0; j < k; j++)
                    for (int i = 0; i < k; i++)
                    {
                        double dx = x - 0.5 + (i + 0.5) / k - cx, dy = y - 0.5 + (j + 0.5) / k - cy;
                        double u = (c * dx + s * dy) / re, v = (-s * dx + c * dy) / (re * q);
                        f += profile.Radial(u * u + v * v);
                    }
                f *= amplitude / ((double)k * k);
                rs += f; rx += f * x; ry += f * y;
            }
        rx /= rs; ry /= rs;
        output.WriteLine($"n={n} hlr={hlrPixels}px: flux {sum:F6} (brute force {rs:F6}); centroid - reference ({mx - rx:E2}, {my - ry:E2}) px; pixel-centre pull of the reference ({rx - cx:E2}, {ry - cy:E2}) px");
        Assert.InRange(sum, 0.995, 1.005);
        Assert.InRange(mx - rx, -0.01, 0.01);
        Assert.InRange(my - ry, -0.01, 0.01);
    }

    // For a resolved profile the pixel-centre pull is negligible and the centroid is the centre.
    [Theory]
    [InlineData(0.5, 2.0)] [InlineData(1.0, 3.0)] [InlineData(2.0, 5.0)]
    public void ResolvedProfileCentroidIsTheCentre(double n, double hlrPixels)
    {
        const double scale = 0.05;
        var profile = new SersicProfile(n, hlrPixels * scale, new Ellipticity(0.5, 0.6), truncationRadius: 8 * hlrPixels * scale);
        int size = (int)(2 * 8 * hlrPixels) + 6;
        foreach (var (ox, oy) in new[] { (0.37, -0.21), (-0.13, 0.29) })
        {
            double cx = size / 2 + ox, cy = size / 2 + oy;
            var (sum, mx, my) = RenderAndMeasure(profile, size, scale, cx, cy);
            output.WriteLine($"n={n} hlr={hlrPixels}px offset=({ox},{oy}): flux {sum:F6}, centroid error ({mx - cx:E2}, {my - cy:E2}) px");
            Assert.InRange(mx - cx, -0.01, 0.01);
            Assert.InRange(my - cy, -0.01, 0.01);
        }
    }

    private static (double Sum, double X, double Y) RenderAndMeasure(SersicProfile profile, int size, double scale, double cx, double cy)
    {
        var image = new double[size * size];
        ProfileRenderer.Render(profile, cx, cy, scale, LensDistortion.None, image, size, size);
        double sum = 0, mx = 0, my = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double v = image[y * size + x];
                sum += v; mx += v * x; my += v * y;
            }
        return (sum, mx / sum, my / sum);
    }

    [Fact]
    public void TruncatedProfileHasItsFluxInsideTheTruncation()
    {
        const double scale = 0.1;
        var profile = new SersicProfile(4, 0.3, new Ellipticity(0.7, 0.2), truncationRadius: 0.9);
        int size = 40;
        var image = new double[size * size];
        ProfileRenderer.Render(profile, 20.2, 19.6, scale, LensDistortion.None, image, size, size);
        double sum = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                sum += image[y * size + x];
                if (Math.Sqrt((x - 20.2) * (x - 20.2) + (y - 19.6) * (y - 19.6)) > 9 + 0.8) Assert.Equal(0, image[y * size + x]);
            }
        Assert.InRange(sum, 0.995, 1.005);
    }
}
