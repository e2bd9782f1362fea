using System.Globalization;
using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;

namespace Galforge.Models.Training;

/// <summary>
/// Reads the folder written by <c>galforge simulate</c> (stamps.fits with one N x S x S cube per
/// band, psf.fits with one PSF per band, truth.csv, simulation.json) as a
/// <see cref="GalaxyDataset"/>, so the VAE trains on simulated sets directly. The per-pixel
/// noise sigma is the band's sky sigma (the simulator adds Poisson noise of the source on top,
/// which this single number does not describe). Parameter columns: mag (reference-band AB
/// magnitude), half_light_radius (arcsec), q, sersic_n, pa (degrees), z, e1/e2 (intrinsic
/// ellipticity (1-q)/(1+q) rotated by pa), mag_BAND per band, and the truth table's other numbers.
/// </summary>
public static class SimulationDataset
{
    /// <summary>True when <paramref name="folder"/> looks like simulate output.</summary>
    public static bool IsSimulation(string folder) =>
        Directory.Exists(folder) && File.Exists(Path.Combine(folder, "simulation.json")) && File.Exists(Path.Combine(folder, "stamps.fits"));

    /// <summary>Reads a simulation folder or, otherwise, a dataset folder.</summary>
    public static GalaxyDataset ReadAny(string path) => IsSimulation(path) ? Read(path) : GalaxyDataset.Read(path);

    /// <summary>Reads simulate output.</summary>
    public static GalaxyDataset Read(string folder)
    {
        var metaPath = Path.Combine(folder, "simulation.json");
        var meta = RunFiles.ReadJson(metaPath);
        var bandsJson = meta["bands"] as JsonArray ?? throw new BadInputException($"{metaPath}: 'bands' is missing");
        var stamps = Path.Combine(folder, "stamps.fits");
        var psfPath = Path.Combine(folder, "psf.fits");
        var count = (int)RunFiles.Num(meta, "count", metaPath);
        var size = (int)RunFiles.Num(meta, "stamp_size", metaPath);
        var scale = RunFiles.Num(meta, "pixel_scale_arcsec", metaPath);
        var bands = new List<DatasetBand>();
        var sky = new List<double>();
        foreach (var b in bandsJson)
        {
            var o = (JsonObject)b!;
            bands.Add(new DatasetBand(RunFiles.Str(o, "name", metaPath), scale, RunFiles.Num(o, "zero_point", metaPath)));
            sky.Add(SkySigma(RunFiles.Str(o, "noise", metaPath), metaPath));
        }
        var psf0 = FitsFile.ReadFitsImage(psfPath, 1);
        var ds = new GalaxyDataset(bands, count, size, size, psf0.Height, psf0.Width);
        var px = size * size;
        for (var b = 0; b < bands.Count; b++)
        {
            var cube = FitsFile.ReadFitsImage(stamps, b + 1);
            if (cube.Width != size || cube.Height != size || (cube.Axes.Length > 2 ? cube.Axes[2] : 1) != count)
                throw new BadInputException($"{stamps}: HDU {b + 1} is [{string.Join(", ", cube.Axes)}], expected [{size}, {size}, {count}]");
            var pixels = cube.ToSingles();
            var psf = FitsFile.ReadFitsImage(psfPath, b + 1);
            if (psf.Width != ds.PsfWidth || psf.Height != ds.PsfHeight) throw new BadInputException($"{psfPath}: HDU {b + 1} PSF is {psf.Width}x{psf.Height}, expected {ds.PsfWidth}x{ds.PsfHeight} like band 1");
            var pp = psf.ToSingles();
            for (var g = 0; g < count; g++)
            {
                pixels.AsSpan(g * px, px).CopyTo(ds.Image(g, b));
                pp.CopyTo(ds.Psf(g, b));
                ds.SetNoiseSigma(g, b, (float)sky[b]);
            }
        }
        ds.Parameters = ReadTruth(Path.Combine(folder, "truth.csv"), count);
        ds.Normalization = AsinhNormalization.FromNoise(ds);
        ds.Provenance.Source = "galforge simulate: " + (meta["command"]?.GetValue<string>() ?? folder);
        ds.Provenance.Seed = (long)RunFiles.Num(meta, "seed", metaPath);
        return ds;
    }

    private static double SkySigma(string noise, string source)
    {
        foreach (var part in noise.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            if (part.StartsWith("sky_sigma=", StringComparison.Ordinal) &&
                double.TryParse(part["sky_sigma=".Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                return v;
        throw new BadInputException($"{source}: band noise '{noise}' has no sky_sigma=");
    }

    private static ParameterTable ReadTruth(string path, int count)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length != count + 1) throw new BadInputException($"{path}: {lines.Length - 1} rows, expected {count}");
        var header = lines[0].Split(',');
        var cols = new double[header.Length][];
        for (var j = 0; j < header.Length; j++) cols[j] = new double[count];
        for (var i = 0; i < count; i++)
        {
            var f = lines[i + 1].Split(',');
            if (f.Length != header.Length) throw new BadInputException($"{path}: row {i + 1} has {f.Length} fields, expected {header.Length}");
            for (var j = 0; j < header.Length; j++)
                cols[j][i] = double.TryParse(f[j], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
        }
        double[] Col(string name)
        {
            var j = Array.IndexOf(header, name);
            return j >= 0 ? cols[j] : throw new BadInputException($"{path}: column '{name}' is missing");
        }
        var t = new ParameterTable(count);
        var q = Col("q");
        var pa = Col("pa_deg");
        var e1 = new double[count];
        var e2 = new double[count];
        for (var i = 0; i < count; i++)
        {
            var e = (1 - q[i]) / (1 + q[i]);
            var phi = 2 * pa[i] * Math.PI / 180;
            e1[i] = e * Math.Cos(phi);
            e2[i] = e * Math.Sin(phi);
        }
        t.Set("mag", Col("mag_ref"), "mag").Set("half_light_radius", Col("re_arcsec"), "arcsec").Set("q", q).Set("sersic_n", Col("n"))
            .Set("pa", pa, "deg").Set("z", Col("z")).Set("e1", e1).Set("e2", e2);
        for (var j = 0; j < header.Length; j++)
            if (!t.Has(header[j]) && header[j] != "source") t.Set(header[j], cols[j]);
        return t;
    }
}
