using System.Text.Json.Nodes;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Measurement;
using Galforge.Astro.Reports;
using Galforge.Astro.Simulation;
using Galforge.Models.Generation;
using Galforge.Models.Training;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge demo</c>: Generate a conditional sweep with the shipped model, measure it and write a report against held-out galaxies.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Output folder (report.html, metrics.json, FITS and PNG files).", DefaultValueFactory = _ => "demo" };
        var model = new Option<string?>("--model") { Description = $"vae-flow model run folder; default: the shipped {GeneratorLoader.DefaultModelFolder}." };
        var count = new Option<int>("--count") { Description = "Held-out galaxies simulated (new draws of the training population, never seen in training) and generated for the comparison.", DefaultValueFactory = _ => 48 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the held-out simulation and of generation.", DefaultValueFactory = _ => 9001UL };
        var updateCard = new Option<bool>("--update-card") { Description = "Write the evaluation numbers into the model's model card." };
        var command = new Command("demo", "Generate a conditional sweep over magnitude, size and ellipticity with the shipped VAE + flow model, measure it and write demo/report.html against held-out galaxies.")
        {
            output, model, count, seed, updateCard,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var clock = Stopwatch.StartNew();
            var outDir = Path.GetFullPath(parse.GetValue(output)!);
            var modelDir = parse.GetValue(model) ?? GenerateCommand.DefaultModel();
            var n = parse.GetValue(count);
            if (n < 4) throw new BadInputException($"--count {n}: need at least 4 held-out galaxies");
            var seedValue = parse.GetValue(seed);
            var loaded = GeneratorLoader.Load(modelDir);
            if (loaded is not VaeFlowGenerator gen) throw new BadInputException($"{modelDir}: the demo needs a vae-flow model, found '{loaded.Kind}'");
            writer.WriteLine($"demo: model {modelDir} ({gen.Kind}; bands {string.Join(",", gen.Bands)}; conditions {string.Join(",", gen.ConditionNames)})");
            Directory.CreateDirectory(outDir);

            // 1. Held-out galaxies: fresh draws of the CANDELS-like population from the parametric simulator.
            var heldOut = SimulateHeldOut(gen, n, seedValue, outDir);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo: simulated {n} held-out galaxies (galforge simulate, survey candels, seed {seedValue}) in {clock.Elapsed.TotalSeconds:F1} s"));

            // 2. Conditional sweep over magnitude, size and ellipticity.
            var (sweep, axes) = Sweep(gen, heldOut);
            var rows = sweep.Length / gen.ConditionNames.Count;
            var sw = gen.Generate(new GenerationRequest(rows, sweep, seedValue));
            var table = new ParameterTable(rows);
            for (var j = 0; j < gen.ConditionNames.Count; j++)
                table.Set(gen.ConditionNames[j], Enumerable.Range(0, rows).Select(i => sweep[i * gen.ConditionNames.Count + j]).ToArray());
            table.Set("seed", Enumerable.Repeat((double)seedValue, rows).ToArray());
            var cards = new Dictionary<string, string> { ["ORIGIN"] = "galforge demo", ["GFMODEL"] = gen.Kind, ["GFSEED"] = seedValue.ToString(CultureInfo.InvariantCulture) };
            GalaxyCubeFile.Write(Path.Combine(outDir, "sweep.fits"), sw.Images, rows, gen.Bands, gen.ImageSize, gen.PixelScale, table, cards);
            GenerateCommand.WritePreview(Path.Combine(outDir, "sweep.png"), sw.Images, rows, gen.Bands.Count, gen.ImageSize);
            writer.WriteLine($"demo: sweep of {rows} galaxies over {string.Join(" x ", axes)} -> sweep.fits, sweep.png");

            // 3. Generate conditioned on the held-out galaxies' parameters, observe like them, measure, compare.
            var (result, summary, observed) = HeldOutEvaluation.Run(gen, heldOut, seedValue);
            GalaxyCubeFile.Write(Path.Combine(outDir, "heldout_generated.fits"), observed, heldOut.Count, gen.Bands, gen.ImageSize, gen.PixelScale,
                heldOut.Parameters, cards);
            GenerateCommand.WritePreview(Path.Combine(outDir, "heldout_generated.png"), observed, heldOut.Count, gen.Bands.Count, gen.ImageSize);
            FidelityReport.Write(result, outDir);
            RunFiles.WriteJson(Path.Combine(outDir, "evaluation.json"), summary);
            if (parse.GetValue(updateCard)) ModelCard.UpdateEvaluation(modelDir, summary);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo: reconstruction chi2/pixel on held-out {summary["reconstruction_chi2_per_pixel"]!.GetValue<double>():F3}; mean |e| generated/held-out {summary["mean_abs_e_ratio"]?.ToJsonString() ?? "n/a"}"));
            if (summary["wasserstein_over_baseline"] is JsonObject ratios && ratios.Count > 0)
            {
                var values = ratios.Select(kv => (Name: kv.Key, Ratio: kv.Value?.GetValue<double>() ?? double.NaN)).ToArray();
                var worst = values.OrderByDescending(v => double.IsNaN(v.Ratio) ? double.PositiveInfinity : v.Ratio).First();
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"demo: Wasserstein/real-vs-real baseline <= 2 for {values.Count(v => v.Ratio <= 2)} of {values.Length} statistics (largest {worst.Name} {worst.Ratio:F2})"));
            }
            if (summary["intrinsic_control"] is JsonObject control)
                writer.WriteLine("demo: control on the generated (pre-PSF) image, Pearson r: " + string.Join(", ",
                    control.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value?["pearson_r"]?.GetValue<double>():F3}"))));
            foreach (var (k, v) in summary["pearson_requested_vs_measured"]!.AsObject()) writer.WriteLine($"demo: Pearson r {k} (observed): {v?.ToJsonString() ?? "n/a"}");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"demo: wrote {Path.Combine(outDir, "report.html")} (+ metrics.json, evaluation.json, FITS, PNG) in {clock.Elapsed.TotalSeconds:F1} s"));
            return 0;
        });
        return command;
    }

    private static GalaxyDataset SimulateHeldOut(VaeFlowGenerator gen, int n, ulong seed, string outDir)
    {
        // Intrinsic columns only when the model is conditioned on them (they cost CPU time).
        var intrinsic = gen.ConditionNames.Any(c => Astro.Measurement.IntrinsicColumn.TryParse(c, out _, out _));
        var request = new SimulationRequest { Count = n, Survey = "candels", Bands = gen.Bands.ToArray(), StampSize = gen.ImageSize, PixelScale = gen.PixelScale, Seed = seed, Intrinsic = intrinsic };
        var sim = request.Build();
        int nb = gen.Bands.Count, px = gen.ImageSize * gen.ImageSize;
        var dataset = SimulationOutput.CreateDataset(sim, n);
        var truths = new GalaxyTruth[n];
        sim.Run(n, Math.Max(1, Environment.ProcessorCount), g =>
        {
            var i = (int)g.Truth.Index;
            for (var b = 0; b < nb; b++) g.Stamps[b].AsSpan(0, px).CopyTo(dataset.Image(i, b));
            truths[i] = g.Truth;
        });
        var folder = Path.Combine(outDir, "heldout_simulated");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        SimulationOutput.Write(folder, sim, dataset, truths, $"galforge demo (held-out: simulate --n {n} --survey candels --size {gen.ImageSize} --seed {seed}{(intrinsic ? " --intrinsic" : "")})");
        return GalaxyDataset.Read(folder);
    }

    private static (double[] Conditions, string[] Axes) Sweep(VaeFlowGenerator gen, GalaxyDataset heldOut)
    {
        // Three values of each condition at the 15th, 50th and 85th percentiles of the population
        // (the held-out draws); a full grid. Not fractions of the training range: its ends are
        // single outliers (a 12.8 mag galaxy in a 20-27 mag population), where the flow has no
        // data and the decoder's output is meaningless. A model conditioned on the components
        // e1, e2 of one band is swept in |e| (their modulus) with the major axis along x
        // (e1 = |e|, e2 = 0), so each row of the grid reads as rounder -> more elongated.
        var names = gen.ConditionNames;
        var nc = names.Count;
        var table = ConditionColumns.Matrix(heldOut.Parameters, names, "held-out set");
        double Value(int row, int j) => table[row * nc + j];
        var axes = new List<(int[] Columns, double[][] Levels)>();
        var labels = new List<string>();
        var paired = new HashSet<int>();
        for (var j = 0; j < nc; j++)
        {
            if (paired.Contains(j)) continue;
            var j2 = IntrinsicColumn.TryParse(names[j], out var quantity, out var band) && quantity == "e1"
                ? names.ToList().IndexOf(IntrinsicColumn.Name("e2", band)) : -1;
            var column = new List<double>(heldOut.Count);
            for (var i = 0; i < heldOut.Count; i++)
            {
                var v = j2 < 0 ? Value(i, j) : Math.Sqrt(Value(i, j) * Value(i, j) + Value(i, j2) * Value(i, j2));
                if (double.IsFinite(v)) column.Add(v);
            }
            if (column.Count == 0) throw new BadInputException($"held-out set: condition '{names[j]}' has no finite value");
            column.Sort();
            double[] levels = [SampleQuantile.OfSorted(column, 0.15), SampleQuantile.OfSorted(column, 0.5), SampleQuantile.OfSorted(column, 0.85)];
            if (j2 < 0)
            {
                axes.Add(([j], [.. levels.Select(l => new[] { l })]));
                labels.Add(names[j]);
            }
            else
            {
                labels.Add($"|e| ({names[j]} with {names[j2]} = 0)");
                paired.Add(j2);
                axes.Add(([j, j2], [.. levels.Select(l => new[] { l, 0.0 })]));
            }
        }
        var rows = 1;
        foreach (var a in axes) rows *= a.Levels.Length;
        var m = new double[rows * nc];
        for (var r = 0; r < rows; r++)
        {
            var rem = r;
            for (var a = axes.Count - 1; a >= 0; a--)
            {
                var (columns, levels) = axes[a];
                var level = levels[rem % levels.Length];
                for (var k = 0; k < columns.Length; k++) m[r * nc + columns[k]] = level[k];
                rem /= levels.Length;
            }
        }
        return (m, [.. labels]);
    }
}
