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
            // A model with a decoder texture is also timed without it, batches interleaved, so the
            // texture's cost is a ratio measured side by side.
            bool[] variants = gen is VaeFlowGenerator { Texture: not null } ? [true, false] : [true];
            gen.Generate(new GenerationRequest(Math.Min(count, 8), cond?[..(Math.Min(count, 8) * nc)], 0)); // warm-up (JIT)
            var times = variants.Select(_ => new double[reps]).ToArray();
            for (var r = 0; r < reps; r++)
                for (var v = 0; v < variants.Length; v++)
                {
                    var clock = Stopwatch.StartNew();
                    gen.Generate(new GenerationRequest(count, cond, (ulong)r + 1, WithTexture: variants[v]));
                    times[v][r] = clock.Elapsed.TotalSeconds;
                }
            foreach (var t in times) Array.Sort(t);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"bench generate: {gen.Kind}, {gen.Bands.Count} bands x {gen.ImageSize}x{gen.ImageSize} px, batch {count}, {Parallelism.Threads} threads, backend {KernelProvider.Current.GetType().Name}"));
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"galaxies/s: best {count / times[0][0]:F1}, median {count / times[0][reps / 2]:F1} ({reps} batches)"));
            if (variants.Length > 1)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"without the decoder texture (--no-texture), interleaved: best {count / times[1][0]:F1}, median {count / times[1][reps / 2]:F1}"));
            return 0;
        });
        return command;
    }
}
