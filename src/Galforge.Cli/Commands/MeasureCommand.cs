using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Fits;
using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Spectre.Console;

namespace Galforge.Cli.Commands;

/// <summary>
/// <c>galforge measure IMAGE.fits</c>: photometry, adaptive moments and statmorph morphology of
/// every segment of a segmentation map (or of the central galaxy found by a simple detection),
/// as a table or JSON with statmorph's key names.
/// </summary>
internal static class MeasureCommand
{
    public static Command Create()
    {
        var image = new Argument<string>("IMAGE") { Description = "FITS file with the background-subtracted image, or a Galforge dataset (folder or dataset.fits): every galaxy in every band." };
        var hdu = new Option<int?>("--hdu") { Description = "HDU of the image (default: the first image HDU)." };
        var segmap = new Option<string?>("--segmap") { Description = "Segmentation map FILE[:HDU] (labels > 0; every label is measured). Default: detect the central galaxy." };
        var mask = new Option<string?>("--mask") { Description = "Mask FILE[:HDU]: non-zero pixels are ignored." };
        var gain = new Option<double?>("--gain") { Description = "Electrons per image unit, for the Poisson noise (default: sky noise only)." };
        var zeroPoint = new Option<double>("--zero-point") { Description = "Magnitude zero point: mag = Z - 2.5 log10(flux).", DefaultValueFactory = _ => 0.0 };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("measure", "Measure photometry, shapes (adaptive moments) and morphology (statmorph definitions) of galaxy images.")
        {
            image, hdu, segmap, mask, gain, zeroPoint, json,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(image)!;
            if (EvaluateCommand.IsDataset(path))
            {
                foreach (var (name, given) in new[] { ("--hdu", parse.GetValue(hdu) is not null), ("--segmap", parse.GetValue(segmap) is not null), ("--mask", parse.GetValue(mask) is not null) })
                    if (given) throw new BadInputException($"{name} applies to a FITS image, not to the dataset {path} (datasets carry their own masks)");
                var dg = parse.GetValue(gain);
                if (dg is { } dgv && !(dgv > 0 && double.IsFinite(dgv))) throw new BadInputException($"--gain {dgv}: must be a positive number of electrons per image unit");
                MeasureDataset(parse, path, dg, parse.GetValue(zeroPoint), parse.GetValue(json));
                return 0;
            }
            if (!File.Exists(path)) throw new BadInputException($"{path}: no such file (expected a FITS image or a dataset folder)");
            var img = FitsFile.ReadImage(path, parse.GetValue(hdu));
            int[]? seg = null;
            if (parse.GetValue(segmap) is { } segSpec)
            {
                var values = ReadPlane(segSpec, img, "--segmap");
                seg = new int[values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    double v = values[i];
                    if (!double.IsFinite(v) || v < 0 || v != Math.Floor(v))
                        throw new BadInputException($"--segmap {segSpec}: pixel ({i % img.Width}, {i / img.Width}) is {v}; labels must be non-negative integers");
                    seg[i] = (int)v;
                }
            }
            bool[]? maskPx = null;
            if (parse.GetValue(mask) is { } maskSpec)
            {
                var values = ReadPlane(maskSpec, img, "--mask");
                maskPx = new bool[values.Length];
                for (int i = 0; i < values.Length; i++) maskPx[i] = values[i] != 0;
            }
            var g = parse.GetValue(gain);
            if (g is { } gv && !(gv > 0 && double.IsFinite(gv))) throw new BadInputException($"--gain {gv}: must be a positive number of electrons per image unit");
            var zp = parse.GetValue(zeroPoint);
            if (!double.IsFinite(zp)) throw new BadInputException($"--zero-point {zp}: must be a finite number");
            var options = new MeasurementOptions { Gain = g, ZeroPoint = zp };

            var results = new List<(int Label, GalaxyMeasurement M)>();
            if (seg is null) results.Add((1, GalaxyMeasurer.Measure(img, null, maskPx, options)));
            else
            {
                var labels = new SortedSet<int>();
                foreach (var l in seg) if (l > 0) labels.Add(l);
                if (labels.Count == 0)
                    throw new BadInputException($"--segmap {parse.GetValue(segmap)}: no labelled pixels (expected labels > 0)");
                foreach (var l in labels) results.Add((l, GalaxyMeasurer.Measure(img, seg, maskPx, options, l)));
            }
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            foreach (var (label, m) in results)
                foreach (var w in m.Warnings) error.WriteLine($"galforge measure: warning: {path} label {label}: {w}");
            if (parse.GetValue(json)) WriteJson(output, path, g, zp, results);
            else WriteTable(output, results);
            return 0;
        });
        return command;
    }

    // Every galaxy of a dataset, all bands (dataset masks; the bands' zero points when known).
    private static void MeasureDataset(System.CommandLine.ParseResult parse, string path, double? gain, double zeroPoint, bool json)
    {
        var set = DatasetGalaxies.ToGalaxySet(GalaxyDataset.Read(path), path);
        var zps = set.ZeroPoints ?? set.BandNames.Select(_ => zeroPoint).ToArray();
        var options = new MeasurementOptions { Gain = gain, BandZeroPoints = zps };
        var results = new MultiBandMeasurement[set.Galaxies.Count];
        Parallel.For(0, results.Length, i => results[i] = GalaxyMeasurer.MeasureBands(set.Galaxies[i].Bands, set.BandNames, options: options, bandMasks: set.Galaxies[i].Masks));
        var error = parse.InvocationConfiguration.Error;
        for (int i = 0; i < results.Length; i++)
            foreach (var b in results[i].Bands)
                foreach (var w in b.Warnings) error.WriteLine($"galforge measure: warning: {path} galaxy {i} band {b.Band}: {w}");
        var output = parse.InvocationConfiguration.Output;
        if (json)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteString("dataset", path);
                if (gain is { } g) w.WriteNumber("gain", g); else w.WriteNull("gain");
                w.WriteStartObject("zero_points");
                for (int b = 0; b < set.BandNames.Count; b++) w.WriteNumber(set.BandNames[b], zps[b]);
                w.WriteEndObject();
                w.WriteString("invalid_value", "-99 (statmorph convention)");
                w.WriteStartArray("galaxies");
                for (int i = 0; i < results.Length; i++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", i);
                    foreach (var band in results[i].Bands)
                    {
                        w.WriteStartObject(band.Band);
                        foreach (var (k, v) in band.Values)
                            if (double.IsFinite(v)) w.WriteNumber(k, v); else w.WriteNull(k);
                        w.WriteStartArray("warnings");
                        foreach (var s in band.Warnings) w.WriteStringValue(s);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteStartObject("colours");
                    foreach (var (k, v) in results[i].Colours) w.WriteNumber(k, v);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
            return;
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        string[] keys = ["flag", "mag", "snr", "rhalf_circ", "concentration", "asymmetry", "smoothness", "gini", "m20", "hsm_sigma", "hsm_e1", "hsm_e2"];
        console.Profile.Width = 40 + 11 * keys.Length;
        var table = new Table().Border(TableBorder.Simple).AddColumn("galaxy").AddColumn("band");
        foreach (var k in keys) table.AddColumn(new TableColumn(k).RightAligned());
        for (int i = 0; i < results.Length; i++)
            foreach (var band in results[i].Bands)
                table.AddRow([i.ToString(CultureInfo.InvariantCulture), Markup.Escape(band.Band), .. keys.Select(k => Format(band[k]))]);
        console.Write(table);
    }

    // FILE[:HDU], read as one 2-D plane of the image's size.
    private static double[] ReadPlane(string spec, Image like, string option)
    {
        string file = spec;
        int? hdu = null;
        int colon = spec.LastIndexOf(':');
        if (colon > 0 && int.TryParse(spec[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var h))
        {
            file = spec[..colon];
            hdu = h;
        }
        if (!File.Exists(file)) throw new BadInputException($"{option} {spec}: no such file '{file}'");
        var image = FitsFile.ReadImage(file, hdu);
        if (image.Width != like.Width || image.Height != like.Height)
            throw new BadInputException($"{option} {spec}: {image.Width}x{image.Height} pixels, expected {like.Width}x{like.Height} like the image");
        var values = new double[image.Pixels.Length];
        for (int i = 0; i < values.Length; i++) values[i] = image.Pixels[i];
        return values;
    }

    private static void WriteJson(TextWriter output, string path, double? gain, double zp, List<(int Label, GalaxyMeasurement M)> results)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            if (gain is { } g) w.WriteNumber("gain", g); else w.WriteNull("gain");
            w.WriteNumber("zero_point", zp);
            w.WriteString("invalid_value", "-99 (statmorph convention)");
            w.WriteStartArray("galaxies");
            foreach (var (label, m) in results)
            {
                w.WriteStartObject();
                w.WriteNumber("label", label);
                foreach (var (k, v) in m.Values)
                    if (double.IsFinite(v)) w.WriteNumber(k, v); else w.WriteNull(k);
                w.WriteStartArray("warnings");
                foreach (var s in m.Warnings) w.WriteStringValue(s);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }

    private static void WriteTable(TextWriter output, List<(int Label, GalaxyMeasurement M)> results)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 60 + 16 * results.Count;
        var table = new Table().Border(TableBorder.Simple).AddColumn("key");
        foreach (var (label, _) in results) table.AddColumn(new TableColumn($"label {label}").RightAligned());
        foreach (var (key, _) in results[0].M.Values)
        {
            var row = new List<string> { key };
            foreach (var (_, m) in results) row.Add(Format(m[key]));
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        console.Write(table);
    }

    private static string Format(double v) =>
        !double.IsFinite(v) ? "nan" : v == Math.Floor(v) && Math.Abs(v) < 1e6 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("G7", CultureInfo.InvariantCulture);
}
