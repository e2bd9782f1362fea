using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Galforge.Astro.Simulation;
using Galforge.Engine.Backends;
using Spectre.Console;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge simulate</c>: Simulate multi-band parametric galaxies with PSF, noise and lensing shear, with a truth table.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var n = new Option<int>("--n") { Description = "Number of galaxies.", DefaultValueFactory = _ => 1000 };
        var survey = new Option<string>("--survey") { Description = "Survey file or name in surveys/ (candels, euclid-vis, lsst, cosmos): bands, PSFs, noise, zero points.", DefaultValueFactory = _ => "candels" };
        var bands = new Option<string?>("--bands") { Description = "Comma-separated band names from the survey (default: all), e.g. F606W,F814W,F125W,F160W." };
        var size = new Option<int?>("--size") { Description = "Stamp size in pixels (default: the survey's)." };
        var scale = new Option<double?>("--pixel-scale") { Description = "Pixel scale in arcsec/px (default: the survey's)." };
        var psf = new Option<string?>("--psf") { Description = "PSF for every band, overriding the survey: " + Astro.Psf.PsfSpec.Forms };
        var population = new Option<string>("--population") { Description = "candels (shipped CANDELS structural catalogue), candels:PATH, or a parameter table (.csv or .fits; columns mag, re, n, q, pa [, z, lssfr]).", DefaultValueFactory = _ => "candels" };
        var shear = new Option<string>("--shear") { Description = "Reduced shear g1,g2 applied to every galaxy.", DefaultValueFactory = _ => "0,0" };
        var kappa = new Option<double>("--kappa") { Description = "Convergence applied to every galaxy." };
        var seed = new Option<ulong>("--seed") { Description = "Seed: with a galaxy's index it fixes every draw (any thread count gives the same output).", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: GALFORGE_THREADS or all cores)." };
        var noNoise = new Option<bool>("--no-noise") { Description = "Write noise-free stamps." };
        var intrinsic = new Option<bool>("--intrinsic") { Description = "Also measure each galaxy's noise-free stamp before the PSF in every band: columns intr_mag_B, intr_hlr_B, intr_e1_B, intr_e2_B, intr_e_B (conditions for the VAE + flow; about 2.4x the CPU time)." };
        var output = new Option<string>("--out") { Description = "New (or empty) output folder.", Required = true };
        var command = new Command("simulate", "Simulate multi-band parametric galaxies (CANDELS population, bulge + disk + clumps + arms with colours) with PSF, noise and lensing shear, with a truth table.")
        {
            n, survey, bands, size, scale, psf, population, shear, kappa, seed, threads, noNoise, intrinsic, output,
        };
        command.SetAction(parse =>
        {
            var outDir = parse.GetValue(output)!;
            var request = new SimulationRequest
            {
                Count = parse.GetValue(n),
                Survey = parse.GetValue(survey)!,
                Bands = ParseList(parse.GetValue(bands)),
                StampSize = parse.GetValue(size),
                PixelScale = parse.GetValue(scale),
                Psf = parse.GetValue(psf),
                Population = parse.GetValue(population)!,
                G1 = ParseShear(parse.GetValue(shear)!).G1,
                G2 = ParseShear(parse.GetValue(shear)!).G2,
                Kappa = parse.GetValue(kappa),
                Seed = parse.GetValue(seed),
                Noise = !parse.GetValue(noNoise),
                Intrinsic = parse.GetValue(intrinsic),
            };
            int threadCount = parse.GetValue(threads) ?? BackendSelection.ThreadCount;
            if (threadCount < 1) throw new BadInputException($"--threads {threadCount}: must be at least 1");
            SimulationOutput.CheckTarget(outDir);
            var simulator = request.Build();
            var writer = parse.InvocationConfiguration.Output;
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
            var s = simulator.Settings;
            int count = request.Count, nb = s.Bands.Count;
            var dataset = SimulationOutput.CreateDataset(simulator, count);
            var truths = new GalaxyTruth[count];
            var clock = Stopwatch.StartNew();
            console.Progress().AutoClear(false).Start(ctx =>
            {
                var task = ctx.AddTask($"simulating {count} galaxies x {nb} bands", maxValue: count);
                simulator.Run(count, threadCount, g =>
                {
                    int i = (int)g.Truth.Index;
                    for (int b = 0; b < nb; b++) g.Stamps[b].CopyTo(dataset.Image(i, b));
                    truths[i] = g.Truth;
                }, done => { if (done % 64 == 0 || done == count) task.Value = done; });
            });
            double seconds = clock.Elapsed.TotalSeconds;
            SimulationOutput.Write(outDir, simulator, dataset, truths, "galforge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulated {count} galaxies x {nb} bands ({string.Join(",", s.Bands.Select(b => b.Name))}) of {s.StampSize}x{s.StampSize} px at {s.PixelScale}\"/px in {seconds:F1} s ({count / seconds:F0} galaxies/s, {threadCount} threads); seed {s.Seed}; wrote {outDir}"));
            return 0;
        });
        return command;
    }

    internal static IReadOnlyList<string>? ParseList(string? text) =>
        text is null ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static (double G1, double G2) ParseShear(string text)
    {
        var parts = text.Split(',');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var g1)
            || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var g2))
            throw new BadInputException($"--shear '{text}': expected two numbers g1,g2 with |g| < 1");
        return (g1, g2);
    }
}
