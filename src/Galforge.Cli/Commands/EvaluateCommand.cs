using System.CommandLine;
using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Fits;
using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Galforge.Astro.Reports;

namespace Galforge.Cli.Commands;

/// <summary>
/// <c>galforge evaluate --real R --generated G --out DIR</c>: measures both populations and
/// writes metrics.json and a self-contained report.html. Inputs are Galforge datasets (a folder,
/// or its dataset.fits) or galaxy-cube FITS files: one image HDU per band holding a cube
/// W x H x N (N galaxies, EXTNAME = band name), and an optional BINTABLE named PARAMS with one
/// numeric column per parameter (one row per galaxy).
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var real = new Option<string>("--real") { Description = "Real galaxies: a Galforge dataset folder (or its dataset.fits), or a galaxy-cube FITS file (one W x H x N cube per band, EXTNAME = band).", Required = true };
        var generated = new Option<string>("--generated") { Description = "Generated galaxies: a dataset or a galaxy-cube FITS file with the same bands; parameter columns (mag, half_light_radius, q, e1, e2, ...) are compared with the measurements.", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder for metrics.json and report.html.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of the real-set splits used for the real-vs-real baseline.", DefaultValueFactory = _ => 12345 };
        var baselineSplits = new Option<int>("--baseline-splits") { Description = "Random half splits of the real set averaged into the real-vs-real baseline (1: a single split, the baseline of earlier Galforge versions).", DefaultValueFactory = _ => new FidelityOptions().BaselineSplits };
        var gain = new Option<double?>("--gain") { Description = "Electrons per image unit for both sets (default: sky noise only)." };
        var zeroPoint = new Option<double>("--zero-point") { Description = "Magnitude zero point for both sets.", DefaultValueFactory = _ => 0.0 };
        var command = new Command("evaluate", "Compare generated galaxies with real ones and write metrics.json and report.html.")
        {
            real, generated, output, seed, baselineSplits, gain, zeroPoint,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(baselineSplits) is var k && k < 1) throw new BadInputException($"--baseline-splits {k}: expected at least 1 split");
            var g = parse.GetValue(gain);
            if (g is { } gv && !(gv > 0 && double.IsFinite(gv))) throw new BadInputException($"--gain {gv}: must be a positive number of electrons per image unit");
            var zp = parse.GetValue(zeroPoint);
            var outDir = parse.GetValue(output)!;
            if (File.Exists(outDir)) throw new BadInputException($"--out {outDir}: is a file, expected a folder");
            var realSet = ReadSet(parse.GetValue(real)!, "--real", "real");
            var genSet = ReadSet(parse.GetValue(generated)!, "--generated", "generated");
            if (realSet.Galaxies.Count < 2)
                throw new BadInputException($"--real {parse.GetValue(real)}: {realSet.Galaxies.Count} galaxy; at least 2 are needed to split the real set for the baseline");
            if (!realSet.BandNames.SequenceEqual(genSet.BandNames))
                throw new BadInputException($"--generated {parse.GetValue(generated)}: bands [{string.Join(", ", genSet.BandNames)}] differ from the real set's [{string.Join(", ", realSet.BandNames)}]");
            var options = new FidelityOptions { Seed = parse.GetValue(seed), BaselineSplits = parse.GetValue(baselineSplits), Measurement = new MeasurementOptions { Gain = g, ZeroPoint = zp } };
            var result = FidelityEvaluator.Evaluate(realSet, genSet, options);
            FidelityReport.Write(result, outDir);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"measured {realSet.Galaxies.Count} real and {genSet.Galaxies.Count} generated galaxies in {realSet.BandNames.Count} band(s); baseline: mean of {options.BaselineSplits} half split(s), seed {options.Seed}");
            foreach (var f in result.Frechet)
                o.WriteLine(FormattableString.Invariant($"frechet {f.Band}: {f.Distance:0.####} (baseline {f.Baseline:0.####}, ratio {f.Ratio:0.##})"));
            var worst = result.Statistics.Where(s => double.IsFinite(s.WassersteinRatio)).OrderByDescending(s => s.WassersteinRatio).Take(3);
            foreach (var s in worst)
                o.WriteLine(FormattableString.Invariant($"largest W1/baseline: {s.Statistic} ({s.Band}) {s.WassersteinRatio:0.##}"));
            o.WriteLine($"wrote {Path.Combine(outDir, "metrics.json")} and {Path.Combine(outDir, "report.html")}");
            return 0;
        });
        return command;
    }

    /// <summary>A dataset (folder or dataset.fits) or a galaxy-cube FITS file.</summary>
    internal static GalaxySet ReadSet(string path, string option, string name)
    {
        if (IsDataset(path))
            return DatasetGalaxies.ToGalaxySet(GalaxyDataset.Read(path), $"{name}: {Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path)))}");
        return GalaxyCubeFile.Read(path, option, name);
    }

    /// <summary>True for a dataset folder or the dataset.fits inside one.</summary>
    internal static bool IsDataset(string path) =>
        Directory.Exists(path) || string.Equals(Path.GetFileName(path), GalaxyDataset.FitsName, StringComparison.Ordinal);

    /// <summary>Reads the galaxy-cube FITS layout described on <see cref="EvaluateCommand"/>.</summary>
    internal static class GalaxyCubeFile
    {
        public static GalaxySet Read(string path, string option, string name)
        {
            if (!File.Exists(path)) throw new BadInputException($"{option} {path}: no such file (expected a galaxy-cube FITS file)");
            using var reader = FitsReader.Open(path);
            var bands = new List<(string Name, FitsImage Cube)>();
            FitsTable? parameters = null;
            foreach (var hdu in reader.Hdus)
            {
                if (hdu.Kind == FitsHduKind.Image)
                {
                    int naxis = (int)hdu.Header.GetDouble("NAXIS", 0);
                    if (naxis == 0) continue;
                    if (naxis != 3)
                        throw new BadInputException($"{option} {path}: HDU {hdu.Index} has NAXIS = {naxis}, expected 3 (a W x H x N cube of galaxies)");
                    var cube = reader.ReadImage(hdu.Index);
                    string band = hdu.Header.GetString("EXTNAME") is { Length: > 0 } e && e != "PRIMARY" ? e : $"band{bands.Count}";
                    bands.Add((band, cube));
                }
                else if (hdu.Name.Equals("PARAMS", StringComparison.OrdinalIgnoreCase)) parameters = reader.ReadTable(hdu.Index);
            }
            if (bands.Count == 0) throw new BadInputException($"{option} {path}: no image cube HDU (expected one W x H x N cube per band)");
            int n = bands[0].Cube.Axes[2];
            foreach (var (band, cube) in bands)
                if (cube.Axes[2] != n || cube.Width != bands[0].Cube.Width || cube.Height != bands[0].Cube.Height)
                    throw new BadInputException($"{option} {path}: band {band} is {cube.Width}x{cube.Height}x{cube.Axes[2]}, expected {bands[0].Cube.Width}x{bands[0].Cube.Height}x{n} like band {bands[0].Name}");
            if (parameters is not null && parameters.RowCount != n)
                throw new BadInputException($"{option} {path}: PARAMS has {parameters.RowCount} rows, expected {n} (one per galaxy)");
            var columns = new List<(string Name, double[] Values)>();
            if (parameters is not null)
                foreach (var c in parameters.Columns)
                    if (c.Type is 'D' or 'E' or 'J' or 'K' or 'I' or 'B' && c.Repeat == 1)
                        columns.Add((c.Name.Trim().ToLowerInvariant(), parameters.GetDoubles(c.Name)));
            var galaxies = new List<GalaxySample>(n);
            for (int i = 0; i < n; i++)
            {
                var images = new List<Image>(bands.Count);
                foreach (var (_, cube) in bands)
                    images.Add(cube.ToImage(i, FitsFile.PixelScale(cube.Header)));
                var p = new Dictionary<string, double>();
                foreach (var (col, values) in columns) p[col] = values[i];
                galaxies.Add(new GalaxySample(images, p));
            }
            return new GalaxySet(string.Create(CultureInfo.InvariantCulture, $"{name}: {Path.GetFileName(path)}"), bands.Select(b => b.Name).ToList(), galaxies);
        }
    }
}
