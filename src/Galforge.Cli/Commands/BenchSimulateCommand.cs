using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Galforge.Astro.Simulation;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge bench simulate</c>: Stamps per second for 64x64 4-band stamps with a Moffat PSF and noise.</summary>
internal static class BenchSimulateCommand
{
    public static Command Create()
    {
        var n = new Option<int>("--n") { Description = "Galaxies per measurement.", DefaultValueFactory = _ => 2000 };
        var threads = new Option<string>("--threads") { Description = "Comma-separated thread counts to measure.", DefaultValueFactory = _ => "1,2" };
        var psf = new Option<string>("--psf") { Description = "PSF for every band.", DefaultValueFactory = _ => "moffat:fwhm=0.12,beta=3" };
        var command = new Command("simulate", "Stamps per second for 64x64 4-band stamps (CANDELS population and bands, Moffat PSF, noise, shear 0.02) at 1 and 2 threads.")
        {
            n, threads, psf,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var request = new SimulationRequest
            {
                Count = parse.GetValue(n), Survey = "candels", Bands = ["F606W", "F814W", "F125W", "F160W"], StampSize = 64,
                PixelScale = 0.06, Psf = parse.GetValue(psf), G1 = 0.02, Seed = 1,
            };
            var simulator = request.Build();
            int count = request.Count;
            using var probe = simulator.CreateRenderer();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench simulate: {count} galaxies, 4 bands x 64x64 px at 0.06\"/px, PSF {request.Psf} (FFT grid {probe.GridSize}^2 via {probe.FftBackend}), noise on, CANDELS population"));
            // Warm-up: JIT, FFT plans, kernels.
            simulator.Run(Math.Min(64, count), 1, _ => { });
            foreach (var t in SimulateCommand.ParseList(parse.GetValue(threads)) ?? [])
            {
                if (!int.TryParse(t, out int threadCount) || threadCount < 1) throw new BadInputException($"--threads '{t}': expected positive integers");
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                simulator.Run(count, threadCount, _ => { });
                double s = clock.Elapsed.TotalSeconds;
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / count;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"threads={threadCount}: {count / s:F0} galaxies/s = {4 * count / s:F0} 64x64 band-stamps/s (wall clock); 20000 galaxies would take {20000 / (count / s):F1} s; CPU time {cpu:F2} ms/galaxy"));
            }
            return 0;
        });
        return command;
    }
}
