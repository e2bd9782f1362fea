using System.Text.Json;
using Galforge.Astro.Fits;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

public class EvaluateCommandTests
{
    // A galaxy-cube file: one 32x32xN cube per band (EXTNAME = band) and a PARAMS table with "mag".
    private static void WriteCubes(string path, int n, int seed, double sigmaScale, string[] bands)
    {
        var rng = new Random(seed);
        var cubes = bands.Select(_ => new float[32 * 32 * n]).ToArray();
        var mags = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sigma = (1.5 + 1.5 * rng.NextDouble()) * sigmaScale, flux = 500 + 1500 * rng.NextDouble();
            mags[k] = 25 - 2.5 * Math.Log10(flux);
            for (int b = 0; b < bands.Length; b++)
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                    {
                        double r2 = (x - 15.7) * (x - 15.7) + (y - 16.2) * (y - 16.2);
                        double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                        cubes[b][k * 1024 + y * 32 + x] = (float)(flux * (b + 1) / (2 * Math.PI * sigma * sigma) * Math.Exp(-r2 / (2 * sigma * sigma)) + noise);
                    }
        }
        FitsFile.WriteAtomically(path, w =>
        {
            w.WriteEmptyPrimary();
            for (int b = 0; b < bands.Length; b++)
                w.WriteImage(new FitsImage([32, 32, n], cubes[b]), extname: bands[b]);
            var table = new FitsTable(n).Add(FitsColumn.Doubles("mag", mags));
            w.WriteTable(table, "PARAMS");
        });
    }

    [Fact]
    public void WritesMetricsAndReport()
    {
        using var tmp = new TempDirectory();
        WriteCubes(tmp.File("real.fits"), 8, 1, 1.0, ["g", "r"]);
        WriteCubes(tmp.File("gen.fits"), 6, 2, 1.4, ["g", "r"]);
        var outDir = Path.Combine(tmp.Path, "out");
        var (code, output, error) = CliRunner.Run("evaluate", "--real", tmp.File("real.fits"), "--generated", tmp.File("gen.fits"), "--out", outDir, "--zero-point", "25", "--seed", "7");
        Assert.True(code == 0, error);
        Assert.Contains("measured 8 real and 6 generated galaxies in 2 band(s); baseline: mean of 64 half split(s), seed 7", output);
        Assert.Matches(@"frechet g: [\d.]+ \(baseline [\d.]+, ratio [\d.]+\)", output);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "metrics.json")));
        Assert.Equal(7, doc.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(6, doc.RootElement.GetProperty("generated").GetProperty("count").GetInt32());
        var cond = doc.RootElement.GetProperty("conditional")[0];
        Assert.Equal("mag", cond.GetProperty("parameter").GetString());
        Assert.True(Math.Abs(cond.GetProperty("bias").GetDouble()) < 0.1);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(outDir, "report.html")));
        var gini = doc.RootElement.GetProperty("statistics").EnumerateArray().First(x => x.GetProperty("statistic").GetString() == "gini");
        Assert.Equal(64, gini.GetProperty("baseline_splits").GetInt32());
        Assert.True(gini.GetProperty("baseline_wasserstein_p16").GetDouble() <= gini.GetProperty("baseline_wasserstein_p84").GetDouble());

        // One split: the baseline of earlier versions; zero splits is an error naming the option.
        var one = Path.Combine(tmp.Path, "one");
        (code, output, error) = CliRunner.Run("evaluate", "--real", tmp.File("real.fits"), "--generated", tmp.File("gen.fits"), "--out", one, "--zero-point", "25", "--seed", "7", "--baseline-splits", "1");
        Assert.True(code == 0, error);
        using var single = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(one, "metrics.json")));
        var giniOne = single.RootElement.GetProperty("statistics").EnumerateArray().First(x => x.GetProperty("statistic").GetString() == "gini");
        Assert.Equal(1, giniOne.GetProperty("baseline_splits").GetInt32());
        Assert.Equal(giniOne.GetProperty("baseline_wasserstein_p16").GetDouble(), giniOne.GetProperty("baseline_wasserstein").GetDouble(), 12);
        var none = Path.Combine(tmp.Path, "none");
        (code, _, error) = CliRunner.Run("evaluate", "--real", tmp.File("real.fits"), "--generated", tmp.File("gen.fits"), "--out", none, "--baseline-splits", "0");
        Assert.Equal(2, code);
        Assert.Matches(@"^galforge: error: --baseline-splits 0: expected at least 1 split\n?$", error);
        Assert.False(Directory.Exists(none));
    }

    [Fact]
    public void BadInputsAreOneLineExit2WithoutOutput()
    {
        using var tmp = new TempDirectory();
        WriteCubes(tmp.File("real.fits"), 4, 1, 1.0, ["g", "r"]);
        WriteCubes(tmp.File("other.fits"), 4, 2, 1.0, ["g", "i"]);
        var outDir = Path.Combine(tmp.Path, "out");
        foreach (var (args, named) in new[]
                 {
                     (new[] { "--real", tmp.File("missing.fits"), "--generated", tmp.File("real.fits"), "--out", outDir }, "missing.fits"),
                     (new[] { "--real", tmp.File("real.fits"), "--generated", tmp.File("other.fits"), "--out", outDir }, "bands [g, i]"),
                     (new[] { "--real", tmp.File("real.fits"), "--generated", tmp.File("real.fits"), "--out", outDir, "--gain", "-2" }, "--gain"),
                 })
        {
            var (code, output, error) = CliRunner.Run(["evaluate", .. args]);
            Assert.Equal(GalforgeApp.ExitBadInput, code);
            Assert.Equal("", output);
            Assert.StartsWith("galforge: error: ", error);
            Assert.Contains(named, error);
            Assert.Single(error.Trim().Split('\n'));
            Assert.False(File.Exists(Path.Combine(outDir, "report.html")));
        }
        var (c2, _, e2) = CliRunner.Run("evaluate", "--real", tmp.File("real.fits"));
        Assert.Equal(GalforgeApp.ExitBadInput, c2);
        Assert.Contains("--generated", e2);
    }
}
