using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Xunit;
using static Galforge.Astro.Tests.Measurement.ProfileRenderer;

namespace Galforge.Astro.Tests.Measurement;

/// <summary>Bad data gives a flag and a warning per galaxy, never an exception.</summary>
public class BadInputTests
{
    private static Image Galaxy() => Render(48, 23.5, 24, 0.8, 0.2, Gaussian(3));

    [Fact]
    public void EmptySegmapIsCatastrophicWithAWarning()
    {
        var g = GalaxyMeasurer.Measure(Galaxy(), new int[48 * 48]);
        Assert.Equal(4, g.Flag);
        Assert.Contains(g.Warnings, w => w.Contains("empty", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Morphology.Invalid, g["gini"]);
        Assert.Equal(Morphology.Invalid, g.Magnitude);
        Assert.Equal(1, g.HsmFlag);
    }

    [Fact]
    public void AllMaskedImageIsFlagged()
    {
        var img = Galaxy();
        var mask = Enumerable.Repeat(true, img.Pixels.Length).ToArray();
        var withSeg = GalaxyMeasurer.Measure(img, Isophote(img, 1e-3), mask);
        Assert.Equal(4, withSeg.Flag);
        Assert.Contains(withSeg.Warnings, w => w.Contains("nonpositive", StringComparison.OrdinalIgnoreCase));
        var detected = GalaxyMeasurer.Measure(img, null, mask);
        Assert.Equal(4, detected.Flag);
        Assert.Contains(detected.Warnings, w => w.Contains("masked"));
    }

    [Fact]
    public void NonPositiveFluxIsCatastrophic()
    {
        var img = Galaxy();
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = -img.Pixels[i];
        var seg = Isophote(Galaxy(), 1e-3);
        var g = GalaxyMeasurer.Measure(img, seg);
        Assert.Equal(4, g.Flag);
        Assert.Contains(g.Warnings, w => w.Contains("Total flux is nonpositive"));
    }

    [Fact]
    public void CentroidOutsideTheStampIsFlagged()
    {
        // Positive and negative blocks in one segment put the light-weighted centroid at x = -19.
        var img = new Image(48, 48);
        var seg = new int[48 * 48];
        for (int y = 19; y <= 21; y++)
            for (int x = 0; x <= 2; x++)
            {
                img[x, y] = 2; seg[y * 48 + x] = 1;
                img[x + 20, y] = -1; seg[y * 48 + x + 20] = 1;
            }
        var g = GalaxyMeasurer.Measure(img, seg);
        Assert.True(g.Flag >= 2);
        Assert.Contains(g.Warnings, w => w.Contains("Centroid is out-of-range"));
    }

    [Fact]
    public void NaNPixelsAreMaskedNotPropagated()
    {
        var img = Galaxy();
        ProfileRenderer.AddNoise(img, 0.001, 3);
        var seg = Isophote(img, 1e-2);
        img[30, 30] = float.NaN;
        var g = GalaxyMeasurer.Measure(img, seg, options: new MeasurementOptions { Gain = 1 });
        Assert.True(g.Flag <= 1, string.Join("; ", g.Warnings));
        Assert.True(double.IsFinite(g["gini"]) && g["gini"] > 0);
        Assert.Equal(0, g.HsmFlag);
    }

    [Fact]
    public void DetectionFindsTheCentralGalaxyAndLabelsTheNeighbour()
    {
        var img = Render(64, 32, 32, 0.7, 0.5, Gaussian(3), flux: 1000);
        var neighbour = Render(64, 52, 12, 1, 0, Gaussian(2), flux: 3000);
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] += neighbour.Pixels[i];
        AddNoise(img, 0.05, 11);
        var det = Segmentation.Detect(img);
        Assert.Null(det.Warning);
        Assert.Equal(1, det.Segmap[32 * 64 + 32]);
        Assert.True(det.Segmap[12 * 64 + 52] > 1, "the neighbour has its own label");
        Assert.Equal(0.05, det.Noise, 0.01);
        var g = GalaxyMeasurer.Measure(img, options: new MeasurementOptions { ZeroPoint = 30 });
        Assert.True(g.Flag <= 1, string.Join("; ", g.Warnings));
        // The neighbour is masked: the flux is the central galaxy's.
        Assert.Equal(1000.0, g.Flux, 30.0);
        Assert.Equal(30 - 2.5 * Math.Log10(1000), g.Magnitude, 0.03);
        Assert.True(g.SignalToNoise > 50);
        Assert.Equal(0.5, Math.Atan2(g.Moments.E2, g.Moments.E1) / 2, 0.05);
    }

    [Fact]
    public void ColoursAreMagnitudeDifferences()
    {
        var g = Render(48, 24, 24, 1, 0, Gaussian(3), flux: 100);
        var r = Render(48, 24, 24, 1, 0, Gaussian(3), flux: 250);
        AddNoise(g, 0.01, 1); AddNoise(r, 0.01, 2);
        var m = GalaxyMeasurer.MeasureBands([g, r], ["g", "r"], options: new MeasurementOptions { ZeroPoint = 27 });
        Assert.Equal("g-r", m.Colours[0].Key);
        Assert.Equal(-2.5 * Math.Log10(100.0 / 250.0), m.Colours[0].Value, 0.02);
    }

    [Fact]
    public void MissingBandIsFlaggedAndOtherBandsAreMeasured()
    {
        var g = Render(48, 24, 24, 1, 0, Gaussian(3), flux: 100);
        var r = Render(48, 24, 24, 1, 0, Gaussian(3), flux: 250);
        var i = Render(48, 24, 24, 1, 0, Gaussian(3), flux: 400);
        AddNoise(g, 0.01, 1); AddNoise(r, 0.01, 2); AddNoise(i, 0.01, 3);
        var missing = Enumerable.Repeat(true, 48 * 48).ToArray();
        var m = GalaxyMeasurer.MeasureBands([g, r, i], ["g", "r", "i"],
            options: new MeasurementOptions { BandZeroPoints = [26, 27, 28] }, bandMasks: [null, missing, null]);
        Assert.True(m.Bands[0].Flag <= 1, string.Join("; ", m.Bands[0].Warnings));
        Assert.Equal(4, m.Bands[1].Flag);
        Assert.True(m.Bands[2].Flag <= 1);
        Assert.Equal(26 - 2.5 * Math.Log10(100), m.Bands[0].Magnitude, 0.02);
        Assert.Equal(28 - 2.5 * Math.Log10(400), m.Bands[2].Magnitude, 0.02);
        Assert.Equal(Morphology.Invalid, m.Colours[0].Value);
        Assert.Equal(Morphology.Invalid, m.Colours[1].Value);
    }
}
