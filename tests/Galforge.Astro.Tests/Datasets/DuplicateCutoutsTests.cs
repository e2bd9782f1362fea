using Galforge.Astro.Datasets;
using Xunit;

namespace Galforge.Astro.Tests.Datasets;

public class DuplicateCutoutsTests
{
    // Six 2-band 8x8 stamps of independent noise; then: 3 = 1 with different noise in a masked
    // neighbour (pixels inside the centre box masked in 3 only), 5 = 3 (so 1, 3, 5 are one group
    // through 3), 4 = 2 except for one central pixel (a different cut-out).
    private static GalaxyDataset Stamps()
    {
        var d = new GalaxyDataset([new DatasetBand("g", 0.2, double.NaN), new DatasetBand("r", 0.2, double.NaN)], 6, 8, 8, 1, 1);
        var rng = new Random(3);
        for (var i = 0; i < d.Images.Length; i++) d.Images[i] = (float)rng.NextDouble();
        for (var b = 0; b < 2; b++)
        {
            d.Image(1, b).CopyTo(d.Image(3, b));
            d.Image(1, b).CopyTo(d.Image(5, b));
            d.Image(2, b).CopyTo(d.Image(4, b));
        }
        // A masked neighbour in stamp 3, filled with other noise, inside and outside the 4x4 centre.
        foreach (var p in new[] { 2 * 8 + 2, 2 * 8 + 3, 0, 63 })
        {
            d.Mask(3, 0)[p] = MaskBits.Neighbour;
            d.Image(3, 0)[p] = 9f;
        }
        // Stamp 5 differs from 1 where 3 is masked: the same as 3, not as 1, on their shared pixels.
        d.Image(5, 0)[2 * 8 + 2] = 7f;
        d.Image(4, 1)[4 * 8 + 4] += 1e-6f;
        return d;
    }

    [Fact]
    public void KeepsTheFirstOfEachGroupOfIdenticalCutOuts()
    {
        Assert.Equal([0, 1, 2, 4], DuplicateCutouts.FirstOfEach(Stamps(), centre: 4));
    }

    [Fact]
    public void OnlyTheCentreBoxCounts()
    {
        var d = Stamps();
        // A difference outside the central 4x4 does not separate 2 and 4 ...
        d.Image(4, 1)[4 * 8 + 4] = d.Image(2, 1)[4 * 8 + 4];
        d.Image(4, 0)[0] += 1f;
        Assert.Equal([0, 1, 2], DuplicateCutouts.FirstOfEach(d, centre: 4));
        // ... but does with the whole 8x8 stamp as the box (1, 3, 5 still differ only where one of
        // a pair is masked).
        Assert.Equal([0, 1, 2, 4], DuplicateCutouts.FirstOfEach(d, centre: 8));
    }

    [Fact]
    public void StampsSharingFewerThanHalfTheirCentralPixelsAreNotTheSame()
    {
        var d = Stamps();
        // Mask 17 of the 32 central pixels of stamp 2: too little is left to call 4 its twin.
        for (var y = 2; y < 6; y++)
            for (var x = 2; x < 6; x++)
                d.Mask(2, 0)[y * 8 + x] = MaskBits.Neighbour;
        d.Mask(2, 1)[2 * 8 + 2] = MaskBits.Neighbour;
        d.Image(4, 1)[4 * 8 + 4] = d.Image(2, 1)[4 * 8 + 4];
        Assert.Equal([0, 1, 2, 4], DuplicateCutouts.FirstOfEach(d, centre: 4));
        Assert.Throws<BadInputException>(() => DuplicateCutouts.FirstOfEach(d, centre: 9));
    }

    [Fact]
    public void DropKeepsTheFirstOfEachAndReportsTheOthersByInputIndex()
    {
        // 8 inputs, of which the builder rejected 2 and 5: dataset rows 0..5 are inputs 0, 1, 3, 4, 6, 7.
        var built = Stamps();
        var report = new BuildReport { Read = 8, Kept = 6 };
        report.Rejections.Add((2, "blend"));
        report.Rejections.Add((5, "nan"));
        report.Rejected["blend"] = 1;
        report.Rejected["nan"] = 1;
        var result = DuplicateCutouts.Drop(built, report, 8);
        Assert.Equal(4, result.Count);
        Assert.Equal(built.Image(4, 1).ToArray(), result.Image(3, 1).ToArray());
        Assert.Equal(2, report.Rejected["duplicate"]);
        Assert.Equal(4, report.Kept);
        Assert.Equal([(4, "duplicate"), (7, "duplicate")], report.Rejections.Where(r => r.Rule == "duplicate").ToArray());
        Assert.Equal(report.Read, report.Kept + report.Rejected.Values.Sum());
        Assert.Equal(2, result.Provenance.Counts["rejected_duplicate"]);
        // Nothing to drop: the same dataset back.
        var unique = result;
        Assert.Same(unique, DuplicateCutouts.Drop(unique, report, 8));
    }
}
