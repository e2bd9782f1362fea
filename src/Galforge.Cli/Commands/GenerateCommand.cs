using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Models.Gan;
using Galforge.Models.Generation;
using Galforge.Models.Training;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge generate</c>: Generate galaxies with a trained model from requested parameters.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = $"Model run folder (galforge train flow); default: the shipped {GeneratorLoader.DefaultModelFolder}." };
        var conditions = new Option<string?>("--conditions") { Description = "Table of requested parameters (.csv with a header row, or FITS binary table): one row per galaxy, one column per model condition. A model conditioned on intr_e1_BAND, intr_e2_BAND also takes intr_e_BAND (or e) alone: each galaxy then gets a seeded random orientation (intr_pa_BAND in the truth table)." };
        var n = new Option<int?>("--n") { Description = "Number of galaxies (with --from-dataset: the first N rows of its parameter table; with an unconditional model: N draws)." };
        var fromDataset = new Option<string?>("--from-dataset") { Description = "Take the conditions from a dataset's (or simulate output's) parameter table." };
        var shear = new Option<string?>("--shear") { Description = "Reduced shear g1,g2 applied to every generated galaxy (pixel-image lensing, before any PSF)." };
        var survey = new Option<string?>("--survey") { Description = "Observe the galaxies as a survey would: euclid-vis, lsst, candels, cosmos (surveys/NAME.yaml) or a survey YAML file: its pixel scale (flux-conserving), each band's PSF, zero point (magnitudes kept) and noise (seeded)." };
        var bandMap = new Option<string?>("--band-map") { Description = "With --survey: SURVEYBAND=MODELBAND,... (e.g. VIS=F814W): the survey bands to make and the model band each comes from. Default: every survey band from the model band of nearest wavelength (within 25 %)." };
        var stampSize = new Option<int?>("--stamp-size") { Description = "With --survey: output stamp side in survey pixels (default: the survey's stamp_size)." };
        var noNoise = new Option<bool>("--no-noise") { Description = "With --survey: resample and convolve with the PSF but add no noise." };
        var noTexture = new Option<bool>("--no-texture") { Description = "VAE + flow: give the decoder's mean image, without the texture calibrated on the training residuals (clumps and other small-scale structure the latent does not carry; docs/vae-flow.md)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed: the same conditions and seed give the same galaxies (and, with --survey, the same noise).", DefaultValueFactory = _ => 1UL };
        var output = new Option<string>("--out") { Description = "Output FITS file (one W x H x N cube per band + PARAMS truth table); a PNG preview grid is written next to it.", Required = true };
        var command = new Command("generate", "Generate galaxies with a trained model from requested parameters.") { model, conditions, n, fromDataset, shear, survey, bandMap, stampSize, noNoise, noTexture, seed, output };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var err = parse.InvocationConfiguration.Error ?? Console.Error;
            var modelDir = parse.GetValue(model) ?? DefaultModel();
            var gen = GeneratorLoader.Load(modelDir);
            var outPath = parse.GetValue(output)!;
            if (!outPath.EndsWith(".fits", StringComparison.OrdinalIgnoreCase)) throw new BadInputException($"--out {outPath}: expected a .fits file name");
            var (count, cond, table) = Requests(gen, parse.GetValue(conditions), parse.GetValue(fromDataset), parse.GetValue(n), parse.GetValue(seed));
            if (cond is not null && gen is VaeFlowGenerator vf)
                foreach (var (name, value, min, max) in vf.OutOfRange(cond))
                    err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"galforge: warning: condition {name} = {value:G5} is {(value < min ? min - value : value - max):G3} outside the training range [{min:G5}, {max:G5}]; the model extrapolates"));
            var (g1, g2) = parse.GetValue(shear) is { } s ? SimulateCommand.ParseShear(s) : (0.0, 0.0);
            var seedValue = parse.GetValue(seed);
            var surveyName = parse.GetValue(survey);
            if (surveyName is null && (parse.GetValue(bandMap) is not null || parse.GetValue(stampSize) is not null || parse.GetValue(noNoise)))
                throw new BadInputException("--band-map, --stamp-size and --no-noise apply only with --survey");
            // Every check of the survey request happens before generation, so bad input writes nothing.
            var surveyObs = surveyName is null ? null
                : SurveyObservation.Create(gen, modelDir, surveyName, parse.GetValue(bandMap), parse.GetValue(stampSize), !parse.GetValue(noNoise), seedValue);
            foreach (var w in surveyObs?.Warnings ?? []) err.WriteLine($"galforge: warning: {w}");
            var clock = Stopwatch.StartNew();
            var textureApplied = gen is VaeFlowGenerator { Texture: not null } && !parse.GetValue(noTexture);
            if (parse.GetValue(noTexture) && gen is not VaeFlowGenerator)
                throw new BadInputException($"--no-texture: model {modelDir} is a {gen.Kind} model; only VAE + flow models draw a decoder texture");
            var result = gen.Generate(new GenerationRequest(count, cond, seedValue, WithTexture: !parse.GetValue(noTexture)));
            if (result.FlowRedraws is { } redrawn && redrawn.Any(v => v > 0))
                err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"galforge: note: {redrawn.Count(v => v > 0)} of {count} latents fell outside the training latents' range and were redrawn (truth column flow_redraws){(redrawn.Any(v => v > VaeFlowGenerator.MaxRedraws) ? $"; {redrawn.Count(v => v > VaeFlowGenerator.MaxRedraws)} still outside after {VaeFlowGenerator.MaxRedraws} redraws, clamped into it" : "")}"));
            var obs = new ObservationOptions(g1, g2);
            var truth = Truth(gen, result, table, obs);
            // What each generated galaxy is, measured before the shear below changes the images in place:
            // the VAE + flow's output is the galaxy before the PSF.
            if (gen is VaeFlowGenerator)
                MeasuredTruth.Add(truth, result.Images, count, gen.Bands, gen.ImageSize, gen.PixelScale, ModelPhotometry.Read(modelDir, gen.Bands, []).ZeroPoints);
            obs.Apply(result.Images, count, gen.Bands.Count, gen.ImageSize, gen.PixelScale);
            var images = surveyObs is null ? result.Images : surveyObs.Apply(result.Images, count, gen.Bands.Count);
            IReadOnlyList<string> bands = surveyObs?.BandNames ?? gen.Bands;
            var size = surveyObs?.Observer.StampSize ?? gen.ImageSize;
            var pixelScale = surveyObs?.Observer.PixelScale ?? gen.PixelScale;
            var seconds = clock.Elapsed.TotalSeconds;
            surveyObs?.AddTruth(truth);
            var cards = new Dictionary<string, string>
            {
                ["ORIGIN"] = "galforge",
                ["GFMODEL"] = gen.Kind,
                ["GFRUN"] = Path.GetFileName(Path.GetFullPath(modelDir).TrimEnd('/')),
                ["GFSEED"] = seedValue.ToString(CultureInfo.InvariantCulture),
                ["GFBANDS"] = string.Join(",", bands),
                ["GFTEXTUR"] = textureApplied ? "lognormal" : "none",
            };
            if (result.FlowRedraws is { } r) cards["GFREDRAW"] = r.Count(v => v > 0).ToString(CultureInfo.InvariantCulture);
            surveyObs?.AddPrimaryCards(cards);
            // The PNG is written first to a temporary name and both files are renamed only when both succeeded.
            var png = Path.ChangeExtension(outPath, ".png");
            var pngTmp = png + ".tmp-" + Environment.ProcessId;
            try
            {
                WritePreview(pngTmp, images, count, bands.Count, size);
                GalaxyCubeFile.Write(outPath, images, count, bands, size, pixelScale, truth, cards, surveyObs?.BandCards());
                File.Move(pngTmp, png, overwrite: true);
            }
            finally
            {
                if (File.Exists(pngTmp)) File.Delete(pngTmp);
            }
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {count} galaxies x {bands.Count} bands ({string.Join(",", bands)}) of {size}x{size} px with {gen.Kind} in {seconds:F2} s ({count / Math.Max(seconds, 1e-9):F1} galaxies/s); seed {seedValue}{(obs.HasShear ? $"; shear ({g1}, {g2})" : "")}{(surveyObs is null ? "" : $"; observed as {surveyObs.Survey.Name} at {pixelScale}\"/px ({string.Join("; ", surveyObs.Observer.Describe())})")}; wrote {outPath} and {png}"));
            return 0;
        });
        return command;
    }

    internal static string DefaultModel()
    {
        // The shipped model sits next to the CLI's repository root (found from the assembly location upwards).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, GeneratorLoader.DefaultModelFolder);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new BadInputException($"--model not given and the shipped model {GeneratorLoader.DefaultModelFolder} was not found");
    }

    private static (int Count, double[]? Conditions, ParameterTable? Table) Requests(IGalaxyGenerator gen, string? tablePath, string? datasetPath, int? n, ulong seed)
    {
        var names = gen.ConditionNames;
        if (tablePath is not null && datasetPath is not null) throw new BadInputException("--conditions and --from-dataset: give one of them, not both");
        if (n is < 0) throw new BadInputException($"--n {n}: expected >= 0");
        if (tablePath is not null)
        {
            var t = ConditionTable.Read(tablePath);
            if (n is { } k && k < t.RowCount) t = t.Select(Enumerable.Range(0, k).ToArray());
            t = RandomOrientation.Complete(t, names, seed);
            t = ClassFromColumn(gen, t, tablePath);
            return (t.RowCount, names.Count == 0 ? null : Checked(ConditionColumns.Matrix(t, names, tablePath), names, tablePath), t);
        }
        if (datasetPath is not null)
        {
            var ds = GalaxyDataset.Read(datasetPath);
            var dsBands = ds.Bands.Select(b => b.Name).ToArray();
            if (!dsBands.SequenceEqual(gen.Bands))
                throw new BadInputException($"--from-dataset {datasetPath}: bands {string.Join(",", dsBands)} differ from the model's {string.Join(",", gen.Bands)}");
            var rows = Math.Min(n ?? ds.Count, ds.Count);
            var t = ClassFromColumn(gen, ds.Parameters.Select(Enumerable.Range(0, rows).ToArray()), datasetPath);
            return (rows, names.Count == 0 ? null : Checked(ConditionColumns.Matrix(t, names, datasetPath), names, datasetPath), t);
        }
        if (names.Count > 0) throw new BadInputException($"the model is conditioned on {string.Join(", ", names)}: give --conditions TABLE or --from-dataset DATASET");
        return (n ?? throw new BadInputException("--n: give the number of galaxies to generate"), null, null);
    }

    // A class-conditional GAN takes a "class" column (class index), or the column its classes were
    // made from (e.g. bulge_to_total binned at the training edges), as in training.
    private static ParameterTable ClassFromColumn(IGalaxyGenerator gen, ParameterTable t, string source)
    {
        if (gen is not ProgressiveGanGenerator { Info.Condition: { IsClass: true } encoding } || t.Has("class") || !t.Has(encoding.Column)) return t;
        var copy = t.Select([.. Enumerable.Range(0, t.RowCount)]);
        return copy.Set("class", encoding.RawValues(t, source));
    }

    private static double[] Checked(double[] m, IReadOnlyList<string> names, string source)
    {
        for (var i = 0; i < m.Length; i++)
            if (!double.IsFinite(m[i])) throw new BadInputException($"{source}: row {i / names.Count + 1}, condition '{names[i % names.Count]}' is {m[i]}, expected a finite number");
        return m;
    }

    private static ParameterTable Truth(IGalaxyGenerator gen, GeneratedGalaxies r, ParameterTable? requested, ObservationOptions obs)
    {
        var t = new ParameterTable(r.Count);
        var idx = new double[r.Count];
        var seed = new double[r.Count];
        for (var i = 0; i < r.Count; i++) { idx[i] = i; seed[i] = r.Seed; }
        t.Set("index", idx).Set("seed", seed);
        var nc = gen.ConditionNames.Count;
        for (var j = 0; j < nc; j++)
        {
            var v = new double[r.Count];
            for (var i = 0; i < r.Count; i++) v[i] = r.Conditions![i * nc + j];
            t.Set(gen.ConditionNames[j], v);
            // Also under the name galforge evaluate's conditional control uses (hlr_arcsec, mag, e ...).
            var key = HeldOutEvaluation.ObservedKey(gen.ConditionNames[j]);
            if (key != gen.ConditionNames[j] && !t.Has(key)) t.Set(key, v, key == "hlr_arcsec" ? "arcsec" : null);
        }
        // A model conditioned on the components: also the modulus, which evaluate compares with hsm_e.
        if (t.Has("e1") && t.Has("e2") && !t.Has("e")) t.Set("e", ConditionColumns.Values(t, "e", "truth table"));
        if (requested is not null)
            foreach (var name in requested.Names)
                if (!t.Has(name) && requested.IsNumeric(name)) t.Set(name, requested.Numbers(name));
        for (var k = 0; k < r.LatentSize; k++)
        {
            var v = new double[r.Count];
            for (var i = 0; i < r.Count; i++) v[i] = r.Latents[i * r.LatentSize + k];
            t.Set($"latent_{k}", v);
        }
        if (r.FlowRedraws is { } redraws) t.Set("flow_redraws", redraws.Select(v => (double)v).ToArray());
        var g1 = new double[r.Count];
        var g2 = new double[r.Count];
        Array.Fill(g1, obs.G1);
        Array.Fill(g2, obs.G2);
        return t.Set("shear_g1", g1).Set("shear_g2", g2);
    }

    internal static void WritePreview(string path, float[] images, int count, int bands, int size) =>
        SampleGrid.WriteGalaxies(path, images, count, bands, size);
}
