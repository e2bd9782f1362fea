using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Xunit;
using Xunit.Abstractions;
using static Galforge.Astro.Tests.Measurement.ProfileRenderer;

namespace Galforge.Astro.Tests.Measurement;

/// <summary>Measurements of rendered Gaussian and Sersic profiles against their analytic values.</summary>
public class AnalyticProfileTests(ITestOutputHelper output)
{
    private const double PixelVariance = 1.0 / 12.0; // a pixel-integrated profile gains the box variance

    [Fact]
    public void RoundGaussianRadiiAndConcentration()
    {
        const double sigma = 3.0;
        // Centred on a pixel corner/centre so that the 180-degree rotation is an exact pixel
        // permutation (off-grid centres are checked in the next test).
        var img = Render(64, 31.5, 32.0, 1, 0, Gaussian(sigma));
        var m = Morphology.Measure(img, Isophote(img, 1e-4), 1);
        // Aperture photometry of a pixel-integrated image spreads the light by the pixel box
        // twice (once when the pixels integrate the profile, once when the aperture takes whole
        // pixel areas): the curve of growth is that of a Gaussian of variance sigma^2 + 2/12.
        double s = Math.Sqrt(sigma * sigma + 2 * PixelVariance);
        output.WriteLine($"flag {m.Flag} rhalf {m["rhalf_circ"]} (expected {s * Math.Sqrt(2 * Math.Log(2))}) rpetro {m["rpetro_circ"]} C {m.Concentration} A {m.Asymmetry}");
        Assert.True(m.Flag <= 1, string.Join("; ", m.Warnings));
        // Half-light radius of a Gaussian: sigma sqrt(2 ln 2) (total taken within rmax).
        Assert.Equal(s * Math.Sqrt(2 * Math.Log(2)), m["rhalf_circ"], 0.001 * s);
        // r20, r80 within 1.5 rpetro: the truncated Gaussian's curve of growth.
        double R = 1.5 * m["rpetro_circ"];
        double Frac(double f) => s * Math.Sqrt(-2 * Math.Log(1 - f * (1 - Math.Exp(-R * R / (2 * s * s)))));
        Assert.Equal(Frac(0.2), m["r20"], 0.003 * Frac(0.2));
        Assert.Equal(Frac(0.8), m["r80"], 0.003 * Frac(0.8));
        Assert.Equal(5 * Math.Log10(Frac(0.8) / Frac(0.2)), m.Concentration, 0.005);
        // Petrosian radius: mean in a 1-pixel annulus / mean inside = 0.2, solved on the exact profile.
        double Eta(double r)
        {
            double inside = 2 * s * s * (1 - Math.Exp(-r * r / (2 * s * s))) / (r * r);
            double ri = r - 0.5, ro = r + 0.5;
            double ann = 2 * s * s * (Math.Exp(-ri * ri / (2 * s * s)) - Math.Exp(-ro * ro / (2 * s * s))) / (ro * ro - ri * ri);
            return ann / inside - 0.2;
        }
        double lo = 1, hi = 30;
        for (int i = 0; i < 100; i++) { double mid = 0.5 * (lo + hi); if (Eta(mid) > 0) lo = mid; else hi = mid; }
        Assert.Equal(lo, m["rpetro_circ"], 0.01 * lo);
        // A symmetric profile has no asymmetry about its centre.
        Assert.InRange(m.Asymmetry, -1e-6, 1e-6);
        Assert.Equal(31.5, m["xc_asymmetry"], 1e-4);
        Assert.Equal(32.0, m["yc_asymmetry"], 1e-4);
        Assert.InRange(m["ellipticity_centroid"], 0, 1e-3);
    }

    [Fact]
    public void OffGridSymmetricProfileHasSmallAsymmetry()
    {
        // Off the pixel grid, the rotated copy is resampled bilinearly (as in statmorph), which
        // smooths it slightly; the asymmetry stays small and the centre close.
        var img = Render(64, 31.3, 32.6, 1, 0, Gaussian(3.0));
        var m = Morphology.Measure(img, Isophote(img, 1e-4), 1);
        output.WriteLine($"A {m.Asymmetry} centre {m["xc_asymmetry"]}, {m["yc_asymmetry"]}");
        Assert.InRange(m.Asymmetry, 0, 0.03);
        Assert.Equal(31.3, m["xc_asymmetry"], 0.25);
        Assert.Equal(32.6, m["yc_asymmetry"], 0.25);
        Assert.Equal(31.3, m["xc_centroid"], 1e-3);
        Assert.Equal(32.6, m["yc_centroid"], 1e-3);
    }

    [Fact]
    public void EllipticalGaussianShapeAndOrientation()
    {
        const double sa = 4.0, q = 0.5, theta = 30 * Math.PI / 180;
        var img = Render(72, 35.7, 36.2, q, theta, Gaussian(sa));
        var m = Morphology.Measure(img, Isophote(img, 1e-4), 1);
        Assert.True(m.Flag <= 1, string.Join("; ", m.Warnings));
        double a = Math.Sqrt(sa * sa + PixelVariance), b = Math.Sqrt(q * q * sa * sa + PixelVariance);
        output.WriteLine($"ellip {m["ellipticity_centroid"]} expected {1 - b / a} orient {m["orientation_centroid"]}");
        Assert.Equal(1 - b / a, m["ellipticity_centroid"], 0.003);
        Assert.Equal(a / b, m["elongation_asymmetry"], 0.01);
        Assert.Equal(theta, m["orientation_centroid"], 0.005);
        // Elliptical half-light semi-major axis of a Gaussian: a sqrt(2 ln 2).
        Assert.Equal(a * Math.Sqrt(2 * Math.Log(2)), m["rhalf_ellip"], 0.01 * a);
    }

    [Fact]
    public void AdaptiveMomentsOfEllipticalGaussian()
    {
        const double sa = 3.0, q = 0.6, theta = -50 * Math.PI / 180;
        var img = Render(64, 32.2, 31.6, q, theta, Gaussian(sa));
        var hsm = AdaptiveMoments.Measure(img);
        Assert.True(hsm.Converged, hsm.Problem);
        // Covariance of the pixel-integrated profile: R diag(a^2, b^2) R^T + I/12.
        double c = Math.Cos(theta), s = Math.Sin(theta), a2 = sa * sa, b2 = q * q * sa * sa;
        double mxx = a2 * c * c + b2 * s * s + PixelVariance, myy = a2 * s * s + b2 * c * c + PixelVariance, mxy = (a2 - b2) * s * c;
        double sigma = Math.Pow(mxx * myy - mxy * mxy, 0.25);
        double e1 = (mxx - myy) / (mxx + myy), e2 = 2 * mxy / (mxx + myy);
        output.WriteLine($"sigma {hsm.Sigma} vs {sigma}; e1 {hsm.E1} vs {e1}; e2 {hsm.E2} vs {e2}; rho4 {hsm.Rho4}; iters {hsm.Iterations}");
        Assert.Equal(sigma, hsm.Sigma, 1e-3 * sigma);
        Assert.Equal(e1, hsm.E1, 1e-3);
        Assert.Equal(e2, hsm.E2, 1e-3);
        Assert.Equal(2.0, hsm.Rho4, 0.01);
        Assert.Equal(32.2, hsm.X, 1e-3);
        Assert.Equal(31.6, hsm.Y, 1e-3);
        double emag = Math.Sqrt(e1 * e1 + e2 * e2), g = emag / (1 + Math.Sqrt(1 - emag * emag));
        Assert.Equal(g * e1 / emag, hsm.G1, 1e-3);
        // For a pure elliptical profile |g| = (1 - q') / (1 + q') with q' the axis ratio.
        Assert.Equal(g, Math.Sqrt(hsm.G1 * hsm.G1 + hsm.G2 * hsm.G2), 1e-3);
    }

    [Fact]
    public void AdaptiveMomentsFlagNonConvergence()
    {
        var img = new Image(32, 32);
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = -1f;
        var hsm = AdaptiveMoments.Measure(img, x0: 16, y0: 16);
        Assert.False(hsm.Converged);
        Assert.NotNull(hsm.Problem);
        var few = AdaptiveMoments.Measure(Render(32, 16, 16, 1, 0, Gaussian(3)), maxIterations: 2);
        Assert.False(few.Converged);
        Assert.Equal("did not converge", few.Problem);
    }

    [Fact]
    public void PointSourceIsMeasuredAsThePixelisedPsf()
    {
        // A star: a narrow Gaussian (sigma 0.8 px) is pixel-dominated.
        var img = Render(32, 15.5, 16.25, 1, 0, Gaussian(0.8), sub: 20);
        var hsm = AdaptiveMoments.Measure(img);
        Assert.True(hsm.Converged, hsm.Problem);
        Assert.Equal(Math.Sqrt(0.64 + PixelVariance), hsm.Sigma, 0.01);
        // A single bright pixel: no crash; a flag and warnings.
        var spike = new Image(16, 16);
        spike[8, 8] = 100;
        var seg = new int[256];
        seg[8 * 16 + 8] = 1;
        var m = Morphology.Measure(spike, seg, 1);
        Assert.True(m.Flag >= 2);
        Assert.NotEmpty(m.Warnings);
        var g = GalaxyMeasurer.Measure(spike, seg);
        Assert.Equal(1, g.HsmFlag);
    }

    [Theory]
    [InlineData(1.0, 5.0)]
    [InlineData(2.0, 4.0)]
    public void SersicHalfLightRadius(double n, double re)
    {
        // Truncated at 15 r_e (GalSim-style) so the sky is exactly zero; the light lost beyond
        // is below 1e-4 for n <= 2.
        var img = Render(128, 63.5, 64.0, 1, 0, Sersic(n, re, 15 * re), sub: 16);
        var m = Morphology.Measure(img, Isophote(img, 1e-7), 1, gain: 1.0);
        output.WriteLine(string.Join("; ", m.Warnings));
        Assert.True(m.Flag <= 1, string.Join("; ", m.Warnings));
        output.WriteLine($"n={n} re={re}: rhalf_circ {m["rhalf_circ"]} (rmax {m["rmax_circ"]}) C {m.Concentration} gini {m.Gini}");
        Assert.Equal(re, m["rhalf_circ"], 0.01 * re);
    }

    [Fact]
    public void FluxIsConserved()
    {
        const double total = 5000;
        var gauss = Render(64, 32.1, 31.8, 0.7, 0.3, Gaussian(3), flux: total);
        Assert.Equal(total, gauss.Sum(), 1e-3 * total);
        var gm = GalaxyMeasurer.Measure(gauss, Isophote(gauss, 1e-4), options: new MeasurementOptions { ZeroPoint = 25 });
        Assert.Equal(total, gm.Flux, 1e-3 * total);
        Assert.Equal(25 - 2.5 * Math.Log10(total), gm.Magnitude, 1e-3);
        // Petrosian flux of an exponential disk: 99% of the total inside 2 Petrosian radii
        // (Graham et al. 2005).
        var disk = Render(128, 64.2, 63.7, 1, 0, Sersic(1, 5), flux: total, sub: 16);
        var dm = GalaxyMeasurer.Measure(disk, Isophote(disk, 1e-6));
        output.WriteLine($"exp disk flux_circ/total {dm.Flux / total}");
        Assert.InRange(dm.Flux / total, 0.985, 1.0);
    }

    [Fact]
    public void RotatedCopyMeasuresTheSame()
    {
        var img = Render(64, 31.7, 32.4, 0.55, 0.4, Sersic(1.5, 4), sub: 8);
        var rng = new Random(7);
        // A lopsided clump so that asymmetry, M20 and the centres are not trivial.
        for (int y = 38; y < 42; y++) for (int x = 22; x < 27; x++) img[x, y] += 0.3f;
        var seg = Isophote(img, 1e-3);
        var a = Morphology.Measure(img, seg, 1);
        var b = Morphology.Measure(Rotate90(img), Rotate90(seg, 64), 1);
        foreach (var key in new[] { "gini", "m20", "concentration", "asymmetry", "smoothness", "rhalf_circ", "rpetro_circ", "ellipticity_centroid", "elongation_asymmetry" })
        {
            output.WriteLine($"{key}: {a[key]} vs rotated {b[key]}");
            Assert.Equal(a[key], b[key], 2e-3 * Math.Max(1, Math.Abs(a[key])));
        }
        Assert.True(a.Asymmetry > 0.01, $"lopsided galaxy asymmetry {a.Asymmetry}");
        // Orientation turns by 90 degrees (modulo pi).
        double d = b["orientation_centroid"] - a["orientation_centroid"] - Math.PI / 2;
        d -= Math.PI * Math.Round(d / Math.PI);
        Assert.Equal(0, d, 1e-6);
    }
}
