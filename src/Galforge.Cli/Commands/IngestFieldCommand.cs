using System.CommandLine;
using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Detection;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge ingest field</c>: Detect galaxies in a multi-band FITS field and cut stamps into a training dataset.</summary>
internal static class IngestFieldCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("BAND.fits") { Description = "One FITS image per band, all on one pixel grid (plain or tile-compressed).", Arity = ArgumentArity.OneOrMore };
        var bands = new Option<string>("--bands") { Description = "Band names in the order of the files, comma-separated (e.g. u,g,r,i).", Required = true };
        var output = new Option<string>("--out") { Description = "Dataset folder to write (created; an existing dataset there is replaced).", Required = true };
        var zeroPoints = new Option<string?>("--zero-points") { Description = "AB zero points per band, comma-separated (default: unknown)." };
        var fieldScale = new Option<double?>("--field-pixel-scale") { Description = "Pixel scale of the field images (arcsec/pixel) when their headers do not give one." };
        var detect = new Option<double>("--detect-threshold") { Description = "Detection threshold on the field (sigma of the smoothed band-combined S/N image).", DefaultValueFactory = _ => 3.0 };
        var options = new IngestOptions();
        var command = new Command("field", "Detect galaxies in a multi-band FITS field (background, noise, segmentation, deblending, star/artefact flags) and cut stamps of each in every band into a training dataset.")
        {
            files, bands, output, zeroPoints, fieldScale, detect,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var o = options.Read(parse);
            var paths = parse.GetValue(files)!;
            var names = parse.GetValue(bands)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (names.Length != paths.Length)
                throw new BadInputException($"--bands gives {names.Length} names ({string.Join(",", names)}) for {paths.Length} files, expected one name per file");
            if (names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != names.Length)
                throw new BadInputException($"--bands {string.Join(",", names)}: band names must be distinct");
            double[]? zps = null;
            if (parse.GetValue(zeroPoints) is { } z)
            {
                var parts = z.Split(',', StringSplitOptions.TrimEntries);
                zps = new double[parts.Length];
                for (var i = 0; i < parts.Length; i++)
                    if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out zps[i]))
                        throw new BadInputException($"--zero-points: '{parts[i]}' is not a number");
            }
            var threshold = parse.GetValue(detect);
            if (!(threshold > 0)) throw new BadInputException($"--detect-threshold {threshold}: expected a positive number");
            var outDir = parse.GetValue(output)!;
            var writer = parse.InvocationConfiguration.Output;
            var (dataset, report, catalog) = IngestProgress.Run(writer, "reading bands, detecting, cutting stamps", p =>
            {
                var field = MultiBandField.Read(paths, names, parse.GetValue(fieldScale) ?? double.NaN, zps, new Reporter(i => p.Report((i, 3 * paths.Length))));
                return FieldIngest.Build(field, new FieldDetectionOptions { Threshold = threshold }, o, new Reporter2(q => p.Report((paths.Length + (int)(2.0 * paths.Length * q.Done / Math.Max(1, q.Total)), 3 * paths.Length))));
            });
            dataset.Normalization = AsinhNormalization.FromNoise(dataset);
            dataset.Write(outDir);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"detected {catalog.Sources.Count} sources: stars {dataset.Provenance.Counts["stars"]}, artefacts {dataset.Provenance.Counts["artefacts"]}, at the border {dataset.Provenance.Counts["edge"]}, deblended {dataset.Provenance.Counts["deblended"]}; stellar radius {catalog.StellarRadius:G3} px"));
            IngestProgress.Summarise(writer, dataset, report, outDir);
            return 0;
        });
        return command;
    }

    private sealed class Reporter(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private sealed class Reporter2(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
