using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Astro.Psf;
using Galforge.Models.Generation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Generation;

public class ModelPhotometryTests
{
    // A one-band F814W dataset at 0.03"/px whose PSFs are a 0.12" Gaussian, zero point 25.94.
    private static string WriteDataset(TempDirectory dir)
    {
        var ds = new GalaxyDataset([new DatasetBand("F814W", 0.03, 25.94)], 2, 16, 16, 25, 25);
        var psf = new GaussianPsf(0.12);
        for (var g = 0; g < 2; g++)
        {
            var p = ds.Psf(g, 0);
            for (var y = 0; y < 25; y++)
                for (var x = 0; x < 25; x++) p[y * 25 + x] = (float)psf.Evaluate((x - 12) * 0.03, (y - 12) * 0.03);
            ds.SetNoiseSigma(g, 0, 0.01f);
        }
        ds.Parameters = new ParameterTable(2).Set("mag", [22.0, 23.0]);
        var folder = dir.File("set");
        ds.Write(folder);
        return folder;
    }

    private static string WriteRun(TempDirectory dir, JsonObject run)
    {
        var runDir = dir.File("run");
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "run.json"), run.ToJsonString());
        return runDir;
    }

    [Fact]
    public void ReadsRunJsonOrFallsBackToTheTrainingDatasetAndSurveyWavelengths()
    {
        using var dir = new TempDirectory("galforge-photometry");
        var set = WriteDataset(dir);
        string[] surveys = [RepoPaths.InRepo("surveys")];

        // An older run without the keys: zero point and mean-PSF FWHM from its dataset, wavelength by band name.
        var old = ModelPhotometry.Read(WriteRun(dir, new JsonObject { ["dataset"] = set }), ["F814W"], surveys);
        Assert.Equal(25.94, old.ZeroPoints[0], 9);
        Assert.InRange(old.TrainingPsfFwhm[0], 0.12 * 0.98, 0.12 * 1.02);
        Assert.Equal(0.8057, old.Wavelengths[0], 9);
        Assert.Contains("training dataset", old.Source);

        // What train flow records, read back without the dataset.
        var run = new JsonObject();
        ModelPhotometry.Record(run, GalaxyDataset.Read(set));
        Directory.Delete(set, recursive: true);
        var recorded = ModelPhotometry.Read(WriteRun(dir, run), ["F814W"], surveys);
        Assert.Equal(25.94, recorded.ZeroPoints[0], 9);
        Assert.Equal(old.TrainingPsfFwhm[0], recorded.TrainingPsfFwhm[0], 5);

        // Nothing known: NaN (generate --survey then refuses with a one-line error), unknown band name: NaN wavelength.
        var none = ModelPhotometry.Read(WriteRun(dir, new JsonObject { ["dataset"] = set }), ["X1"], surveys);
        Assert.True(double.IsNaN(none.ZeroPoints[0]) && double.IsNaN(none.TrainingPsfFwhm[0]) && double.IsNaN(none.Wavelengths[0]));

        // A key with the wrong number of values is a one-line error naming it.
        var bad = Assert.Throws<BadInputException>(() => ModelPhotometry.Read(WriteRun(dir, new JsonObject { ["zero_points"] = new JsonArray(1.0, 2.0) }), ["F814W"], surveys));
        Assert.Contains("'zero_points' has 2 values, expected one per band (1)", bad.Message);
    }
}
