using System.Text.Json;
using Galforge.Astro.Datasets;
using Galforge.Astro.Tests.Fits;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Datasets;

public class GalaxyDatasetTests
{
    internal static GalaxyDataset Sample(int n = 3)
    {
        var bands = new[] { new DatasetBand("g", 0.2, 30.0, Gain: 2.5), new DatasetBand("r", 0.2, 29.5) };
        var d = new GalaxyDataset(bands, n, 6, 5, 3, 3);
        var rng = new Random(11);
        for (var i = 0; i < d.Images.Length; i++) d.Images[i] = (float)(rng.NextDouble() - 0.3);
        for (var i = 0; i < d.Psfs.Length; i++) d.Psfs[i] = 1f / 9;
        for (var g = 0; g < n; g++)
            for (var b = 0; b < 2; b++) d.SetNoiseSigma(g, b, 0.1f + g + b);
        d.Mask(1, 0)[4] = MaskBits.Neighbour;
        d.Mask(n - 1, 1).Fill(MaskBits.MissingBand);
        d.Parameters.Set("mag", Enumerable.Range(0, n).Select(i => 20.0 + i).ToArray(), "mag")
            .Set("sersic_n", Enumerable.Range(0, n).Select(i => i == 1 ? double.NaN : 1.5).ToArray())
            .Set("ident", Enumerable.Range(0, n).Select(i => $"gal{i}").ToArray());
        d.Normalization = new AsinhNormalization([0.3, 0.6]);
        d.Provenance.Source = "unit test";
        d.Provenance.Seed = 42;
        d.Provenance.Counts["rejected_nan"] = 2;
        d.Provenance.Settings["stamp"] = "6x5";
        return d;
    }

    [Fact]
    public void WriteThenReadGivesTheSameDataset()
    {
        using var dir = new TempDirectory();
        var d = Sample();
        d.Write(dir.File("ds"));
        var back = GalaxyDataset.Read(dir.File("ds"));
        Assert.Equal(d.Images, back.Images);
        Assert.Equal(d.Psfs, back.Psfs);
        Assert.Equal(d.Masks, back.Masks);
        Assert.Equal(d.Sigmas, back.Sigmas);
        Assert.Equal(d.Bands, back.Bands);
        Assert.Equal(2.5, back.Bands[0].Gain);
        Assert.True(back.Bands[0].HasGain);
        Assert.True(double.IsNaN(back.Bands[1].Gain));
        Assert.False(back.Bands[1].HasGain);
        Assert.Equal(d.Parameters.Numbers("mag"), back.Parameters.Numbers("MAG"));
        Assert.True(double.IsNaN(back.Parameters.Numbers("sersic_n")[1]));
        Assert.Equal(d.Parameters.Strings("ident"), back.Parameters.Strings("ident"));
        Assert.Equal("mag", back.Parameters.Unit("mag"));
        Assert.Equal([0.3, 0.6], back.Normalization!.Scales);
        Assert.Equal(42, back.Provenance.Seed);
        Assert.Equal(2, back.Provenance.Counts["rejected_nan"]);
        Assert.Equal("6x5", back.Provenance.Settings["stamp"]);
        Assert.True(back.IsBandMissing(2, 1));
        Assert.False(back.IsBandMissing(2, 0));
        // Reading by the FITS file's path works too.
        Assert.Equal(3, GalaxyDataset.Read(dir.File("ds/dataset.fits")).Count);
    }

    [Fact]
    public void RewritingReplacesAndRefusesForeignFolders()
    {
        using var dir = new TempDirectory();
        Sample(3).Write(dir.File("ds"));
        Sample(2).Write(dir.File("ds"));
        Assert.Equal(2, GalaxyDataset.Read(dir.File("ds")).Count);
        Directory.CreateDirectory(dir.File("other"));
        File.WriteAllText(dir.File("other/notes.txt"), "mine");
        var e = Assert.Throws<BadInputException>(() => Sample().Write(dir.File("other")));
        Assert.Contains("not a Galforge dataset", e.Message);
        Assert.Equal(new[] { "ds", "other" }, Directory.GetDirectories(dir.Path).Select(p => Path.GetFileName(p)!).Order().ToArray());
    }

    [Fact]
    public void SubsetKeepsRowsAligned()
    {
        var d = Sample();
        var s = d.Subset([2, 0]);
        Assert.Equal(d.Image(2, 1).ToArray(), s.Image(0, 1).ToArray());
        Assert.Equal(d.NoiseSigma(0, 1), s.NoiseSigma(1, 1));
        Assert.Equal(["gal2", "gal0"], s.Parameters.Strings("ident"));
    }

    [Fact]
    public void AsinhNormalizationIsInvertible()
    {
        var n = new AsinhNormalization([0.5]);
        float[] x = [-3f, -0.1f, 0f, 0.2f, 10f, 1000f];
        var y = (float[])x.Clone();
        n.Forward(y, 0);
        Assert.Equal((float)Math.Asinh(10 / 0.5), y[4], 5);
        n.Inverse(y, 0);
        for (var i = 0; i < x.Length; i++) Assert.Equal(x[i], y[i], Math.Max(1e-5f, Math.Abs(x[i]) * 1e-5f));
    }

    [Fact]
    public void ReadingAMissingOrBrokenDatasetNamesTheProblem()
    {
        using var dir = new TempDirectory();
        var e = Assert.Throws<BadInputException>(() => GalaxyDataset.Read(dir.Path));
        Assert.Contains("dataset.fits", e.Message);
        Sample().Write(dir.File("ds"));
        File.WriteAllText(dir.File("ds/dataset.json"), "{\"format\":\"galforge-dataset\",\"version\":99}");
        e = Assert.Throws<BadInputException>(() => GalaxyDataset.Read(dir.File("ds")));
        Assert.Contains("version 99", e.Message);
    }

    [SkippableFact]
    public void AstropyReadsTheDatasetFits()
    {
        using var dir = new TempDirectory();
        var d = Sample();
        d.Write(dir.File("ds"));
        var hdus = AstropyReadsOurFilesTests.ReadWithAstropy(dir.File("ds/dataset.fits")).EnumerateArray().ToList();
        Assert.Equal(["PRIMARY", "IMAGES", "PSF", "NOISE", "MASK", "PARAMS", "BANDS"], hdus.Select(h => h.GetProperty("name").GetString()!).ToArray());
        Assert.Equal([5, 6, 2, 3], hdus[1].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        AstropyReadsOurFilesTests.AssertValues(d.Images.Select(v => (double)v).ToArray(), hdus[1].GetProperty("values"));
        AstropyReadsOurFilesTests.AssertValues(d.Masks.Select(v => (double)v).ToArray(), hdus[4].GetProperty("values"));
        AstropyReadsOurFilesTests.AssertValues(d.Sigmas.Select(v => (double)v).ToArray(), hdus[3].GetProperty("values"));
        Assert.Equal(new[] { "gal0", "gal1", "gal2" }, hdus[5].GetProperty("columns").GetProperty("ident").EnumerateArray().Select(e => e.GetString()!).ToArray());
        AstropyReadsOurFilesTests.AssertValues([2.5, double.NaN], hdus[6].GetProperty("columns").GetProperty("GAIN"));
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("ds/dataset.json")));
        Assert.Equal(0.2, json.RootElement.GetProperty("bands")[0].GetProperty("pixel_scale_arcsec").GetDouble());
        Assert.Equal(2.5, json.RootElement.GetProperty("bands")[0].GetProperty("gain").GetDouble());
    }

    [Fact]
    public void DatasetsWrittenBeforeTheGainColumnReadWithUnknownGain()
    {
        using var dir = new TempDirectory();
        var d = Sample();
        d.Write(dir.File("ds"));
        // Rewrite dataset.fits as the earlier format did: the same HDUs, BANDS without GAIN.
        var path = dir.File("ds/dataset.fits");
        var old = dir.File("old.fits");
        using (var r = Galforge.Astro.Fits.FitsReader.Open(path))
        using (var w = new Galforge.Astro.Fits.FitsWriter(File.Create(old)))
        {
            w.WriteEmptyPrimary();
            foreach (var name in new[] { "IMAGES", "PSF", "NOISE", "MASK" }) w.WriteImage(r.ReadImage(name), extname: name);
            w.WriteTable(r.ReadTable("PARAMS"), "PARAMS");
            var bands = r.ReadTable("BANDS");
            Assert.True(bands.HasColumn("GAIN"));
            w.WriteTable(new Galforge.Astro.Fits.FitsTable(bands.RowCount)
                .Add(Galforge.Astro.Fits.FitsColumn.Strings("NAME", bands.GetStrings("NAME")))
                .Add(Galforge.Astro.Fits.FitsColumn.Doubles("PIXSCALE", bands.GetDoubles("PIXSCALE")))
                .Add(Galforge.Astro.Fits.FitsColumn.Doubles("ZEROPT", bands.GetDoubles("ZEROPT"))), "BANDS");
        }
        File.Move(old, path, overwrite: true);
        var back = GalaxyDataset.Read(dir.File("ds"));
        Assert.Equal(d.Images, back.Images);
        Assert.Equal(29.5, back.Bands[1].ZeroPoint);
        Assert.All(back.Bands, b => Assert.True(double.IsNaN(b.Gain)));
    }
}
