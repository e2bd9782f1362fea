using Galforge.Astro.Fits;
using Galforge.Astro.Measurement;
using Galforge.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Galforge.Astro.Tests.Measurement;

/// <summary>
/// statmorph's own test galaxy (tests/data/statmorph/slice.fits, gain 1) against the reference
/// values in statmorph's test suite (Rodriguez-Gomez et al. 2019). The issue asks for ~1%
/// agreement; the tolerance here is 1e-4 relative because our implementation follows the same
/// definitions step by step (exact apertures, the same root finders and simplex).
/// </summary>
public class StatmorphReferenceTests(ITestOutputHelper output)
{
    // statmorph/tests/test_statmorph.py, TestSourceMorphology.correct_values (the keys we compute).
    public static readonly Dictionary<string, double> Reference = new()
    {
        ["xc_centroid"] = 81.66578971349672, ["yc_centroid"] = 80.53461797343211,
        ["ellipticity_centroid"] = 0.04855709579576, ["elongation_centroid"] = 1.05103521775316,
        ["orientation_centroid"] = -0.85797602066195,
        ["xc_asymmetry"] = 82.23985214801982, ["yc_asymmetry"] = 80.76076242700849,
        ["ellipticity_asymmetry"] = 0.04806946962244, ["elongation_asymmetry"] = 1.05049682522881,
        ["orientation_asymmetry"] = -0.85405676626920,
        ["flux_circ"] = 5758942.65115976985544, ["flux_ellip"] = 5758313.01348320022225,
        ["rpetro_circ"] = 40.93755531944313, ["rpetro_ellip"] = 41.64283484446126,
        ["rmax_circ"] = 54.10691995800065, ["rmax_ellip"] = 54.57312319389109,
        ["rhalf_circ"] = 21.60803205322342, ["rhalf_ellip"] = 22.08125638365687,
        ["r20"] = 11.69548630967248, ["r50"] = 21.62164455681452, ["r80"] = 32.07883340820674,
        ["gini"] = 0.38993180299621, ["m20"] = -1.54448930789228,
        ["gini_m20_bulge"] = -0.95950648479940, ["gini_m20_merger"] = -0.15565152883078,
        ["sn_per_pixel"] = 6.80319166183472, ["concentration"] = 2.19100140632153,
        ["asymmetry"] = 0.00377345808887, ["smoothness"] = 0.00430880839402,
        ["outer_asymmetry"] = -0.01821399684443, ["shape_asymmetry"] = 0.16308278287864,
        ["sky_mean"] = 3.48760604858398, ["sky_median"] = -2.68543863296509, ["sky_sigma"] = 150.91754150390625,
        ["xmin_stamp"] = 0, ["ymin_stamp"] = 0, ["xmax_stamp"] = 161, ["ymax_stamp"] = 161,
        ["nx_stamp"] = 162, ["ny_stamp"] = 162,
    };

    [Fact]
    public void SliceMatchesStatmorphReferenceValues()
    {
        var path = RepoPaths.TestData("statmorph", "slice.fits");
        var image = FitsFile.ReadImage(path, 0);
        var segmap = FitsFile.ReadFitsImage(path, 1).ToDoubles().Select(v => (int)v).ToArray();
        var mask = FitsFile.ReadFitsImage(path, 2).ToDoubles().Select(v => v != 0).ToArray();
        var m = Morphology.Measure(image, segmap, 1, mask, gain: 1.0);
        Assert.Equal(0, m.Flag);
        double worst = 0;
        foreach (var (key, expected) in Reference)
        {
            double actual = m[key];
            double rel = expected == 0 ? Math.Abs(actual) : Math.Abs(actual / expected - 1);
            worst = Math.Max(worst, rel);
            output.WriteLine($"{key,-22} ours {actual,22:R}  statmorph {expected,22:R}  rel.diff {rel:E2}");
            Assert.True(rel < 1e-4, $"{key}: ours {actual}, statmorph {expected} (relative difference {rel:E2})");
        }
        output.WriteLine($"worst relative difference {worst:E2} over {Reference.Count} keys");
    }

    [Fact]
    public void SliceThroughTheGalaxyMeasurerKeepsStatmorphValues()
    {
        var path = RepoPaths.TestData("statmorph", "slice.fits");
        var image = FitsFile.ReadImage(path, 0);
        var segmap = FitsFile.ReadFitsImage(path, 1).ToDoubles().Select(v => (int)v).ToArray();
        var g = GalaxyMeasurer.Measure(image, segmap, null, new MeasurementOptions { Gain = 1, ZeroPoint = 25 });
        Assert.Equal(Reference["gini"], g["gini"], 1e-6);
        Assert.Equal(Reference["flux_circ"], g.Flux, 1e-3);
        Assert.Equal(25 - 2.5 * Math.Log10(Reference["flux_circ"]), g.Magnitude, 1e-9);
        Assert.Equal(0, g.HsmFlag);
        // Adaptive size close to the moments size of a near-exponential profile.
        Assert.InRange(g.Moments.Sigma, 10, 25);
        Assert.True(g.SignalToNoise > 100);
    }
}
