using Galforge.Astro.Datasets;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

public class SimulateCommandTests
{
    [Fact]
    public void SimulateWritesADatasetWithTruth()
    {
        using var dir = new TempDirectory();
        var output = dir.File("run");
        var (code, stdout, error) = CliRunner.Run("simulate", "--n", "6", "--bands", "F606W,F160W", "--size", "32", "--pixel-scale", "0.06",
            "--psf", "moffat:fwhm=0.12,beta=3", "--population", "candels", "--shear", "0.02,0", "--seed", "3", "--threads", "2", "--out", output);
        Assert.True(code == 0, error);
        Assert.Contains("simulated 6 galaxies x 2 bands", stdout);
        var ds = GalaxyDataset.Read(output);
        Assert.Equal(6, ds.Count);
        Assert.Equal(["F606W", "F160W"], ds.Bands.Select(b => b.Name));
        Assert.Equal(0.02, ds.Parameters.Numbers("g1")[5]);
        Assert.Equal(3, ds.Parameters.Numbers("seed")[0]);
        Assert.Equal(3L, ds.Provenance.Seed);
        Assert.Equal(7, File.ReadAllLines(Path.Combine(output, "truth.csv")).Length);
        Assert.True(File.Exists(Path.Combine(output, "components.csv")));
        Assert.Contains("\"seed\": 3", File.ReadAllText(Path.Combine(output, "simulation.json")));
        Assert.False(ds.Parameters.Has("intr_e_F160W")); // only with --intrinsic
        Assert.Equal(1.0, ds.Bands[1].Gain); // candels.yaml: gain 1
    }

    [Fact]
    public void IntrinsicAddsMeasuredColumnsAndKeepsTheImages()
    {
        using var dir = new TempDirectory();
        string[] common = ["simulate", "--n", "4", "--bands", "F606W,F160W", "--size", "32", "--seed", "3", "--threads", "1"];
        var (code, _, error) = CliRunner.Run([.. common, "--intrinsic", "--out", dir.File("a")]);
        Assert.True(code == 0, error);
        Assert.True(CliRunner.Run([.. common, "--out", dir.File("b")]).Code == 0);
        var a = GalaxyDataset.Read(dir.File("a"));
        var b = GalaxyDataset.Read(dir.File("b"));
        Assert.Equal(b.Images, a.Images);
        foreach (var q in new[] { "mag", "hlr", "e1", "e2", "e" })
            Assert.All(a.Parameters.Numbers($"intr_{q}_F160W"), v => Assert.True(double.IsFinite(v), $"intr_{q}_F160W"));
        Assert.Equal("arcsec", a.Parameters.Unit("intr_hlr_F606W"));
        Assert.Contains("intr_e_F606W", File.ReadAllLines(Path.Combine(dir.File("a"), "truth.csv"))[0]);
    }

    [Theory]
    [InlineData("unknown band", "band 'F999W': not in survey CANDELS", "--bands", "F606W,F999W")]
    [InlineData("bad psf", "unknown kind 'kolmogorov'", "--psf", "kolmogorov:fwhm=0.7")]
    [InlineData("shear too big", "reduced shear |g| = 1.06", "--shear", "0.8,0.7")]
    [InlineData("shear not numbers", "--shear 'a,b': expected two numbers", "--shear", "a,b")]
    [InlineData("no galaxies", "--n 0: must be at least 1", "--n", "0")]
    [InlineData("unknown survey", "survey 'hubble-deep'", "--survey", "hubble-deep")]
    public void BadInputIsOneLineExit2AndNothingWritten(string why, string expected, string option, string value)
    {
        using var dir = new TempDirectory();
        var output = dir.File("run");
        var args = new List<string> { "simulate", "--size", "32", option, value, "--out", output };
        if (option != "--n") args.AddRange(["--n", "2"]);
        var (code, _, error) = CliRunner.Run([.. args]);
        Assert.True(code == 2, $"{why}: exit {code}, {error}");
        Assert.Contains(expected, error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(output), $"{why}: output folder was created");
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void BadParameterTableNamesRowAndColumn()
    {
        using var dir = new TempDirectory();
        var table = dir.File("params.csv");
        File.WriteAllText(table, "mag,re,n,q,pa\n23,0.3,1,0.5,10\n23,0.3,1,1.5,10\n");
        var (code, _, error) = CliRunner.Run("simulate", "--n", "2", "--size", "32", "--population", table, "--out", dir.File("run"));
        Assert.Equal(2, code);
        Assert.Contains("row 2 column 'q': 1.5 outside the allowed range (0, 1]", error);
        Assert.False(Directory.Exists(dir.File("run")));
    }

    [Fact]
    public void ExistingNonEmptyOutputIsRefused()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("keep.txt"), "x");
        var (code, _, error) = CliRunner.Run("simulate", "--n", "1", "--size", "32", "--out", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains("exists and is not empty", error);
    }

    [Fact]
    public void BenchSimulatePrintsRates()
    {
        var (code, stdout, error) = CliRunner.Run("bench", "simulate", "--n", "8", "--threads", "1,2");
        Assert.True(code == 0, error);
        Assert.Matches(@"threads=1: \d+ galaxies/s", stdout);
        Assert.Matches(@"threads=2: \d+ galaxies/s", stdout);
    }
}
