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
