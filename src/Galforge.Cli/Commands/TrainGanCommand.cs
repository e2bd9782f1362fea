using System.CommandLine;
using System.Globalization;
using Galforge.Engine;
using Galforge.Models.Gan;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train gan</c>: Train the progressive GAN (WGAN-GP) on a dataset.</summary>
internal static class TrainGanCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (galforge dataset format) to train on.", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder to create (or continue with --resume).", Required = true };
        var config = new Option<string?>("--config") { Description = "JSON file overriding the default settings (see docs/progressive-gan.md)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out exactly where its checkpoint stopped." };
        var condition = new Option<string?>("--condition") { Description = "Conditional model: 'class' (one-hot class + AC-GAN head) or 'params' (default mag, hlr, e as for the flow; param_columns in --config, e.g. mag, hlr, e1, e2 as the shipped model)." };
        var seed = new Option<ulong?>("--seed") { Description = "Seed of every random draw (default 0)." };
        var steps = new Option<long>("--steps") { Description = "Stop after this many steps in this invocation (0: run the whole schedule).", DefaultValueFactory = _ => 0 };
        var logEvery = new Option<int>("--log-every") { Description = "Steps between progress lines.", DefaultValueFactory = _ => 10 };
        var command = new Command("gan", "Train the progressive GAN (WGAN-GP) on a dataset.")
        {
            data, output, config, resume, condition, seed, steps, logEvery,
        };
        command.SetAction(parse =>
        {
            var o = parse.InvocationConfiguration.Output;
            var dataPath = parse.GetValue(data)!;
            var outPath = parse.GetValue(output)!;
            var maxSteps = parse.GetValue(steps);
            var every = parse.GetValue(logEvery);
            if (maxSteps < 0) throw new BadInputException($"--steps {maxSteps}: expected 0 (no limit) or a positive count");
            if (every < 1) throw new BadInputException($"--log-every {every}: expected at least 1");
            var cond = parse.GetValue(condition);
            if (cond is not null && cond is not ("class" or "params"))
                throw new BadInputException($"--condition '{cond}': expected 'class' or 'params'");
            GanTrainingRun run;
            if (parse.GetValue(resume))
            {
                foreach (var (name, given) in new[] { ("--config", parse.GetValue(config) is not null), ("--condition", cond is not null), ("--seed", parse.GetValue(seed) is not null) })
                    if (given) throw new BadInputException($"{name} cannot be combined with --resume: the run's own settings (config.json, run.json) are used");
                run = GanTrainingRun.Resume(dataPath, outPath);
                o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resuming {outPath} at step {run.Trainer.Step} ({run.Trainer.ImagesSeen} images)"));
            }
            else
            {
                var settings = parse.GetValue(config) is { } file ? ProgressiveGanConfig.Read(file) : new ProgressiveGanConfig();
                if (cond is not null) settings.Condition = cond;
                run = GanTrainingRun.Create(dataPath, outPath, settings, parse.GetValue(seed) ?? 0);
            }
            var t = run.Trainer;
            var c = t.Config;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"progressive GAN: {run.Info.Bands.Length} band(s) {string.Join(",", run.Info.Bands)}, {c.ImageSize}x{c.ImageSize}, condition {c.Condition}, {t.Data.Count} galaxies, seed {t.Seed}, backend {Galforge.Engine.Kernels.KernelProvider.Current.Kind.ToString().ToLowerInvariant()}"));
            o.Flush();
            var total = c.TotalImages;
            GanStepResult last = default;
            run.Train(maxSteps, (r, speed) =>
            {
                last = r;
                if (r.Step % every == 0) o.WriteLine(Line(r, speed, total));
                o.Flush();
            });
            if (last.Step % every != 0 && last.Step > 0) o.WriteLine(Line(last, 0, total));
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"saved {run.CheckpointPath} at step {t.Step} ({t.ImagesSeen}/{total} images{(t.Done ? ", schedule complete" : "")})"));
            return 0;
        });
        return command;
    }

    private static string Line(GanStepResult r, double speed, long total)
    {
        const int width = 20;
        var fraction = Math.Clamp((double)r.ImagesSeen / total, 0, 1);
        var filled = (int)Math.Round(fraction * width);
        var size = 4 << r.Stage;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"step {r.Step,7} [{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,5:0.0}%  {size}x{size} alpha {r.Alpha:0.00}  D {r.CriticLoss,8:0.000}  G {r.GeneratorLoss,8:0.000}  W {r.Wasserstein,7:0.000}  GP {r.Penalty:0.0000}");
        if (r.Auxiliary != 0) line += string.Create(CultureInfo.InvariantCulture, $"  aux {r.Auxiliary:0.000}");
        if (speed > 0) line += string.Create(CultureInfo.InvariantCulture, $"  {speed:0.0} img/s");
        return line;
    }
}
