using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Astro.Imaging;
using Galforge.Astro.Psf;
using Galforge.Astro.Simulation;
using Galforge.Models.Training;

namespace Galforge.Models.Generation;

/// <summary>
/// What a model's bands mean photometrically, for observing its output as a survey would: per
/// band the AB zero point of the training images (magnitude of one image unit), the effective
/// wavelength (micron) and the FWHM (arcsec) of the training PSF. The model's decoder outputs
/// galaxies before the PSF, but it learned them from images at the training PSF's resolution, so
/// detail finer than that PSF is not in the model. Zero points and PSF FWHM come from run.json
/// (<c>zero_points</c>, <c>training_psf_fwhm</c>, written by <c>train flow</c>) or, for runs made
/// before those keys, from the training dataset named in run.json when it is still readable;
/// wavelengths from run.json (<c>wavelengths</c>) or by band name from survey files. NaN when unknown.
/// </summary>
/// <param name="Bands">Model band names.</param>
/// <param name="ZeroPoints">AB zero point per band (NaN when unknown).</param>
/// <param name="Wavelengths">Effective wavelength per band, micron (NaN when unknown).</param>
/// <param name="TrainingPsfFwhm">FWHM of the mean training PSF per band, arcsec (NaN when unknown).</param>
/// <param name="Source">Where the zero points and PSF widths came from, for metadata.</param>
public sealed record ModelPhotometry(IReadOnlyList<string> Bands, double[] ZeroPoints, double[] Wavelengths, double[] TrainingPsfFwhm, string Source)
{
    /// <summary>run.json key of the per-band AB zero points.</summary>
    public const string ZeroPointsKey = "zero_points";

    /// <summary>run.json key of the per-band training PSF FWHM (arcsec).</summary>
    public const string PsfFwhmKey = "training_psf_fwhm";

    /// <summary>run.json key of the per-band effective wavelengths (micron).</summary>
    public const string WavelengthsKey = "wavelengths";

    /// <summary>Reads a run folder's photometry; <paramref name="surveyFolders"/> are searched for band wavelengths by name.</summary>
    public static ModelPhotometry Read(string runDir, IReadOnlyList<string> bands, IReadOnlyList<string> surveyFolders)
    {
        var runPath = Path.Combine(runDir, RunFiles.RunJson);
        var run = RunFiles.ReadJson(runPath);
        var zp = Array(run, ZeroPointsKey, bands.Count, runPath);
        var fwhm = Array(run, PsfFwhmKey, bands.Count, runPath);
        var source = runPath;
        if ((zp is null || fwhm is null) && run["dataset"]?.GetValue<string>() is { } dsPath && Directory.Exists(dsPath))
        {
            var ds = GalaxyDataset.Read(dsPath);
            if (ds.Bands.Select(b => b.Name).SequenceEqual(bands))
            {
                zp ??= [.. ds.Bands.Select(b => b.ZeroPoint)];
                fwhm ??= MeanPsfFwhm(ds);
                source = $"training dataset {dsPath}";
            }
        }
        var wl = Array(run, WavelengthsKey, bands.Count, runPath);
        if (wl is null)
        {
            var known = SurveyDefinition.KnownWavelengths(surveyFolders);
            wl = [.. bands.Select(b => known.TryGetValue(b, out var w) ? w : double.NaN)];
        }
        return new ModelPhotometry(bands, zp ?? Nan(bands.Count), wl, fwhm ?? Nan(bands.Count), source);
    }

    /// <summary>FWHM (arcsec) of each band's mean PSF over the dataset's galaxies (galaxies with an unknown, all-zero PSF are skipped).</summary>
    public static double[] MeanPsfFwhm(GalaxyDataset ds)
    {
        var result = new double[ds.BandCount];
        int pw = ds.PsfWidth, ph = ds.PsfHeight;
        for (var b = 0; b < ds.BandCount; b++)
        {
            var mean = new float[pw * ph];
            var used = 0;
            for (var g = 0; g < ds.Count; g++)
            {
                var psf = ds.Psf(g, b);
                double sum = 0;
                foreach (var v in psf) sum += v;
                if (!(sum > 0)) continue;
                for (var i = 0; i < mean.Length; i++) mean[i] += psf[i];
                used++;
            }
            result[b] = used == 0 ? double.NaN : new ImagePsf(new Image(pw, ph, mean, ds.Bands[b].PixelScale), "mean training PSF").Fwhm;
        }
        return result;
    }

    /// <summary>Adds the zero points and training PSF FWHM of <paramref name="ds"/> to run metadata.</summary>
    public static void Record(JsonObject run, GalaxyDataset ds)
    {
        run[ZeroPointsKey] = Json(ds.Bands.Select(b => b.ZeroPoint));
        run[PsfFwhmKey] = Json(MeanPsfFwhm(ds));
    }

    private static JsonArray Json(IEnumerable<double> values) => new([.. values.Select(v => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : null)]);

    private static double[] Nan(int n)
    {
        var a = new double[n];
        System.Array.Fill(a, double.NaN);
        return a;
    }

    private static double[]? Array(JsonObject run, string key, int count, string source)
    {
        if (run[key] is not JsonArray a) return null;
        if (a.Count != count) throw new BadInputException($"{source}: '{key}' has {a.Count} values, expected one per band ({count})");
        return [.. a.Select(v => v is null ? double.NaN : v.GetValue<double>())];
    }
}
