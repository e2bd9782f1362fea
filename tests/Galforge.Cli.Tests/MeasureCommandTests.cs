using System.Text.Json;
using Galforge.Astro.Fits;
using Galforge.Astro.Imaging;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

public class MeasureCommandTests
{
    private static string Slice => RepoPaths.TestData("statmorph", "slice.fits");

    [Fact]
    public void JsonHasStatmorphKeysAndValues()
    {
        var (code, output, error) = CliRunner.Run("measure", Slice, "--hdu", "0", "--segmap", Slice + ":1", "--mask", Slice + ":2", "--gain", "1", "--zero-point", "25", "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var g = doc.RootElement.GetProperty("galaxies")[0];
        Assert.Equal(1, g.GetProperty("label").GetInt32());
        foreach (var key in new[] { "gini", "m20", "concentration", "asymmetry", "smoothness", "r20", "r50", "r80", "rpetro_circ", "rhalf_circ",
                     "rhalf_ellip", "ellipticity_centroid", "xc_centroid", "yc_centroid", "flux_circ", "sn_per_pixel", "flag",
                     "hsm_sigma", "hsm_e1", "hsm_e2", "hsm_g1", "hsm_g2", "hsm_rho4", "flux", "mag" })
            Assert.True(g.TryGetProperty(key, out _), $"missing key {key}");
        // statmorph's reference values for this galaxy (statmorph/tests/test_statmorph.py).
        Assert.Equal(0.38993180299621, g.GetProperty("gini").GetDouble(), 1e-6);
        Assert.Equal(2.19100140632153, g.GetProperty("concentration").GetDouble(), 1e-6);
        Assert.Equal(0, g.GetProperty("flag").GetInt32());
        Assert.Equal(25 - 2.5 * Math.Log10(5758942.65115977), g.GetProperty("mag").GetDouble(), 1e-6);
        Assert.Equal("", error);
    }

    [Fact]
    public void TablePrintsOneRowPerKey()
    {
        var (code, output, _) = CliRunner.Run("measure", Slice, "--segmap", Slice + ":1", "--gain", "1");
        Assert.Equal(0, code);
        Assert.Matches(@"gini\s+0\.389931", output);
        Assert.Matches(@"hsm_sigma\s+\d", output);
        Assert.Contains("label 1", output);
    }

    [Fact]
    public void WithoutSegmapTheCentralGalaxyIsDetected()
    {
        using var tmp = new TempDirectory();
        var img = new Image(48, 48, 0.2);
        var rng = new Random(3);
        for (int y = 0; y < 48; y++)
            for (int x = 0; x < 48; x++)
                img[x, y] = (float)(100 * Math.Exp(-((x - 23.5) * (x - 23.5) + (y - 24) * (y - 24)) / (2 * 9.0)) + 0.5 * (rng.NextDouble() - 0.5));
        FitsFile.WriteImage(tmp.File("g.fits"), img);
        var (code, output, error) = CliRunner.Run("measure", tmp.File("g.fits"), "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var g = doc.RootElement.GetProperty("galaxies")[0];
        Assert.Equal(23.5, g.GetProperty("xc_centroid").GetDouble(), 0.05);
        Assert.Equal(3.0, g.GetProperty("hsm_sigma").GetDouble(), 0.05);
    }

    [Theory]
    [InlineData("--gain", "-1", "--gain")]
    [InlineData("--gain", "0", "--gain")]
    [InlineData("--segmap", "missing.fits", "missing.fits")]
    [InlineData("--hdu", "9", "HDU 9")]
    public void BadOptionIsOneLineAndExit2(string option, string value, string named)
    {
        var (code, output, error) = CliRunner.Run("measure", Slice, option, value);
        Assert.Equal(GalforgeApp.ExitBadInput, code);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("galforge: error: ", error);
        Assert.Contains(named, error);
    }

    [Fact]
    public void MissingFileAndWrongSizedSegmapAreBadInput()
    {
        var (code, _, error) = CliRunner.Run("measure", "no/such/image.fits");
        Assert.Equal(GalforgeApp.ExitBadInput, code);
        Assert.Contains("no/such/image.fits", error);
        using var tmp = new TempDirectory();
        FitsFile.WriteImage(tmp.File("small.fits"), new Image(10, 10));
        (code, _, error) = CliRunner.Run("measure", Slice, "--segmap", tmp.File("small.fits"));
        Assert.Equal(GalforgeApp.ExitBadInput, code);
        Assert.Contains("10x10", error);
        Assert.Contains("162x162", error);
    }

    [Fact]
    public void BadGalaxyIsAWarningNotACrash()
    {
        using var tmp = new TempDirectory();
        var img = new Image(32, 32);
        for (int i = 0; i < img.Pixels.Length; i++) img.Pixels[i] = -1;
        var seg = new Image(32, 32);
        for (int i = 0; i < seg.Pixels.Length; i++) seg.Pixels[i] = 1;
        FitsFile.WriteImage(tmp.File("neg.fits"), img);
        FitsFile.WriteImage(tmp.File("seg.fits"), seg);
        var (code, output, error) = CliRunner.Run("measure", tmp.File("neg.fits"), "--segmap", tmp.File("seg.fits"), "--json");
        Assert.Equal(0, code);
        Assert.Contains("warning", error);
        Assert.Contains("nonpositive", error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(4, doc.RootElement.GetProperty("galaxies")[0].GetProperty("flag").GetInt32());
    }
}
