using System.CommandLine;
using System.Globalization;
using Galforge.Engine.Backends;
using Galforge.Engine.Kernels;
using Galforge.Models.Reference;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge bench engine</c>: Time the four reference workloads (VAE step, WGAN-GP step, GAN generation, VAE decoding); one JSON line each.</summary>
internal static class BenchEngineCommand
{
    public static Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Worker threads for our kernels and oneDNN's OpenMP (default: GALFORGE_THREADS, else all cores).", DefaultValueFactory = _ => 0 };
        var workload = new Option<string?>("--workload") { Description = $"Run one workload (or a comma list): {string.Join(", ", EngineBenchmark.Workloads)}." };
        var json = new Option<bool>("--json") { Description = "One JSON line per workload (the format of tools/bench/torch_ref.py --json)." };
        var repeats = new Option<int>("--repeats") { Description = "Timed calls per workload after two warm-up calls.", DefaultValueFactory = _ => 6 };
        var batch = new Option<int>("--batch") { Description = "Images per training step (inference workloads use 256).", DefaultValueFactory = _ => 32 };
        var command = new Command("engine", "Time the four reference workloads (VAE step, WGAN-GP step, GAN generation, VAE decoding); one JSON line each.")
        {
            threads, workload, json, repeats, batch,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var t = parse.GetValue(threads);
            if (t < 0) throw new BadInputException($"--threads {t}: expected a positive thread count");
            if (parse.GetValue(repeats) < 1) throw new BadInputException($"--repeats {parse.GetValue(repeats)}: expected at least 1");
            if (parse.GetValue(batch) < 1) throw new BadInputException($"--batch {parse.GetValue(batch)}: expected at least 1");
            if (t > 0)
            {
                // Our Parallel.For kernels read Parallelism.Threads; oneDNN's OpenMP thread count
                // follows BackendSelection.ThreadCount, which reads GALFORGE_THREADS on each use.
                Environment.SetEnvironmentVariable("GALFORGE_THREADS", t.ToString(CultureInfo.InvariantCulture));
                Parallelism.Threads = t;
            }
            var names = parse.GetValue(workload) is { Length: > 0 } w
                ? w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : [.. EngineBenchmark.Workloads];
            foreach (var n in names)
                if (!EngineBenchmark.Workloads.Contains(n))
                    throw new BadInputException($"--workload '{n}' is not a workload: expected one of {string.Join(", ", EngineBenchmark.Workloads)}");
            var threadCount = BackendSelection.ThreadCount;
            if (!parse.GetValue(json))
                output.WriteLine($"backend {KernelProvider.Current.Kind.ToString().ToLowerInvariant()}, {threadCount} thread(s), seed 0");
            foreach (var n in names)
            {
                var r = EngineBenchmark.Run(n, parse.GetValue(batch), parse.GetValue(repeats));
                output.WriteLine(parse.GetValue(json)
                    ? string.Create(CultureInfo.InvariantCulture, $"{{\"workload\": \"{r.Workload}\", \"images_per_s\": {r.ImagesPerSecond:0.###}, \"threads\": {threadCount}, \"batch\": {r.Batch}, \"allocated_mib_per_call\": {r.AllocatedMiBPerCall:0.#}}}")
                    : string.Create(CultureInfo.InvariantCulture, $"{r.Workload}: {r.ImagesPerSecond:0.0} images/s (threads {threadCount}, batch {r.Batch}), {r.AllocatedMiBPerCall:0.#} MiB allocated per call"));
                output.Flush();
            }
            return 0;
        });
        return command;
    }
}
