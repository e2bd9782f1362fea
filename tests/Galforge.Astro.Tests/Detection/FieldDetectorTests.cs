using Galforge.Astro.Datasets;
using Galforge.Astro.Detection;
using Galforge.Astro.Fits;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Detection;

public class FieldDetectorTests
{
    private static void AddGaussian(float[] img, int w, double cx, double cy, double flux, double sigma)
    {
        var h = img.Length / w;
        for (var y = Math.Max(0, (int)(cy - 6 * sigma)); y < Math.Min(h, (int)(cy + 6 * sigma) + 1); y++)
            for (var x = Math.Max(0, (int)(cx - 6 * sigma)); x < Math.Min(w, (int)(cx + 6 * sigma) + 1); x++)
                img[y * w + x] += (float)(flux / (2 * Math.PI * sigma * sigma) * Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sigma * sigma)));
    }

    // Three bands of 160x160: sky 100 + a gentle gradient, noise sigma 1 (band b: 1 + b/2),
    // 4 galaxies (sigma 3.5 px), a touching pair, and 6 stars (sigma 1.2 px).
    private static (string[] Paths, TempDirectory Dir) SyntheticField()
    {
        var dir = new TempDirectory();
        const int w = 160;
        var paths = new string[3];
        for (var b = 0; b < 3; b++)
        {
            var img = new float[w * w];
            var rng = new Random(100 + b);
            for (var y = 0; y < w; y++)
                for (var x = 0; x < w; x++)
                    img[y * w + x] = (float)(100 + 0.02 * x + (1 + 0.5 * b) * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
            foreach (var (x, y) in new[] { (30.0, 30.0), (120.0, 40.0), (40.0, 120.0), (120.0, 125.0) }) AddGaussian(img, w, x, y, 4000, 3.5);
            AddGaussian(img, w, 75, 80, 4000, 3.0);
            AddGaussian(img, w, 86, 80, 3000, 3.0); // touching the previous one
            foreach (var (x, y) in new[] { (15.0, 75.0), (145.0, 80.0), (80.0, 15.0), (80.0, 145.0), (60.0, 50.0), (100.0, 105.0) }) AddGaussian(img, w, x, y, 3000, 1.2);
            paths[b] = dir.File($"b{b}.fits");
            var header = new FitsHeader();
            header.Set("PIXSCALE", 0.2, "[arcsec/pixel]");
            FitsFile.WriteAtomically(paths[b], wr => wr.WriteImage(new FitsImage([w, w], img) { Header = header }));
        }
        return (paths, dir);
    }

    [Fact]
    public void FindsGalaxiesDeblendsThePairAndFlagsStars()
    {
        var (paths, dir) = SyntheticField();
        using var _ = dir;
        var field = MultiBandField.Read(paths, ["g", "r", "i"]);
        Assert.Equal(0.2, field.Bands[0].PixelScale);
        var cat = FieldDetector.Detect(field, new FieldDetectionOptions { MeshSize = 32 });
        for (var b = 0; b < 3; b++) Assert.Equal(1 + 0.5 * b, cat.Backgrounds[b].Sigma, 0.08 * (1 + 0.5 * b));
        // Background follows the gradient: 100 + 0.02 x.
        Assert.Equal(100 + 0.02 * 10, cat.Backgrounds[0].Map[20 * 160 + 10], 0.4);
        Assert.Equal(100 + 0.02 * 150, cat.Backgrounds[0].Map[20 * 160 + 150], 0.4);
        var real = cat.Sources.Where(s => s.PeakSnr > 5).ToList();
        foreach (var (x, y) in new[] { (30.0, 30.0), (120.0, 40.0), (40.0, 120.0), (120.0, 125.0), (75.0, 80.0), (86.0, 80.0) })
        {
            var s = real.OrderBy(s => Math.Pow(s.X - x, 2) + Math.Pow(s.Y - y, 2)).First();
            Assert.True(Math.Abs(s.X - x) < 1.5 && Math.Abs(s.Y - y) < 1.5, $"galaxy at ({x}, {y}): nearest source at ({s.X:F1}, {s.Y:F1})");
            Assert.Equal(0, (int)(s.Flags & SourceFlags.Star));
        }
        Assert.Equal(2, real.Count(s => (s.Flags & SourceFlags.Deblended) != 0));
        foreach (var (x, y) in new[] { (15.0, 75.0), (145.0, 80.0), (80.0, 15.0), (80.0, 145.0), (60.0, 50.0), (100.0, 105.0) })
        {
            var s = real.OrderBy(s => Math.Pow(s.X - x, 2) + Math.Pow(s.Y - y, 2)).First();
            Assert.True((s.Flags & SourceFlags.Star) != 0, $"star at ({x}, {y}) not flagged (radius {s.Radius:F2}, stellar {cat.StellarRadius:F2})");
        }
        // Band fluxes: 4000 per galaxy per band within 10 %.
        var g0 = real.OrderBy(s => Math.Pow(s.X - 30, 2) + Math.Pow(s.Y - 30, 2)).First();
        Assert.All(g0.Flux, f => Assert.InRange(f, 3600, 4400));
    }

    [Fact]
    public void FieldIngestBuildsAThreeBandDatasetWithPsfs()
    {
        var (paths, dir) = SyntheticField();
        using var _ = dir;
        var field = MultiBandField.Read(paths, ["g", "r", "i"], zeroPoints: [30, 30, 30]);
        var (d, report, cat) = FieldIngest.Build(field, new FieldDetectionOptions { MeshSize = 32 }, new DatasetBuildOptions { StampSize = 32 });
        Assert.Equal(3, d.BandCount);
        Assert.True(d.Count >= 4, report.ToString());
        Assert.Equal(6, d.Provenance.Counts["stars"]);
        // PSF from the stacked stars: a Gaussian of sigma 1.2 px, unit sum, peak at the centre.
        var psf = d.Psf(0, 0).ToArray();
        Assert.Equal(1.0, psf.Sum(), 3);
        var c = d.PsfHeight / 2;
        Assert.Equal(c * d.PsfWidth + c, Array.IndexOf(psf, psf.Max()));
        Assert.Equal(1 / (2 * Math.PI * 1.2 * 1.2), psf.Max(), 0.03);
        Assert.Equal(30 - 2.5 * Math.Log10(4000), d.Parameters.Numbers("mag_g").First(m => !double.IsNaN(m)), 0.3);
    }

    [Fact]
    public void RealKidsVikingCutoutsGiveADataset()
    {
        string[] paths = [RepoPaths.TestData("fits", "field_g.fits"), RepoPaths.TestData("fits", "field_r.fits"), RepoPaths.TestData("fits", "field_Ks.fits")];
        var field = MultiBandField.Read(paths, ["g", "r", "Ks"], pixelScale: 0.339);
        var (d, report, cat) = FieldIngest.Build(field, new FieldDetectionOptions(), new DatasetBuildOptions { StampSize = 32 });
        Assert.True(cat.Sources.Count > 20, $"{cat.Sources.Count} sources");
        Assert.True(d.Count > 5, report.ToString());
        Assert.All(d.Images, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(report.Read, report.Kept + report.Rejected.Values.Sum());
        // No cut-out of the sky twice (deblended members re-centred on one position).
        Assert.Equal(d.Count, DuplicateCutouts.FirstOfEach(d, 16).Length);
        Assert.Equal(report.Rejected["duplicate"], d.Provenance.Counts["rejected_duplicate"]);
        Assert.Equal(d.Count, d.Provenance.Counts["kept"]);
    }

    [Fact]
    public void BandsOfDifferentShapesOrNamesAreBadInput()
    {
        var e = Assert.Throws<BadInputException>(() => MultiBandField.Read(
            [RepoPaths.TestData("fits", "field_g.fits"), RepoPaths.TestData("fits", "kids_g_cutout_hcompress.fits")], ["g", "g2"], 0.339));
        Assert.Contains("band g2 is 128x96", e.Message);
        Assert.Contains("is 200x200", e.Message);
        e = Assert.Throws<BadInputException>(() => MultiBandField.Read([RepoPaths.TestData("fits", "field_g.fits")], ["g", "r"]));
        Assert.Contains("1 band images but 2 band names", e.Message);
        e = Assert.Throws<BadInputException>(() => MultiBandField.Read([RepoPaths.TestData("fits", "field_g.fits")], ["g"]));
        Assert.Contains("--pixel-scale", e.Message);
    }
}
