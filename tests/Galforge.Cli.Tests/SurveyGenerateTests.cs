using Galforge.Astro.Fits;
using Galforge.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Galforge.Cli.Tests;

/// <summary><c>galforge generate --survey</c> with the shipped VAE + flow model (bands F606W, F814W, F125W, F160W at 0.06").</summary>
public sealed class SurveyGenerateTests : IDisposable
{
    private readonly TempDirectory _dir = new("galforge-survey");
    private readonly ITestOutputHelper _output;
    private readonly string _csv;

    public SurveyGenerateTests(ITestOutputHelper output)
    {
        _output = output;
        _csv = _dir.File("wanted.csv");
        // The shipped model's conditions: magnitude, half-light radius (arcsec) and |e| measured on
        // the pre-PSF F160W image.
        var rows = new List<string> { "intr_mag_F160W,intr_hlr_F160W,intr_e_F160W" };
        for (var i = 0; i < 8; i++) rows.Add($"{21 + 0.25 * i},{0.3 + 0.04 * i},{0.1 + 0.05 * i}");
        File.WriteAllLines(_csv, rows);
    }

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Generate(string name, params string[] extra) =>
        CliRunner.Run(["generate", "--conditions", _csv, "--seed", "5", "--out", _dir.File(name), .. extra]);

    private FitsHeader PrimaryHeader(string name)
    {
        using var reader = FitsReader.Open(_dir.File(name));
        return reader[0].Header;
    }

    private static double Sum(float[] cube, int galaxy, int px)
    {
        double s = 0;
        for (var i = 0; i < px; i++) s += cube[galaxy * px + i];
        return s;
    }

    [Fact]
    public void EuclidVisKeepsMagnitudesAndRecordsTheObservation()
    {
        var plain = Generate("plain.fits");
        Assert.True(plain.Code == 0, plain.Err);
        var vis = Generate("vis.fits", "--survey", "euclid-vis", "--no-noise");
        Assert.True(vis.Code == 0, vis.Err);
        Assert.Contains("observed as Euclid-VIS", vis.Out);
        // VIS comes from F814W (nearest wavelength); the model's F814W zero point is 34.63, VIS's 33.99.
        var model = FitsFile.ReadFitsImage(_dir.File("plain.fits"), 2);
        Assert.Equal("F814W", model.Header.GetString("BAND"));
        var observed = FitsFile.ReadFitsImage(_dir.File("vis.fits"), 1);
        Assert.Equal([64, 64, 8], observed.Axes);
        var h = observed.Header;
        Assert.Equal("VIS", h.GetString("BAND"));
        Assert.Equal(0.1, h.GetDouble("PIXSCALE"), 9);
        Assert.Equal("F814W", h.GetString("SRCBAND"));
        Assert.Equal("moffat:fwhm=0.17,beta=2.5", h.GetString("PSF"));
        Assert.Equal(34.63, h.GetDouble("SRCZP"), 9);
        // The training PSF width the flow run recorded (FWHM of the mean F814W PSF image).
        var run = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoPaths.InRepo("models", "vae-flow-candels", "run.json")))!;
        var trainingFwhm = run["training_psf_fwhm"]![1]!.GetValue<double>();
        Assert.InRange(trainingFwhm, 0.09, 0.11); // the survey's nominal Moffat FWHM is 0.10"
        Assert.Equal(trainingFwhm, h.GetDouble("TRAINPSF"), 9);
        var m = model.ToSingles();
        var o = observed.ToSingles();
        for (var g = 0; g < 8; g++)
        {
            var magModel = 34.63 - 2.5 * Math.Log10(Sum(m, g, 64 * 64));
            var magObserved = 33.99 - 2.5 * Math.Log10(Sum(o, g, 64 * 64));
            _output.WriteLine($"galaxy {g}: F814W {magModel:F4} mag, VIS {magObserved:F4} mag");
            Assert.InRange(Math.Abs(magObserved - magModel), 0, 0.01); // < 1 % in flux
        }
        var primary = PrimaryHeader("vis.fits");
        Assert.Equal("Euclid-VIS", primary.GetString("GFSURVEY"));
        Assert.Equal("5", primary.GetString("GFSEED"));
        Assert.Equal("none", primary.GetString("GFNOISE"));
        var table = FitsFile.ReadTable(_dir.File("vis.fits"), 2);
        foreach (var col in new[] { "survey", "pixel_scale", "source_band_VIS", "psf_VIS", "psf_fwhm_VIS", "zero_point_VIS", "sky_sigma_VIS", "gain_VIS", "seed", "intr_mag_F160W", "mag", "hlr_arcsec", "e" })
            Assert.True(table.HasColumn(col), col);
        Assert.Equal(0.1, table.GetDouble("pixel_scale", 0), 9);
    }

    [Fact]
    public void NoiseOfEmptyPixelsIsTheSkySigmaAndTheSeedFixesIt()
    {
        Assert.Equal(0, Generate("a.fits", "--survey", "euclid-vis").Code);
        Assert.Equal(0, Generate("b.fits", "--survey", "euclid-vis").Code);
        var other = CliRunner.Run("generate", "--conditions", _csv, "--seed", "6", "--survey", "euclid-vis", "--out", _dir.File("c.fits"));
        Assert.Equal(0, other.Code);
        var a = FitsFile.ReadFitsImage(_dir.File("a.fits"), 1);
        Assert.Equal(a.ToSingles(), FitsFile.ReadFitsImage(_dir.File("b.fits"), 1).ToSingles());
        Assert.NotEqual(a.ToSingles(), FitsFile.ReadFitsImage(_dir.File("c.fits"), 1).ToSingles());
        Assert.Contains("seeded", PrimaryHeader("a.fits").GetString("GFNOISE"));
        // The model's stamp covers 3.84" (1.92" from the centre); pixels more than 2.4" from the centre
        // (the outer 8-pixel frame of the 6.4" VIS stamp) hold sky only.
        var px = a.ToSingles();
        double s = 0, s2 = 0;
        var n = 0;
        for (var g = 0; g < 8; g++)
            for (var y = 0; y < 64; y++)
                for (var x = 0; x < 64; x++)
                {
                    if (x >= 8 && x < 56 && y >= 8 && y < 56) continue;
                    double v = px[(g * 64 + y) * 64 + x];
                    s += v; s2 += v * v; n++;
                }
        var sigma = Math.Sqrt(s2 / n - s / n * (s / n));
        _output.WriteLine($"{n} empty pixels: sigma {sigma:F3}, mean {s / n:F3}; Euclid VIS sky_sigma 22.5");
        Assert.InRange(sigma / 22.5, 0.97, 1.03);
        Assert.Equal(22.5, a.Header.GetDouble("SKYSIG"), 9);
        Assert.Equal(3.1, a.Header.GetDouble("GAIN"), 9);
    }

    [Fact]
    public void LsstWithABandMapAndCosmosWarnsAboutItsNarrowerPsf()
    {
        var lsst = Generate("lsst.fits", "--survey", "lsst", "--band-map", "r=F606W,i=F814W");
        Assert.True(lsst.Code == 0, lsst.Err);
        var r = FitsFile.ReadFitsImage(_dir.File("lsst.fits"), 1);
        Assert.Equal("r", r.Header.GetString("BAND"));
        Assert.Equal(0.2, r.Header.GetDouble("PIXSCALE"), 9);
        Assert.Equal("i", FitsFile.ReadFitsImage(_dir.File("lsst.fits"), 2).Header.GetString("BAND"));
        // COSMOS's Airy PSF (0.085") is narrower than the F814W training PSF (0.10"): a warning, still written.
        var cosmos = Generate("cosmos.fits", "--survey", "cosmos", "--stamp-size", "96");
        Assert.True(cosmos.Code == 0, cosmos.Err);
        Assert.Contains("galforge: warning: COSMOS-F814W F814W PSF FWHM", cosmos.Err);
        Assert.Contains("narrower than model band F814W's training PSF", cosmos.Err);
        Assert.Equal([96, 96, 8], FitsFile.ReadFitsImage(_dir.File("cosmos.fits"), 1).Axes);
    }

    [Theory]
    [InlineData("no-such-survey.fits", new[] { "--survey", "hubble-deep" }, "survey 'hubble-deep'")]
    [InlineData("lsst-u.fits", new[] { "--survey", "lsst" }, "band u")]
    [InlineData("map-band.fits", new[] { "--survey", "euclid-vis", "--band-map", "VIS=F555W" }, "the model has no band 'F555W'")]
    [InlineData("map-survey.fits", new[] { "--survey", "euclid-vis", "--band-map", "Y=F160W" }, "survey Euclid-VIS has no band 'Y'")]
    [InlineData("map-alone.fits", new[] { "--band-map", "VIS=F814W" }, "only with --survey")]
    public void BadSurveyRequestsAreOneLineExit2AndWriteNothing(string name, string[] extra, string expected)
    {
        var (code, _, err) = Generate(name, extra);
        Assert.Equal(2, code);
        Assert.StartsWith("galforge: error: ", err);
        Assert.Contains(expected, err);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(_dir.File(name)));
        Assert.False(File.Exists(Path.ChangeExtension(_dir.File(name), ".png")));
        Assert.Empty(Directory.GetFiles(_dir.Path, Path.GetFileNameWithoutExtension(name) + "*"));
    }
}
