using Galforge.Astro.Fits;
using Galforge.Astro.Measurement;
using Galforge.Cli;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

/// <summary>A tiny simulated set, a VAE and a flow trained on it through the CLI, shared by the tests.</summary>
public sealed class TinyModelFixture : IDisposable
{
    public TinyModelFixture()
    {
        Dir = new TempDirectory("galforge-vaeflow");
        Data = Dir.File("sim");
        Vae = Dir.File("vae");
        Flow = Dir.File("flow");
        Check(CliRunner.Run("simulate", "--n", "16", "--size", "32", "--seed", "3", "--threads", "1", "--out", Data));
        File.WriteAllText(Dir.File("vae.json"), """
            { "latent": 4, "width": 4, "max_channels": 8, "depth": 2, "residual_blocks": 0, "apodization_pixels": 2,
              "batch_size": 4, "steps": 4, "checkpoint_every": 2, "validation_fraction": 0.25, "patience": 0 }
            """);
        File.WriteAllText(Dir.File("flow.json"), """{ "bijectors": 2, "hidden": 8, "steps": 4, "checkpoint_every": 2, "batch_size": 8 }""");
        Check(CliRunner.Run("train", "vae", "--data", Data, "--out", Vae, "--config", Dir.File("vae.json"), "--seed", "2"));
        Check(CliRunner.Run("train", "flow", "--vae", Vae, "--out", Flow, "--conditions", "mag,hlr,e", "--config", Dir.File("flow.json"), "--seed", "2"));
    }

    private static void Check((int Code, string Out, string Err) r)
    {
        if (r.Code != 0) throw new InvalidOperationException($"exit {r.Code}: {r.Err}");
    }

    public TempDirectory Dir { get; }
    public string Data { get; }
    public string Vae { get; }
    public string Flow { get; }

    public void Dispose() => Dir.Dispose();
}

public sealed class VaeFlowCommandTests(TinyModelFixture m) : IClassFixture<TinyModelFixture>
{
    [Fact]
    public void TrainingWroteCardsCheckpointsAndSamples()
    {
        foreach (var f in new[] { "run.json", "checkpoint.safetensors", "best.safetensors", "model_card.json", "model_card.md" })
            Assert.True(File.Exists(Path.Combine(m.Vae, f)), f);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(m.Vae, "samples"), "*.png"));
        var card = File.ReadAllText(Path.Combine(m.Flow, "model_card.md"));
        Assert.Contains("galforge train flow", card);
        Assert.Contains("heldout_chi2_per_pixel", card);
        // generate --survey needs the training set's zero points and PSF widths (CANDELS defaults).
        var run = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(m.Flow, "run.json")))!;
        Assert.Equal([35.18, 34.63, 34.48, 34.2], run["zero_points"]!.AsArray().Select(v => (double)v!));
        var fwhm = run["training_psf_fwhm"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.Equal(4, fwhm.Length);
        Assert.All(fwhm, f => Assert.InRange(f, 0.08, 0.2));
    }

    [Fact]
    public void GenerateWritesCubeTruthAndPreviewReproducibly()
    {
        var a = m.Dir.File("a.fits");
        var b = m.Dir.File("b.fits");
        var (code, output, error) = CliRunner.Run("generate", "--model", m.Flow, "--from-dataset", m.Data, "--n", "5", "--seed", "4", "--out", a);
        Assert.True(code == 0, error);
        Assert.Contains("generated 5 galaxies", output);
        Assert.True(File.Exists(Path.ChangeExtension(a, ".png")));
        Assert.Equal(0, CliRunner.Run("generate", "--model", m.Flow, "--from-dataset", m.Data, "--n", "5", "--seed", "4", "--out", b).Code);
        var ia = FitsFile.ReadFitsImage(a, 1);
        Assert.Equal([32, 32, 5], ia.Axes);
        Assert.Equal(ia.ToSingles(), FitsFile.ReadFitsImage(b, 1).ToSingles());
        var table = FitsFile.ReadTable(a, 5);
        foreach (var col in new[] { "mag", "hlr", "e", "hlr_arcsec", "seed", "latent_0", "latent_3" }) Assert.True(table.HasColumn(col), col);
        Assert.Equal(table.GetDouble("hlr", 1), table.GetDouble("hlr_arcsec", 1));
        Assert.Equal(4.0, table.GetDouble("seed", 2));
    }

    [SkippableFact]
    public void AstropyReadsTheGeneratedFile()
    {
        ReferenceTool.RequirePythonModule("astropy", "python3-astropy");
        var a = m.Dir.File("py.fits");
        Assert.Equal(0, CliRunner.Run("generate", "--model", m.Flow, "--from-dataset", m.Data, "--n", "3", "--out", a).Code);
        var text = ReferenceTool.RunPython($"-c \"from astropy.io import fits; f=fits.open('{a}'); print(f[1].data.shape, f[1].header['EXTNAME'], len(f['PARAMS'].data), 'latent_0' in f['PARAMS'].columns.names)\"");
        Assert.Contains("(3, 32, 32) F606W 3 True", text);
    }

    [Fact]
    public void MissingColumnIsOneLineExit2AndWritesNothing()
    {
        var csv = m.Dir.File("bad.csv");
        File.WriteAllText(csv, "mag,hlr\n24,0.3\n");
        var outPath = m.Dir.File("bad.fits");
        var (code, _, error) = CliRunner.Run("generate", "--model", m.Flow, "--conditions", csv, "--out", outPath);
        Assert.Equal(2, code);
        Assert.Matches(@"^galforge: error: .*bad\.csv.*'e'.*\n?$", error);
        Assert.False(File.Exists(outPath));
        Assert.False(File.Exists(Path.ChangeExtension(outPath, ".png")));
    }

    [Fact]
    public void TextColumnsOfAConditionTableAreIgnoredUnlessAConditionIsReadFromThem()
    {
        // A simulator truth table has a text "source" column: it is no condition, so it is no error.
        var csv = m.Dir.File("with-text.csv");
        File.WriteAllText(csv, "source,mag,hlr,e\ncandels:8254,24,0.3,0.2\ncandels:17,23.5,0.25,0.1\n");
        var (code, _, error) = CliRunner.Run("generate", "--model", m.Flow, "--conditions", csv, "--out", m.Dir.File("with-text.fits"));
        Assert.True(code == 0, error);
        var bad = m.Dir.File("text-cell.csv");
        File.WriteAllText(bad, "mag,hlr,e\n24,0.3,0.2\n24,abc,0.2\n");
        var outPath = m.Dir.File("text-cell.fits");
        (code, _, error) = CliRunner.Run("generate", "--model", m.Flow, "--conditions", bad, "--out", outPath);
        Assert.Equal(2, code);
        Assert.Matches(@"^galforge: error: .*text-cell\.csv: row 2, column 'hlr': 'abc' is not a number \(condition 'hlr'\)\n?$", error);
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void OutOfRangeConditionsWarnAndSayHowFar()
    {
        var csv = m.Dir.File("far.csv");
        File.WriteAllText(csv, "mag,hlr,e\n40,0.3,0.2\n");
        var (code, _, error) = CliRunner.Run("generate", "--model", m.Flow, "--conditions", csv, "--out", m.Dir.File("far.fits"));
        Assert.Equal(0, code);
        Assert.Matches(@"warning: condition mag = 40 is [0-9.]+ outside the training range", error);
    }

    [Fact]
    public void CorruptModelAndBandMismatchAreOneLineErrors()
    {
        var copy = m.Dir.File("flow-copy");
        Directory.CreateDirectory(copy);
        foreach (var f in Directory.GetFiles(m.Flow)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        var vae = Path.Combine(copy, "vae.safetensors");
        var bytes = File.ReadAllBytes(vae);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(vae, bytes);
        var (code, _, error) = CliRunner.Run("generate", "--model", copy, "--from-dataset", m.Data, "--out", m.Dir.File("c.fits"));
        Assert.Equal(2, code);
        Assert.Contains("SHA-256", error);
        Assert.Single(error.Trim().Split('\n'));

        var other = m.Dir.File("sim2");
        Assert.Equal(0, CliRunner.Run("simulate", "--n", "2", "--size", "32", "--bands", "F814W,F160W", "--threads", "1", "--out", other).Code);
        (code, _, error) = CliRunner.Run("generate", "--model", m.Flow, "--from-dataset", other, "--out", m.Dir.File("d.fits"));
        Assert.Equal(2, code);
        Assert.Contains("bands F814W,F160W differ from the model's", error);
    }

    [Fact]
    public void ResumeOfAFinishedRunAndOverwriteAreHandled()
    {
        var (code, _, error) = CliRunner.Run("train", "vae", "--data", m.Data, "--out", m.Vae, "--config", m.Dir.File("vae.json"), "--seed", "2");
        Assert.Equal(2, code);
        Assert.Contains("--resume", error);
    }

    [Fact]
    public void DemoWritesReportFitsAndPngAndUpdatesTheCard()
    {
        var outDir = m.Dir.File("demo");
        var (code, output, error) = CliRunner.Run("demo", "--model", m.Flow, "--count", "8", "--out", outDir, "--update-card");
        Assert.True(code == 0, error);
        foreach (var f in new[] { "report.html", "metrics.json", "evaluation.json", "sweep.fits", "sweep.png", "heldout_generated.fits", "heldout_generated.png" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Assert.Equal(27, FitsFile.ReadFitsImage(Path.Combine(outDir, "sweep.fits"), 1).Axes[2]);
        Assert.Contains("reconstruction chi2/pixel", output);
        Assert.Contains("reconstruction_chi2_per_pixel", File.ReadAllText(Path.Combine(m.Flow, "model_card.md")));
    }

    [Fact]
    public void DemoSweepOfTheShippedModelHasTheRequestedMagnitudes()
    {
        // A sanity bound that catches a sweep outside the population (the flow extrapolating to
        // fluxes of 1e18 counts); the control precision itself is the benchmark's Pearson r.
        var outDir = m.Dir.File("demo-shipped");
        var (code, output, error) = CliRunner.Run("demo", "--out", outDir);
        Assert.True(code == 0, error);
        Assert.Matches(@"demo: Wasserstein/real-vs-real baseline <= 2 for [0-9]+ of 39 statistics \(largest ", output);
        Assert.Matches(@"demo: control on the generated \(pre-PSF\) image, Pearson r: intr_mag_F160W 0\.9", output);
        var sweep = Path.Combine(outDir, "sweep.fits");
        var f160w = FitsFile.ReadFitsImage(sweep, 4).ToSingles();
        var table = FitsFile.ReadTable(sweep, 5);
        for (var g = 0; g < 27; g++)
        {
            double flux = 0;
            for (var i = 0; i < 64 * 64; i++) flux += f160w[g * 64 * 64 + i];
            var mag = 34.20 - 2.5 * Math.Log10(flux); // F160W zero point of surveys/candels.yaml
            Assert.InRange(mag, table.GetDouble("intr_mag_F160W", g) - 1, table.GetDouble("intr_mag_F160W", g) + 1);
        }
        // The shipped model takes the ellipticity components: the sweep runs in |e| along x
        // (e2 = 0, three increasing levels), and the generated pre-PSF galaxies follow it.
        Assert.True(table.HasColumn("intr_e1_F160W") && table.HasColumn("intr_e2_F160W"));
        var levels = Enumerable.Range(0, 27).Select(g => table.GetDouble("intr_e1_F160W", g)).Distinct().Order().ToArray();
        Assert.Equal(3, levels.Length);
        Assert.True(levels[0] > 0);
        double miss = 0;
        for (var g = 0; g < 27; g++)
        {
            Assert.Equal(0.0, table.GetDouble("intr_e2_F160W", g));
            var shape = IntrinsicShape.Measure(f160w.AsSpan(g * 64 * 64, 64 * 64), 64, 0.06, 34.20);
            miss += Math.Abs(shape.E - table.GetDouble("intr_e1_F160W", g)) / 27;
        }
        Assert.True(miss < 0.08, $"mean |requested - measured| |e| {miss:F3}");
    }

    [Fact]
    public void ShippedModelRedrawsLatentsThatLeaveTheTrainingRange()
    {
        // 600 held-out-like requests (the demo's population, seed 9002): with this seed the flow's
        // inverse sent 4 of them (bright, large galaxies) to latents of norm 5e2 to 4e16, and the
        // decoder made galaxies of magnitude -13.7 to 19.3 for requests of 19.6 to 22.1.
        var data = m.Dir.File("redraw-data");
        Assert.Equal(0, CliRunner.Run("simulate", "--n", "600", "--size", "64", "--seed", "9002", "--intrinsic", "--out", data).Code);
        var outPath = m.Dir.File("redraw.fits");
        var (code, _, error) = CliRunner.Run("generate", "--from-dataset", data, "--seed", "9002", "--out", outPath);
        Assert.True(code == 0, error);
        Assert.Matches(@"note: [0-9]+ of 600 latents fell outside the training latents' range and were redrawn", error);
        var table = FitsFile.ReadTable(outPath, 5);
        var redrawn = Enumerable.Range(0, 600).Count(g => table.GetDouble("flow_redraws", g) > 0);
        Assert.InRange(redrawn, 1, 30);
        Assert.Equal(redrawn.ToString(System.Globalization.CultureInfo.InvariantCulture), Primary(outPath).GetString("GFREDRAW"));
        var worst = Enumerable.Range(0, 600).Max(g => Math.Abs(table.GetDouble("gen_intr_mag_F160W", g) - table.GetDouble("intr_mag_F160W", g)));
        Assert.True(worst < 2.5, $"largest |generated - requested| F160W magnitude {worst:F2}");
    }

    [Fact]
    public void ShippedModelDrawsItsTextureUnlessNoTextureAndKeepsLatentsAndFluxes()
    {
        var data = m.Dir.File("tex-data");
        Assert.Equal(0, CliRunner.Run("simulate", "--n", "4", "--size", "64", "--seed", "8", "--threads", "1", "--intrinsic", "--out", data).Code);
        var with = m.Dir.File("tex-on.fits");
        var without = m.Dir.File("tex-off.fits");
        var r1 = CliRunner.Run("generate", "--from-dataset", data, "--seed", "6", "--out", with);
        Assert.True(r1.Code == 0, r1.Err);
        var r2 = CliRunner.Run("generate", "--from-dataset", data, "--seed", "6", "--no-texture", "--out", without);
        Assert.True(r2.Code == 0, r2.Err);
        Assert.Equal("lognormal", Primary(with).GetString("GFTEXTUR"));
        Assert.Equal("none", Primary(without).GetString("GFTEXTUR"));
        var tableWith = FitsFile.ReadTable(with, 5);
        var tableWithout = FitsFile.ReadTable(without, 5);
        for (var g = 0; g < 4; g++) Assert.Equal(tableWithout.GetDouble("latent_7", g), tableWith.GetDouble("latent_7", g));
        // The truth table also says what each generated galaxy is: IntrinsicShape of its own image.
        var f160w = FitsFile.ReadFitsImage(with, 4).ToSingles();
        double shapeChange = 0;
        for (var g = 0; g < 4; g++)
        {
            var shape = IntrinsicShape.Measure(f160w.AsSpan(g * 4096, 4096), 64, 0.06, 34.20);
            Assert.Equal(shape.E1, tableWith.GetDouble("gen_intr_e1_F160W", g), 6);
            Assert.Equal(shape.HalfLightRadius, tableWith.GetDouble("gen_intr_hlr_F160W", g), 6);
            Assert.Equal(shape.Mag, tableWith.GetDouble("gen_intr_mag_F160W", g), 6);
            Assert.Equal(tableWithout.GetDouble("gen_intr_mag_F160W", g), tableWith.GetDouble("gen_intr_mag_F160W", g), 4); // flux kept
            shapeChange += Math.Abs(tableWith.GetDouble("gen_intr_e1_F606W", g) - tableWithout.GetDouble("gen_intr_e1_F606W", g));
        }
        Assert.True(shapeChange > 0, "the texture should move the measured F606W shapes a little");
        // Measured before lensing: a sheared run records the same intrinsic truth beside shear_g1.
        var sheared = m.Dir.File("tex-shear.fits");
        Assert.Equal(0, CliRunner.Run("generate", "--from-dataset", data, "--seed", "6", "--shear", "0.05,0", "--out", sheared).Code);
        var tableSheared = FitsFile.ReadTable(sheared, 5);
        for (var g = 0; g < 4; g++)
        {
            Assert.Equal(tableWith.GetDouble("gen_intr_e1_F160W", g), tableSheared.GetDouble("gen_intr_e1_F160W", g));
            Assert.Equal(0.05, tableSheared.GetDouble("shear_g1", g));
        }
        for (var hdu = 1; hdu <= 4; hdu++)
        {
            var a = FitsFile.ReadFitsImage(with, hdu).ToSingles();
            var b = FitsFile.ReadFitsImage(without, hdu).ToSingles();
            double changed = 0, total = 0;
            for (var g = 0; g < 4; g++)
            {
                double fa = 0, fb = 0;
                for (var i = 0; i < 64 * 64; i++) { fa += a[g * 4096 + i]; fb += b[g * 4096 + i]; changed += Math.Abs(a[g * 4096 + i] - b[g * 4096 + i]); total += Math.Abs(b[g * 4096 + i]); }
                Assert.Equal(fb, fa, Math.Abs(fb) * 1e-4); // the texture keeps each band's flux
            }
            Assert.True(changed > 0.05 * total, $"HDU {hdu}: the texture changed {changed / total:P1} of the light");
        }
        var gan = CliRunner.Run("generate", "--model", RepoPaths.InRepo("models", "progressive-gan-sim64"), "--from-dataset", data, "--no-texture", "--out", m.Dir.File("gan-tex.fits"));
        Assert.Equal(2, gan.Code);
        Assert.Contains("--no-texture", gan.Err);
        Assert.False(File.Exists(m.Dir.File("gan-tex.fits")));
    }

    private static Galforge.Astro.Fits.FitsHeader Primary(string path)
    {
        using var reader = FitsReader.Open(path);
        return reader[0].Header;
    }

    [Fact]
    public void ModulusOnlyRequestsGetSeededRandomOrientations()
    {
        var csv = m.Dir.File("modulus.csv");
        File.WriteAllText(csv, "intr_mag_F160W,intr_hlr_F160W,intr_e_F160W\n23.5,0.3,0.4\n24.0,0.25,0.2\n23.0,0.4,0.5\n");
        var a = m.Dir.File("modulus-a.fits");
        var (code, _, error) = CliRunner.Run("generate", "--conditions", csv, "--seed", "5", "--out", a);
        Assert.True(code == 0, error);
        var table = FitsFile.ReadTable(a, 5);
        double[] e = [0.4, 0.2, 0.5];
        for (var g = 0; g < 3; g++)
        {
            double e1 = table.GetDouble("intr_e1_F160W", g), e2 = table.GetDouble("intr_e2_F160W", g), pa = table.GetDouble("intr_pa_F160W", g) * Math.PI / 180;
            Assert.Equal(e[g], Math.Sqrt(e1 * e1 + e2 * e2), 1e-9);
            Assert.Equal(e[g] * Math.Cos(2 * pa), e1, 1e-6);
        }
        var b = m.Dir.File("modulus-b.fits");
        Assert.Equal(0, CliRunner.Run("generate", "--conditions", csv, "--seed", "6", "--out", b).Code);
        Assert.NotEqual(table.GetDouble("intr_pa_F160W", 0), FitsFile.ReadTable(b, 5).GetDouble("intr_pa_F160W", 0));
    }

    [Fact]
    public void BenchGeneratePrintsGalaxiesPerSecond()
    {
        var (code, output, error) = CliRunner.Run("bench", "generate", "--model", m.Flow, "--n", "8", "--repeats", "1");
        Assert.True(code == 0, error);
        Assert.Matches(@"galaxies/s: best [0-9.]+", output);
        // The tiny flow run calibrated a texture, so the bench also times generation without it.
        Assert.Matches(@"without the decoder texture \(--no-texture\), interleaved: best [0-9.]+", output);
    }
}
