using System.Text.Json;
using Galforge.Astro.Datasets;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

/// <summary>measure and evaluate on Galforge datasets (the format of Galforge.Astro.Datasets).</summary>
public class DatasetMeasureEvaluateTests
{
    // n galaxies, bands g and r (zero points 26 and 27), 32x32 Gaussians with unit noise; galaxy 0
    // has a bright neighbour whose pixels are flagged as Neighbour in the mask; a "mag" column.
    private static void WriteDataset(string folder, int n, int seed, double sizeScale)
    {
        var ds = new GalaxyDataset([new DatasetBand("g", 0.2, 26), new DatasetBand("r", 0.2, 27)], n, 32, 32, 5, 5);
        var rng = new Random(seed);
        var mags = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sigma = (1.5 + 1.5 * rng.NextDouble()) * sizeScale, flux = 500 + 1500 * rng.NextDouble();
            mags[k] = 26 - 2.5 * Math.Log10(flux);
            for (int b = 0; b < 2; b++)
            {
                var img = ds.Image(k, b);
                var mask = ds.Mask(k, b);
                double f = flux * (b == 0 ? 1 : 2.5);
                for (int y = 0; y < 32; y++)
                    for (int x = 0; x < 32; x++)
                    {
                        double r2 = (x - 15.6) * (x - 15.6) + (y - 16.3) * (y - 16.3);
                        double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                        double v = f / (2 * Math.PI * sigma * sigma) * Math.Exp(-r2 / (2 * sigma * sigma)) + noise;
                        if (k == 0 && x >= 26 && y >= 26) { v += 500; mask[y * 32 + x] = MaskBits.Neighbour; }
                        img[y * 32 + x] = (float)v;
                    }
            }
        }
        ds.Parameters.Set("mag", mags);
        ds.Write(folder);
    }

    [Fact]
    public void MeasureEveryGalaxyOfADataset()
    {
        using var tmp = new TempDirectory();
        var folder = Path.Combine(tmp.Path, "ds");
        WriteDataset(folder, 5, 1, 1.0);
        var (code, output, error) = CliRunner.Run("measure", folder, "--json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        var galaxies = doc.RootElement.GetProperty("galaxies");
        Assert.Equal(5, galaxies.GetArrayLength());
        Assert.Equal(26, doc.RootElement.GetProperty("zero_points").GetProperty("g").GetDouble());
        // The masked neighbour does not enter the flux of galaxy 0: g - r = -2.5 log10(1 / 2.5) + (26 - 27).
        var g0 = galaxies[0];
        Assert.True(g0.GetProperty("g").GetProperty("flag").GetInt32() <= 1);
        // (Without the mask the neighbour, 18000 counts in each band, would pull g - r by more than 0.5 mag.)
        Assert.Equal(2.5 * Math.Log10(2.5) - 1, g0.GetProperty("colours").GetProperty("g-r").GetDouble(), 0.15);
        var (c2, table, _) = CliRunner.Run("measure", folder);
        Assert.Equal(0, c2);
        Assert.Contains("concentration", table);
        var (c3, _, e3) = CliRunner.Run("measure", folder, "--segmap", "x.fits");
        Assert.Equal(GalforgeApp.ExitBadInput, c3);
        Assert.Contains("--segmap", e3);
    }

    [Fact]
    public void EvaluateDatasetsWritesReport()
    {
        using var tmp = new TempDirectory();
        WriteDataset(Path.Combine(tmp.Path, "real"), 8, 2, 1.0);
        WriteDataset(Path.Combine(tmp.Path, "gen"), 6, 3, 1.4);
        var outDir = Path.Combine(tmp.Path, "out");
        var (code, output, error) = CliRunner.Run("evaluate", "--real", Path.Combine(tmp.Path, "real"), "--generated", Path.Combine(tmp.Path, "gen", "dataset.fits"), "--out", outDir);
        Assert.True(code == 0, error);
        Assert.Contains("measured 8 real and 6 generated galaxies in 2 band(s)", output);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "metrics.json")));
        var mag = doc.RootElement.GetProperty("conditional").EnumerateArray().Single(c => c.GetProperty("parameter").GetString() == "mag");
        Assert.True(Math.Abs(mag.GetProperty("bias").GetDouble()) < 0.1, mag.ToString());
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        var (c2, _, e2) = CliRunner.Run("evaluate", "--real", Path.Combine(tmp.Path, "nothing-here"), "--generated", Path.Combine(tmp.Path, "gen"), "--out", outDir);
        Assert.Equal(GalforgeApp.ExitBadInput, c2);
        Assert.Contains("nothing-here", e2);
    }
}
