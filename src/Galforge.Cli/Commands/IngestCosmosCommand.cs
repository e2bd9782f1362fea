using System.CommandLine;
using System.Globalization;
using Galforge.Astro.Datasets;
using Spectre.Console;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge ingest cosmos</c>: Turn a GalSim COSMOS RealGalaxyCatalog into a training dataset.</summary>
internal static class IngestCosmosCommand
{
    public static Command Create()
    {
        var catalog = new Argument<string>("CATALOG") { Description = "The RealGalaxyCatalog FITS file (its image, PSF and _fits files beside it), e.g. data/cosmos/real_galaxy_catalog_26_extension_example.fits." };
        var output = new Option<string>("--out") { Description = "Dataset folder to write (created; an existing dataset there is replaced).", Required = true };
        var options = new IngestOptions();
        var command = new Command("cosmos", "Turn a GalSim COSMOS RealGalaxyCatalog into a training dataset (re-centred, cleaned, masked stamps with PSFs and parameters).")
        {
            catalog, output,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var o = options.Read(parse);
            var path = parse.GetValue(catalog)!;
            var outDir = parse.GetValue(output)!;
            var (dataset, report) = IngestProgress.Run(parse.InvocationConfiguration.Output, "reading and cleaning galaxies",
                p => CosmosIngest.Build(path, o, p));
            dataset.Normalization = AsinhNormalization.FromNoise(dataset);
            dataset.Write(outDir);
            IngestProgress.Summarise(parse.InvocationConfiguration.Output, dataset, report, outDir);
            return 0;
        });
        return command;
    }
}

/// <summary>The dataset-building options shared by the ingest commands.</summary>
internal sealed class IngestOptions
{
    private readonly Option<int> _stamp = new("--stamp-size") { Description = "Stamp size in pixels (square).", DefaultValueFactory = _ => 64 };
    private readonly Option<double?> _scale = new("--pixel-scale") { Description = "Resample every band to this pixel scale (arcsec/pixel); default: keep the input scale." };
    private readonly Option<long> _seed = new("--seed") { Description = "Seed for the noise drawn into padded and masked pixels (recorded in the dataset).", DefaultValueFactory = _ => 1234 };
    private readonly Option<double> _threshold = new("--threshold") { Description = "Detection threshold (sigma of the smoothed signal-to-noise map).", DefaultValueFactory = _ => 2.0 };
    private readonly Option<double> _maxMasked = new("--max-masked") { Description = "Reject galaxies with more than this fraction of masked pixels.", DefaultValueFactory = _ => 0.25 };

    public void AddTo(Command command)
    {
        command.Options.Add(_stamp);
        command.Options.Add(_scale);
        command.Options.Add(_seed);
        command.Options.Add(_threshold);
        command.Options.Add(_maxMasked);
    }

    public DatasetBuildOptions Read(ParseResult parse)
    {
        var stamp = parse.GetValue(_stamp);
        if (stamp is < 8 or > 4096) throw new BadInputException($"--stamp-size {stamp}: expected 8 to 4096 pixels");
        var scale = parse.GetValue(_scale);
        if (scale is { } s && !(s > 0)) throw new BadInputException($"--pixel-scale {s}: expected a positive number of arcsec/pixel");
        var maxMasked = parse.GetValue(_maxMasked);
        if (maxMasked is < 0 or > 1) throw new BadInputException($"--max-masked {maxMasked}: expected a fraction from 0 to 1");
        var threshold = parse.GetValue(_threshold);
        if (!(threshold > 0)) throw new BadInputException($"--threshold {threshold}: expected a positive number");
        return new DatasetBuildOptions
        {
            StampSize = stamp,
            TargetPixelScale = scale ?? double.NaN,
            Seed = parse.GetValue(_seed),
            DetectionThreshold = threshold,
            MaxMaskedFraction = maxMasked,
        };
    }
}

/// <summary>Progress for long ingest work: a Spectre.Console bar on an interactive console, nothing extra when output is redirected.</summary>
internal static class IngestProgress
{
    public static T Run<T>(TextWriter output, string what, Func<IProgress<(int Done, int Total)>, T> work)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
            return work(new Progress(_ => { }));
        T result = default!;
        AnsiConsole.Progress().AutoClear(true).Start(ctx =>
        {
            var task = ctx.AddTask(what);
            result = work(new Progress(p =>
            {
                task.MaxValue = Math.Max(1, p.Total);
                task.Value = p.Done;
            }));
        });
        return result;
    }

    public static void Summarise(TextWriter output, GalaxyDataset dataset, BuildReport report, string folder)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"wrote {folder}: {dataset}");
        output.WriteLine($"galaxies: read {report.Read}, kept {report.Kept}, kept with missing bands {report.WithMissingBands}");
        output.WriteLine("rejected: " + string.Join(", ", BuildReport.Rules.Select(r => $"{r} {report.Rejected[r]}")));
        if (dataset.Normalization is { } n)
            output.WriteLine("normalisation: asinh, scale " + string.Join(", ", dataset.Bands.Select((b, i) => $"{b.Name} {n.Scales[i].ToString("G4", c)}")));
        output.WriteLine($"seed: {dataset.Provenance.Seed}");
    }

    private sealed class Progress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
