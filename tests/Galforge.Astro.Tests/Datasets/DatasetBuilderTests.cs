using Galforge.Astro.Datasets;
using Galforge.Astro.Imaging;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Datasets;

public class DatasetBuilderTests
{
    private static readonly DatasetBand[] s_one = [new DatasetBand("r", 0.2, 30)];

    // A Gaussian galaxy of total flux `flux` at (cx, cy) plus Gaussian noise of sigma 1.
    internal static Image Galaxy(int size, double cx, double cy, double flux, double radius, int seed, double sigma = 1)
    {
        var img = new Image(size, size, 0.2);
        var rng = new Random(seed);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                img[x, y] = (float)(flux / (2 * Math.PI * radius * radius) * Math.Exp(-r2 / (2 * radius * radius)) + sigma * DatasetBuilderGaussian(rng));
            }
        return img;
    }

    private static double DatasetBuilderGaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static void AddSource(Image img, double cx, double cy, double flux, double radius)
    {
        for (var y = 0; y < img.Height; y++)
            for (var x = 0; x < img.Width; x++)
            {
                var r2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                img[x, y] += (float)(flux / (2 * Math.PI * radius * radius) * Math.Exp(-r2 / (2 * radius * radius)));
            }
    }

    private static Image Psf() => Galaxy(11, 5, 5, 1, 1.5, 0, sigma: 0);

    private static (GalaxyDataset, BuildReport) Build(DatasetBuildOptions o, params Image?[] stamps) =>
        new DatasetBuilder(o).Build(s_one, stamps.Select(s => new StampInput([s], [1.0], [Psf()])).ToArray(),
            new ParameterTable(stamps.Length).Set("ident", stamps.Select((_, i) => $"g{i}").ToArray()), new DatasetProvenance());

    [Fact]
    public void RecentresPadsWithNoiseAndMasksNeighbours()
    {
        var img = Galaxy(40, 17.0, 22.0, 3000, 2.5, 1);
        AddSource(img, 33, 8, 300, 1.2); // a small, well separated neighbour
        var (d, report) = Build(new DatasetBuildOptions { StampSize = 48, Seed = 9 }, img);
        Assert.Equal(1, report.Kept);
        var stamp = d.Image(0, 0).ToArray();
        var mask = d.Mask(0, 0).ToArray();
        // The brightest pixel is at the stamp centre (24, 24) after the integer re-centring.
        var peak = Array.IndexOf(stamp, stamp.Max());
        Assert.Equal(24, peak % 48);
        Assert.Equal(24, peak / 48);
        // Padding: 8 extra columns/rows are flagged and hold noise of sigma ~1, not zeros.
        var padded = Enumerable.Range(0, stamp.Length).Where(i => (mask[i] & MaskBits.Padded) != 0).ToArray();
        Assert.True(padded.Length > 400);
        Assert.DoesNotContain(padded, i => stamp[i] == 0f);
        var sd = Math.Sqrt(padded.Select(i => (double)stamp[i] * stamp[i]).Average());
        Assert.InRange(sd, 0.85, 1.15);
        // The neighbour at (33, 8) lands at (33-17+24, 8-22+24) = (40, 10): masked.
        Assert.Equal(MaskBits.Neighbour, mask[10 * 48 + 40]);
        Assert.Equal(0, mask[24 * 48 + 24]);
        Assert.Equal(3000, d.Parameters.Numbers("flux_r")[0], 3000 * 0.1);
        Assert.Equal(0.2, d.Bands[0].PixelScale);
        Assert.Equal(1f / 1f, d.Psf(0, 0).ToArray().Sum(), 4);
        Assert.Equal(9, d.Provenance.Seed);
    }

    [Fact]
    public void EveryRejectionRuleIsCounted()
    {
        var good = Galaxy(40, 20, 20, 3000, 2.5, 2);
        var nan = Galaxy(40, 20, 20, 3000, 2.5, 3);
        nan[20, 20] = float.NaN;
        var empty = Galaxy(40, 20, 20, 0, 2.5, 4);
        var negative = Galaxy(40, 20, 20, -3000, 2.5, 5);
        var blend = Galaxy(40, 17, 20, 3000, 2.5, 6);
        AddSource(blend, 24, 20, 2500, 2.5);
        var truncated = Galaxy(40, 20, 20, 200000, 14, 7);
        var masked = Galaxy(40, 20, 20, 3000, 2.0, 8);
        for (var y = 0; y < 10; y++) for (var x = 0; x < 40; x++) masked[x, y] = float.NaN; // 6 of the stamp's 32 rows: 19% bad pixels
        var (d, report) = Build(new DatasetBuildOptions { StampSize = 32, MaxMaskedFraction = 0.1 }, good, nan, empty, negative, blend, truncated, masked, null);
        Assert.True(report.Kept == 1, string.Join("; ", report.Rejections));
        Assert.Equal(8, report.Read);
        Assert.Equal(1, report.Kept);
        Assert.Equal(1, report.Rejected["nan"]);
        // A negative source is not detected at all (detection is on positive signal): it counts as empty.
        Assert.Equal(2, report.Rejected["empty"]);
        Assert.Equal(0, report.Rejected["nonpositive_flux"]);
        Assert.Equal(1, report.Rejected["blend"]);
        Assert.Equal(1, report.Rejected["truncated"]);
        Assert.Equal(1, report.Rejected["masked"]);
        Assert.Equal(1, report.Rejected["all_bands_missing"]);
        Assert.Equal([(1, "nan"), (2, "empty"), (3, "empty"), (4, "blend"), (5, "truncated"), (6, "masked"), (7, "all_bands_missing")], report.Rejections.ToArray());
        Assert.Equal(new[] { "g0" }, d.Parameters.Strings("ident"));
        Assert.Equal(1, d.Provenance.Counts["rejected_blend"]);
    }

    [Fact]
    public void MissingBandIsKeptMaskedAndFilledWithNoise()
    {
        DatasetBand[] two = [new("g", 0.2, 30), new("r", 0.2, 30)];
        var a = Galaxy(32, 16, 16, 2000, 2, 1);
        var b = Galaxy(32, 16, 16, 2000, 2, 2, sigma: 2);
        var inputs = new[]
        {
            new StampInput([a, b], [1.0, 2.0], [Psf(), Psf()]),
            new StampInput([Galaxy(32, 16, 16, 2000, 2, 3), null], [1.0, double.NaN], [Psf(), null]),
        };
        var (d, report) = new DatasetBuilder(new DatasetBuildOptions { StampSize = 32 }).Build(two, inputs, new ParameterTable(2), new DatasetProvenance());
        Assert.Equal(2, report.Kept);
        Assert.Equal(1, report.WithMissingBands);
        Assert.True(d.IsBandMissing(1, 1));
        Assert.False(d.IsBandMissing(1, 0));
        Assert.Equal(2.0f, d.NoiseSigma(1, 1)); // the band's median sigma
        Assert.DoesNotContain(0f, d.Image(1, 1).ToArray());
        Assert.All(d.Psf(1, 1).ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void BandsOfDifferentShapesAreBadInput()
    {
        DatasetBand[] two = [new("g", 0.2, 30), new("r", 0.2, 30)];
        var e = Assert.Throws<BadInputException>(() => new DatasetBuilder().Build(two,
            [new StampInput([new Image(10, 10), new Image(12, 10)], [1, 1], [null, null])], new ParameterTable(1), new DatasetProvenance()));
        Assert.Contains("galaxy 0: band r is 12x10, other bands are 10x10", e.Message);
    }

    [Fact]
    public void ResamplingKeepsFluxAndSetsTheTargetScale()
    {
        var img = Galaxy(60, 30, 30, 5000, 4, 5, sigma: 0.01);
        var (d, report) = Build(new DatasetBuildOptions { StampSize = 32, TargetPixelScale = 0.4 }, img);
        Assert.Equal(1, report.Kept);
        Assert.Equal(0.4, d.Bands[0].PixelScale);
        Assert.Equal(5000, d.Parameters.Numbers("flux_r")[0], 5000 * 0.05);
    }

    [Fact]
    public void SameSeedSameDataset()
    {
        var img = Galaxy(20, 10, 10, 1000, 2, 1);
        var (a, _) = Build(new DatasetBuildOptions { StampSize = 32, Seed = 5 }, img);
        var (b, _) = Build(new DatasetBuildOptions { StampSize = 32, Seed = 5 }, img);
        var (c, _) = Build(new DatasetBuildOptions { StampSize = 32, Seed = 6 }, img);
        Assert.Equal(a.Images, b.Images);
        Assert.NotEqual(a.Images, c.Images);
    }

    [Fact]
    public void ShippedCosmosSampleIngests()
    {
        var (d, report) = CosmosIngest.Build(RepoPaths.ShippedData("cosmos", "real_galaxy_catalog_26_extension_example.fits"), new DatasetBuildOptions { StampSize = 64 });
        Assert.Equal(100, report.Read);
        Assert.Equal(report.Read, report.Kept + report.Rejected.Values.Sum());
        Assert.True(report.Kept >= 60, report.ToString());
        Assert.Equal(d.Count, report.Kept);
        Assert.Equal(65, d.PsfHeight);
        Assert.Equal("F814W", d.Bands[0].Name);
        // Every kept galaxy: finite pixels, positive sigma, parameters carried over.
        Assert.All(d.Images, v => Assert.True(float.IsFinite(v)));
        Assert.All(d.Sigmas, s => Assert.True(s > 0));
        Assert.Equal(d.Count, d.Parameters.Numbers("z").Length);
        // The magnitude from our segment flux agrees with the catalogue MAG (same zero point) within 0.5 mag for most.
        var ours = d.Parameters.Numbers("mag_F814W");
        var cat = d.Parameters.Numbers("mag");
        var close = ours.Zip(cat).Count(p => Math.Abs(p.First - p.Second) < 0.5);
        Assert.True(close > 0.8 * d.Count, $"{close} of {d.Count} within 0.5 mag");
    }
}
