using Galforge.Astro.Measurement;
using Galforge.Astro.Simulation;
using Galforge.Models.Generation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Generation;

public class ConditionColumnsTests
{
    [Fact]
    public void E1E2FromAxisRatioAndPositionAngleAgreeWithTheMeasuredShapeOfTheSimulatedImage()
    {
        // Pure exponential disks (n = 1, quiescent: no bulge, clumps or arms) at q = 0.5 and
        // several position angles, simulated without noise. The e1, e2 conditions derived from the
        // truth (q, pa) must point the way the adaptive moments of the stored F160W stamp (x along
        // columns, y along rows) point, and equal the pre-PSF measurement intr_e1/e2.
        using var dir = new TempDirectory();
        double[] angles = [0, 20, 45, 70, 100, 135, 160, -30];
        var csv = dir.File("pop.csv");
        File.WriteAllText(csv, "mag,re,n,q,pa,z,lssfr\n" + string.Concat(angles.Select(pa => FormattableString.Invariant($"19,0.45,1,0.5,{pa},0.5,-11\n"))));
        var simulator = new SimulationRequest { Count = angles.Length, Population = csv, Noise = false, Intrinsic = true, StampSize = 48, Bands = ["F160W"] }.Build();
        using var renderer = simulator.CreateRenderer();
        var truths = new List<GalaxyTruth>();
        var measured = new List<AdaptiveMoments>();
        for (var i = 0; i < angles.Length; i++)
        {
            var stamps = new[] { new float[48 * 48] };
            truths.Add(simulator.Simulate(i, renderer, stamps));
            measured.Add(AdaptiveMoments.Measure(new Galforge.Astro.Imaging.Image(48, 48, stamps[0], simulator.Settings.PixelScale)));
        }
        var table = TruthTable.ToParameterTable(truths, simulator.Settings.Bands);
        var e1 = ConditionColumns.Values(table, "e1", "sim");
        var e2 = ConditionColumns.Values(table, "e2", "sim");
        var intr1 = table.Numbers(IntrinsicColumn.Name("e1", "F160W"));
        var intr2 = table.Numbers(IntrinsicColumn.Name("e2", "F160W"));
        for (var i = 0; i < angles.Length; i++)
        {
            Assert.Equal(1.0 / 3, Math.Sqrt(e1[i] * e1[i] + e2[i] * e2[i]), 12);
            var m = measured[i];
            Assert.True(m.Converged, $"pa {angles[i]}: {m.Problem}");
            // Orientation 2 phi of the measurement vs the request; the PSF only rounds the shape.
            var delta = Math.Atan2(m.G2 * e1[i] - m.G1 * e2[i], m.G1 * e1[i] + m.G2 * e2[i]) * 180 / Math.PI;
            Assert.True(Math.Abs(delta) < 4, $"pa {angles[i]}: requested (e1, e2) = ({e1[i]:F3}, {e2[i]:F3}), measured ({m.G1:F3}, {m.G2:F3}), 2 phi off by {delta:F1} deg");
            var g = Math.Sqrt(m.G1 * m.G1 + m.G2 * m.G2);
            Assert.InRange(g, 0.15, 1.0 / 3 + 0.02);
            Assert.Equal(e1[i], intr1[i], 0.03);
            Assert.Equal(e2[i], intr2[i], 0.03);
        }
    }

    [Fact]
    public void E1E2ColumnsInTheTableWinAndMissingColumnsAreNamed()
    {
        var table = new Galforge.Astro.Datasets.ParameterTable(1);
        table.Set("q", [0.5]);
        var e = Assert.Throws<BadInputException>(() => ConditionColumns.Values(table, "e2", "t.fits"));
        Assert.Contains("pa", e.Message);
        table.Set("pa", [0.0]);
        table.Set("e1", [0.25]);
        Assert.Equal(0.25, ConditionColumns.Values(table, "e1", "t.fits")[0]);
        // pa 0 (major axis North = +y): along the rows, e1 = -|e|, e2 = 0.
        Assert.Equal(0, ConditionColumns.Values(table, "e2", "t.fits")[0], 12);
        table.Set("pa", [45.0]);
        // pa 45 (North through East: towards -x, +y): e2 = -|e| with |e| = 1/3.
        Assert.Equal(-1.0 / 3, ConditionColumns.Values(table, "e2", "t.fits")[0], 12);
    }
}
