using Galforge.Astro.Datasets;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

public class IngestAndInfoTests
{
    private static string Catalog => RepoPaths.ShippedData("cosmos", "real_galaxy_catalog_26_extension_example.fits");

    [Fact]
    public void IngestCosmosWritesADatasetAndInfoDescribesIt()
    {
        using var dir = new TempDirectory();
        var outDir = dir.File("cosmos");
        var (code, output, error) = CliRunner.Run("ingest", "cosmos", Catalog, "--out", outDir, "--stamp-size", "48", "--seed", "7");
        Assert.True(code == 0, error);
        Assert.Contains("read 100", output);
        Assert.Matches(@"rejected: all_bands_missing \d+, nan \d+, empty \d+, nonpositive_flux \d+, blend \d+, truncated \d+, masked \d+", output);
        var d = GalaxyDataset.Read(outDir);
        Assert.Equal(48, d.Width);
        Assert.Equal(7, d.Provenance.Seed);
        Assert.NotNull(d.Normalization);

        (code, output, error) = CliRunner.Run("info", outDir);
        Assert.True(code == 0, error);
        Assert.Contains($"galaxies: {d.Count}", output);
        Assert.Contains("F814W", output);
        Assert.Contains("rejected:", output);
        Assert.Contains("seed 7", output);
    }

    [Fact]
    public void InfoListsHdusShapesAndColumns()
    {
        var (code, output, _) = CliRunner.Run("info", Catalog);
        Assert.Equal(0, code);
        Assert.Contains("binary table, 100 rows, 15 columns", output);
        Assert.Contains("NOISE_VARIANCE", output);
        (code, output, _) = CliRunner.Run("info", RepoPaths.TestData("fits", "comp_rice_dither1.fits"));
        Assert.Equal(0, code);
        Assert.Contains("tile-compressed image 50 x 40, float32, RICE_1 SUBTRACTIVE_DITHER_1", output);
    }

    [Fact]
    public void BadInputExitsTwoWithOneLineAndWritesNothing()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliRunner.Run("ingest", "cosmos", RepoPaths.TestData("fits", "broken", "no_end.fits"), "--out", dir.File("x"));
        Assert.Equal(2, code);
        Assert.StartsWith("galforge: error: ", error);
        Assert.Contains("no END card", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));

        (code, _, error) = CliRunner.Run("ingest", "cosmos", RepoPaths.TestData("galsim-cosmos", "real_galaxy_catalog_23.5_example.fits"), "--out", dir.File("y"));
        Assert.Equal(2, code);
        Assert.Contains("real_galaxy_images.fits", error);
        Assert.Contains("absent", error);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));

        (code, _, error) = CliRunner.Run("ingest", "cosmos", Catalog, "--out", dir.File("z"), "--stamp-size", "3");
        Assert.Equal(2, code);
        Assert.Contains("--stamp-size 3", error);

        (code, _, error) = CliRunner.Run("info", dir.File("nothing.fits"));
        Assert.Equal(2, code);
        Assert.Contains("no such file", error);
    }
}

public class IngestFieldTests
{
    private static string[] Fields => [RepoPaths.TestData("fits", "field_g.fits"), RepoPaths.TestData("fits", "field_r.fits"), RepoPaths.TestData("fits", "field_Ks.fits")];

    [Fact]
    public void IngestFieldWritesAThreeBandDataset()
    {
        using var dir = new TempDirectory();
        var args = new List<string> { "ingest", "field" };
        args.AddRange(Fields);
        args.AddRange(["--bands", "g,r,Ks", "--field-pixel-scale", "0.339", "--zero-points", "30,30,30", "--stamp-size", "32", "--out", dir.File("field")]);
        var (code, output, error) = CliRunner.Run(args.ToArray());
        Assert.True(code == 0, error);
        Assert.Matches(@"detected \d+ sources: stars \d+", output);
        var d = GalaxyDataset.Read(dir.File("field"));
        Assert.Equal(["g", "r", "Ks"], d.Bands.Select(b => b.Name).ToArray());
        Assert.Equal(0.339, d.Bands[2].PixelScale);
        Assert.Equal(30, d.Bands[0].ZeroPoint);
        Assert.True(d.Count > 0);
    }

    [Fact]
    public void MismatchedBandsAreBadInputWithNothingWritten()
    {
        using var dir = new TempDirectory();
        var (code, _, error) = CliRunner.Run("ingest", "field", Fields[0], Fields[1], "--bands", "g", "--out", dir.File("x"));
        Assert.Equal(2, code);
        Assert.Contains("--bands gives 1 names (g) for 2 files", error);
        (code, _, error) = CliRunner.Run("ingest", "field", Fields[0], RepoPaths.TestData("fits", "kids_g_cutout_hcompress.fits"), "--bands", "g,r", "--field-pixel-scale", "0.339", "--out", dir.File("x"));
        Assert.Equal(2, code);
        Assert.Contains("expected all bands on one pixel grid", error);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }
}
