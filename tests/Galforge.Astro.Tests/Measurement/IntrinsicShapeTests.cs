using Galforge.Astro.Fidelity;
using Galforge.Astro.Measurement;
using Galforge.Astro.Simulation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Measurement;

public class IntrinsicShapeTests
{
    // An elliptical Gaussian of total flux `flux` sampled at pixel centres: sigma along the major
    // axis, axis ratio q, major axis at angle phi from +x (counter-clockwise towards +y).
    private static float[] Gaussian(int size, double flux, double sigma, double q, double phi, double xc, double yc)
    {
        var img = new float[size * size];
        double a2 = sigma * sigma, b2 = sigma * sigma * q * q, c = Math.Cos(phi), s = Math.Sin(phi);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                double dx = x - xc, dy = y - yc, u = c * dx + s * dy, v = -s * dx + c * dy;
                img[y * size + x] = (float)(flux / (2 * Math.PI * sigma * sigma * q) * Math.Exp(-0.5 * (u * u / a2 + v * v / b2)));
            }
        return img;
    }

    [Fact]
    public void EllipticalGaussianGivesItsAxisRatioOrientationAndFlux()
    {
        double q = 0.5, phi = Math.PI / 6;
        var shape = IntrinsicShape.Measure(Gaussian(64, 5000, 4, q, phi, 31.3, 32.6), 64, 0.06, 30);
        double g = (1 - q) / (1 + q);
        Assert.Equal(g, shape.E, 3);
        Assert.Equal(g * Math.Cos(2 * phi), shape.E1, 3);
        Assert.Equal(g * Math.Sin(2 * phi), shape.E2, 3);
        Assert.Equal(30 - 2.5 * Math.Log10(5000), shape.Mag, 4);
    }

    [Fact]
    public void CircularGaussianHalfLightRadiusIsSigmaTimesSqrtTwoLnTwo()
    {
        var shape = IntrinsicShape.Measure(Gaussian(64, 1000, 5, 1, 0, 32, 31.5), 64, 0.1, 25);
        // The aperture spreads each pixel's value uniformly over the pixel, i.e. measures the
        // point-sampled Gaussian convolved with the pixel box: variance sigma^2 + 1/12 per axis.
        Assert.Equal(Math.Sqrt(25 + 1.0 / 12) * Math.Sqrt(2 * Math.Log(2)) * 0.1, shape.HalfLightRadius, 4);
        Assert.True(shape.E < 1e-3);
    }

    [Fact]
    public void ObjectBelowAPixelStillGetsAShapeFromUnweightedMoments()
    {
        // A 2 x 1 pixel bar: the adaptive moments collapse, the fallback sees an elongated object.
        var img = new float[32 * 32];
        img[16 * 32 + 15] = 50;
        img[16 * 32 + 16] = 50;
        var shape = IntrinsicShape.Measure(img, 32, 0.06, 25);
        Assert.True(double.IsFinite(shape.E1) && double.IsFinite(shape.HalfLightRadius));
        // Pixel-integrated moments: Qxx = 100 (0.25 + 1/12), Qyy = 100 / 12, so e1 = 0.6 and g1 = 0.6 / 1.8.
        Assert.Equal(1.0 / 3, shape.E1, 6);
        Assert.Equal(0, shape.E2, 6);
        Assert.True(shape.HalfLightRadius < 0.06, $"hlr {shape.HalfLightRadius} arcsec");
    }

    [Fact]
    public void ColumnNamesParseBack()
    {
        Assert.True(IntrinsicColumn.TryParse(IntrinsicColumn.Name("hlr", "F160W"), out var q, out var b));
        Assert.Equal(("hlr", "F160W"), (q, b));
        Assert.True(IntrinsicColumn.TryParse("intr_e_g_HSC", out q, out b));
        Assert.Equal(("e", "g_HSC"), (q, b));
        Assert.False(IntrinsicColumn.TryParse("intr_size_F160W", out _, out _));
        Assert.False(IntrinsicColumn.TryParse("mag_F160W", out _, out _));
        Assert.False(IntrinsicColumn.TryParse("intr_e_", out _, out _));
    }

    [Fact]
    public void SimulatorRecordsIntrinsicColumnsThatFollowTheTruth()
    {
        var request = new SimulationRequest
        {
            Count = 40, Survey = RepoPaths.InRepo("surveys", "candels.yaml"), Bands = ["F606W", "F160W"], StampSize = 64,
            PixelScale = 0.06, Seed = 3, Noise = false, Intrinsic = true,
            Population = "candels:" + RepoPaths.ShippedData("candels", "cosmos_3dhst.v4.1_structure_good.txt"),
        };
        var sim = request.Build();
        var truths = new GalaxyTruth[40];
        sim.Run(40, 1, g => truths[g.Truth.Index] = g.Truth);
        var table = TruthTable.ToParameterTable(truths, sim.Settings.Bands);
        var e = table.Numbers("intr_e_F160W");
        var hlr = table.Numbers("intr_hlr_F160W");
        var mag = table.Numbers("intr_mag_F160W");
        var truthE = table.Numbers("q").Select(q => (1 - q) / (1 + q)).ToArray();
        Assert.Equal("arcsec", table.Unit("intr_hlr_F160W"));
        Assert.All(e, v => Assert.True(double.IsFinite(v)));
        Assert.True(ConditionalControl.Compare(truthE, e).Pearson > 0.8);
        Assert.True(ConditionalControl.Compare(table.Numbers("half_light_radius"), hlr).Pearson > 0.5);
        // The stamp holds (nearly) all the light: its magnitude is the truth's, never brighter.
        var truthMag = table.Numbers("mag_F160W");
        for (var i = 0; i < 40; i++)
        {
            Assert.True(mag[i] >= truthMag[i] - 1e-3, $"galaxy {i}: {mag[i]} brighter than the truth {truthMag[i]}");
            if (truths[i].Parameters.HalfLightRadius < 0.3) Assert.InRange(mag[i] - truthMag[i], -1e-4, 0.05);
        }
        // Off by default: no second rendering, no columns.
        var plain = (request with { Intrinsic = false, Count = 2 }).Build();
        var plainTruths = new GalaxyTruth[2];
        plain.Run(2, 1, g => plainTruths[g.Truth.Index] = g.Truth);
        Assert.Null(plainTruths[0].Intrinsic);
        Assert.False(TruthTable.ToParameterTable(plainTruths, plain.Settings.Bands).Has("intr_e_F160W"));
    }
}
