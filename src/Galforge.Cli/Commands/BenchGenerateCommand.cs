using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Galforge.Engine;
using Galforge.Engine.Kernels;
using Galforge.Models.Gan;
using Galforge.Models.Generation;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge bench generate</c>: Measure generation speed (galaxies per second) of a trained model.</summary>
internal static class BenchGenerateCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"Model run folder; default: the shipped {GeneratorLoader.DefaultModelFolder}." };
        var n = new Option<int>("--n") { Description = "Galaxies per timed batch.", DefaultValueFactory = _ => 256 };
        var repeats = new Option<int>("--repeats") { Description = "Timed batches (the best and the median are reported).", DefaultValueFactory = _ => 3 };
        var command = new Command("generate", "Measure generation speed (galaxies per second) of a trained model.") { model, n, repeats };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var gen = GeneratorLoader.Load(parse.GetValue(model) ?? GenerateCommand.DefaultModel());
            var count = parse.GetValue(n);
            var reps = parse.GetValue(repeats);
            if (count < 1 || reps < 1) throw new BadInputException("--n and --repeats must be >= 1");
            // Conditions drawn uniformly inside the training range (seeded: the flow's min..max, the
            // GAN's mean +- 1 std or any class), or none for unconditional models.
            var nc = gen.ConditionNames.Count;
            double[]? cond = null;
            if (nc > 0)
            {
                var rng = new PhiloxGenerator(1);
                cond = new double[count * nc];
                for (var i = 0; i < cond.Length; i++)
                {
                    var j = i % nc;
                    var u = rng.NextUniform();
                    cond[i] = gen switch
                    {
                        VaeFlowGenerator vf => vf.ConditionMin[j] + (vf.ConditionMax[j] - vf.ConditionMin[j]) * u,
                        ProgressiveGanGenerator { Info.Condition: { IsClass: true } e } => Math.Min((int)(u * e.Classes.Length), e.Classes.Length - 1),
                        ProgressiveGanGenerator { Info.Condition: { } e } => e.Means[j] + e.Stds[j] * (2 * u - 1),
                        _ => throw new BadInputException($"bench generate: no condition range known for a {gen.Kind} model"),
                    };
                }
            }
            gen.Generate(new GenerationRequest(Math.Min(count, 8), cond?[..(Math.Min(count, 8) * nc)], 0)); // warm-up (JIT)
            var times = new double[reps];
            for (var r = 0; r < reps; r++)
            {
                var clock = Stopwatch.StartNew();
                gen.Generate(new GenerationRequest(count, cond, (ulong)r + 1));
                times[r] = clock.Elapsed.TotalSeconds;
            }
            Array.Sort(times);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench generate: {gen.Kind}, {gen.Bands.Count} bands x {gen.ImageSize}x{gen.ImageSize} px, batch {count}, {Parallelism.Threads} threads, backend {KernelProvider.Current.GetType().Name}"));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"galaxies/s: best {count / times[0]:F1}, median {count / times[reps / 2]:F1} ({reps} batches)"));
            return 0;
        });
        return command;
    }
}
