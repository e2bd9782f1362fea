using System.Diagnostics;
using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Galforge.Models.Generation;
using static Galforge.Models.Generation.SummaryNumber;

namespace Galforge.Models.Gan;

/// <summary>
/// Issue 8's benchmark for a trained progressive GAN against held-out real galaxies (never seen in
/// training) and its training set:
/// <list type="bullet">
/// <item>one generated galaxy per held-out galaxy (a conditional model gets that galaxy's own
/// parameters or class), measured with the measurement code: Wasserstein distances per statistic
/// and colour against the real-vs-real baseline (the held-out set split in halves);</item>
/// <item>Karras' sliced Wasserstein distance per Laplacian level, generated vs one held-out half
/// and, as baseline, the other half vs it, both averaged over <see cref="SwdSplits"/> seeded half
/// splits (arcsinh units of the model);</item>
/// <item>nearest-neighbour diversity against the training images (near copies, mode collapse);</item>
/// <item>conditional control: Pearson r of requested vs measured parameters in the reference band
/// (mag, hlr, e = |e|, e1, e2 against mag, rhalf_circ, hsm_e, hsm_e1, hsm_e2; a model conditioned
/// on e1, e2 also gets |e| = hypot(e1, e2)), next to the same correlation of the held-out galaxies' truth with their own measurements
/// (what measurement noise and the PSF allow), and, for a run that observed noise, the control on
/// the generator's noise-free output (<see cref="IntrinsicControl"/>: before the noise);</item>
/// <item>class control (class-conditional models): an independent <see cref="MorphologyClassifier"/>
/// fitted on measured real training galaxies, its accuracy on the held-out galaxies (the ceiling)
/// and on the generated ones against the class each was conditioned on.</item>
/// </list>
/// Every random draw is fixed by the seed.
/// </summary>
public static class GanEvaluation
{
    /// <summary>Seeded half splits of the held-out set the sliced Wasserstein distances are averaged over.</summary>
    public const int SwdSplits = 4;

    /// <summary>Statistics whose Wasserstein/baseline ratios the summary lists (measurement keys; issue 8's list).</summary>
    public static readonly string[] ReportedStatistics = ["hsm_e", "hsm_e1", "hsm_e2", "rhalf_circ", "mag", "gini", "m20", "concentration", "asymmetry"];

    /// <summary>Requested condition name -> measured key for conditional control (hlr is compared in arcsec).</summary>
    public static readonly IReadOnlyDictionary<string, string> ConditionalKeys = new Dictionary<string, string>
    {
        ["mag"] = "mag", ["hlr"] = "rhalf_circ", ["e"] = "hsm_e", ["e1"] = "hsm_e1", ["e2"] = "hsm_e2",
    };

    /// <summary>
    /// The parameters whose control is measured and their requested values (rows x names,
    /// row-major): the model's own (intrinsic conditions named by their quantity), plus e = hypot(e1, e2) when the model is conditioned on the
    /// components e1, e2 but not on |e| (the ellipticity the components ask for).
    /// </summary>
    public static (string[] Names, double[] Values) ControlledParameters(ConditionEncoding encoding, double[] requested, int rows)
    {
        // An intrinsic condition intr_QUANTITY_BAND is controlled as its quantity (mag, hlr, e, e1, e2).
        var names = encoding.Parameters.Select(p => IntrinsicColumn.TryParse(p, out var quantity, out _) ? quantity : p).ToArray();
        int width = names.Length, i1 = Array.IndexOf(names, "e1"), i2 = Array.IndexOf(names, "e2");
        if (i1 < 0 || i2 < 0 || Array.IndexOf(names, "e") >= 0) return (names, requested);
        var values = new double[rows * (width + 1)];
        for (var k = 0; k < rows; k++)
        {
            requested.AsSpan(k * width, width).CopyTo(values.AsSpan(k * (width + 1)));
            values[k * (width + 1) + width] = Math.Sqrt(requested[k * width + i1] * requested[k * width + i1] + requested[k * width + i2] * requested[k * width + i2]);
        }
        return ([.. names, "e"], values);
    }

    /// <summary>
    /// Runs the benchmark. <paramref name="referenceBand"/> is the band the conditions refer to
    /// (the simulator's mag_ref band; null: the band of intrinsic conditions intr_QUANTITY_BAND, else the last, reddest band). Returns the fidelity result
    /// (for report.html) and the summary numbers (for the model card).
    /// </summary>
    /// <param name="model">The trained generator.</param>
    /// <param name="heldOut">Real galaxies never seen in training.</param>
    /// <param name="training">The training set (diversity; the class classifier's training galaxies).</param>
    /// <param name="seed">Fixes every random draw.</param>
    /// <param name="referenceBand">Band of the conditions and of the classifier's morphology.</param>
    /// <param name="classifierGalaxies">Class-conditional models: how many training galaxies (a seeded random subset) the class classifier is fitted on.</param>
    public static (FidelityResult Result, JsonObject Summary) Run(ProgressiveGanGenerator model, GalaxyDataset heldOut, GalaxyDataset training,
        ulong seed, string? referenceBand = null, int classifierGalaxies = 2000)
    {
        var bands = heldOut.Bands.Select(b => b.Name).ToArray();
        if (!bands.SequenceEqual(model.Bands))
            throw new BadInputException($"held-out bands {string.Join(",", bands)} differ from the model's {string.Join(",", model.Bands)}");
        if (!training.Bands.Select(b => b.Name).SequenceEqual(model.Bands)) throw new BadInputException("training-set bands differ from the model's");
        if (heldOut.Height != model.ImageSize || training.Height != model.ImageSize)
            throw new BadInputException($"stamps must be {model.ImageSize} px like the model's");
        if (heldOut.Count < 4) throw new BadInputException($"held-out set has {heldOut.Count} galaxies, need at least 4");
        // One generated galaxy per held-out galaxy; a conditional model gets its truth.
        var encoding = model.Info.Condition;
        // Intrinsic conditions (intr_QUANTITY_BAND) name the band they refer to.
        referenceBand ??= (encoding is { IsClass: false } ? HeldOutEvaluation.ConditionBand(encoding.Parameters, bands) : null) ?? bands[^1];
        var refIndex = Array.IndexOf(bands, referenceBand);
        if (refIndex < 0) throw new BadInputException($"reference band '{referenceBand}' is not one of {string.Join(",", bands)}");

        var keep = new List<int>();
        double[]? raw = null;
        var width = encoding is null ? 0 : encoding.IsClass ? 1 : encoding.Parameters.Length;
        if (encoding is not null)
        {
            raw = encoding.RawValues(heldOut.Parameters, "held-out set");
            for (var i = 0; i < heldOut.Count; i++)
            {
                var ok = true;
                for (var j = 0; j < width; j++) ok &= double.IsFinite(raw[i * width + j]);
                if (ok) keep.Add(i);
            }
        }
        else
            for (var i = 0; i < heldOut.Count; i++) keep.Add(i);
        var n = keep.Count;
        if (n < 4) throw new BadInputException($"held-out set: {n} galaxies with known conditions, need at least 4");
        double[]? requested = null;
        if (raw is not null)
        {
            requested = new double[n * width];
            for (var k = 0; k < n; k++) raw.AsSpan(keep[k] * width, width).CopyTo(requested.AsSpan(k * width));
        }
        var clock = Stopwatch.StartNew();
        var request = new GenerationRequest(n, requested, seed);
        var generated = model.Generate(request);
        var generationSeconds = clock.Elapsed.TotalSeconds;

        int b = bands.Length, s = heldOut.Height, px = s * s, per = b * px;
        var realImages = new float[n * per];
        for (var k = 0; k < n; k++)
            for (var band = 0; band < b; band++) heldOut.Image(keep[k], band).CopyTo(realImages.AsSpan(k * per + band * px, px));

        // Measurement-based fidelity.
        (string[] controlNames, double[] control) = encoding is not null && !encoding.IsClass ? ControlledParameters(encoding, requested!, n) : ([], []);
        var realGalaxies = new List<GalaxySample>(n);
        var genGalaxies = new List<GalaxySample>(n);
        for (var k = 0; k < n; k++)
        {
            var p = new Dictionary<string, double>();
            for (var j = 0; j < controlNames.Length; j++) p[controlNames[j]] = control[k * controlNames.Length + j];
            var real = new Image[b];
            var fake = new Image[b];
            for (var band = 0; band < b; band++)
            {
                real[band] = new Image(s, s, realImages.AsSpan(k * per + band * px, px).ToArray(), model.PixelScale);
                fake[band] = new Image(s, s, generated.Images.AsSpan(k * per + band * px, px).ToArray(), model.PixelScale);
            }
            realGalaxies.Add(new GalaxySample(real, p));
            genGalaxies.Add(new GalaxySample(fake, p));
        }
        var zeroPoints = heldOut.Bands.Select(x => x.ZeroPoint).ToArray();
        var options = new FidelityOptions
        {
            ConditionalParameters = ConditionalKeys,
            ArcsecondParameters = new HashSet<string> { "hlr" },
            ConditionalBand = referenceBand,
            Seed = (int)(seed % int.MaxValue),
        };
        var result = FidelityEvaluator.Evaluate(new GalaxySet("held-out", bands, realGalaxies, zeroPoints),
            new GalaxySet("generated (progressive GAN)", bands, genGalaxies, zeroPoints), options);

        var summary = new JsonObject
        {
            ["heldout_galaxies"] = n,
            ["heldout_source"] = heldOut.Provenance.Source,
            ["heldout_seed"] = heldOut.Provenance.Seed,
            ["training_galaxies"] = training.Count,
            ["generation_seed"] = seed,
            ["generation_seconds"] = Round(generationSeconds),
            ["generated_per_second"] = Round(n / generationSeconds),
        };
        var ratios = new JsonObject();
        foreach (var st in result.Statistics)
            if (ReportedStatistics.Contains(st.Statistic)) ratios[$"{st.Statistic}[{st.Band}]"] = Round(st.WassersteinRatio);
        foreach (var c in result.Colours) ratios[c.Statistic] = Round(c.WassersteinRatio);
        summary["wasserstein_over_baseline"] = ratios;
        var valid = 0;
        foreach (var m in result.GeneratedMeasurements) if (m.Bands[refIndex].Flag < 2) valid++;
        var validReal = 0;
        foreach (var m in result.RealMeasurements) if (m.Bands[refIndex].Flag < 2) validReal++;
        summary["measured_fraction"] = new JsonObject { ["band"] = referenceBand, ["generated"] = Round((double)valid / n), ["heldout"] = Round((double)validReal / n) };

        // Pixel statistics in the model's arcsinh units.
        var norm = new AsinhNormalization(model.Info.AsinhScales);
        var genNorm = Normalised(generated.Images, n, b, px, norm);
        var realNorm = Normalised(realImages, n, b, px, norm);
        // Generated vs one real half, and the other half vs it, averaged over seeded half splits: with
        // one split the 16-px real-vs-real value halved between two held-out sets of 1,000 galaxies.
        var swdSeed = (int)(seed % 100000) + 1;
        var swdSplits = HalfSplitBaseline.Splits(n, swdSeed, SwdSplits);
        double[]? swdGen = null, swdBase = null;
        var splitRatios = new List<double[]>();
        for (var k = 0; k < swdSplits.Length; k++)
        {
            var (a, bHalf) = swdSplits[k];
            var realA = Gather(realNorm, a, per);
            var realB = Gather(realNorm, bHalf, per);
            var g = SlicedWasserstein.PerLevel(realA, a.Length, genNorm, n, b, s, swdSeed + k);
            var r = SlicedWasserstein.PerLevel(realA, a.Length, realB, bHalf.Length, b, s, swdSeed + k);
            swdGen ??= new double[g.Length];
            swdBase ??= new double[g.Length];
            for (var l = 0; l < g.Length; l++) { swdGen[l] += g[l] / swdSplits.Length; swdBase[l] += r[l] / swdSplits.Length; }
            splitRatios.Add([.. g.Select((v, l) => v / r[l])]);
        }
        var swd = new JsonArray();
        for (var l = 0; l < swdGen!.Length; l++)
            swd.Add(new JsonObject
            {
                ["level_px"] = s >> l, ["generated_vs_real"] = Round(swdGen[l]), ["real_vs_real"] = Round(swdBase![l]), ["ratio"] = Round(swdGen[l] / swdBase[l]),
                ["splits"] = swdSplits.Length, ["ratio_min_over_splits"] = Round(splitRatios.Min(x => x[l])), ["ratio_max_over_splits"] = Round(splitRatios.Max(x => x[l])),
            });
        summary["sliced_wasserstein_x1e3"] = swd;

        // Pixel noise dominates whole-stamp distances (every stamp is ~0.45 arcsinh units RMS from
        // every other), hiding both copies and collapse; compare the central half of each stamp,
        // binned 2x2, where the galaxy is and the noise is halved. Galaxies only a few pixels
        // across (ground-based surveys) fill little of that box, so the same check is repeated on
        // the central eighth (8x8 px of a 64 px stamp) unbinned: the galaxy's core, where a
        // memorised galaxy would differ from its original by the pixel noise alone.
        summary["diversity_rms_arcsinh"] = Diversity(genNorm, realNorm, training, norm, n, b, s, s / 2, 2);
        summary["diversity_core_rms_arcsinh"] = Diversity(genNorm, realNorm, training, norm, n, b, s, Math.Max(2, s / 8), 1);

        if (encoding is not null && !encoding.IsClass)
        {
            var pearson = new JsonObject();
            foreach (var c in result.Conditional)
            {
                var (truthReq, truthMeas) = RealPairs(result, c.Parameter, c.MeasuredKey, refIndex, control, Array.IndexOf(controlNames, c.Parameter), controlNames.Length, model.PixelScale);
                // Median-split "classes" (small/large, faint/bright, round/elongated): the bin of
                // the request against the bin of the measurement, thresholds from the held-out set.
                double reqCut = SampleQuantile.Median(truthReq), measCut = SampleQuantile.Median(truthMeas);
                pearson[c.Parameter] = new JsonObject
                {
                    ["measured"] = $"{c.MeasuredKey}[{c.Band}]",
                    ["generated"] = Round(c.Pearson),
                    ["heldout_truth_vs_measured"] = Round(ConditionalControl.Compare(truthReq, truthMeas).Pearson),
                    ["generated_bias"] = Round(c.Bias),
                    ["generated_scatter"] = Round(c.Scatter),
                    ["pairs"] = c.Requested.Length,
                    ["median_bin_accuracy_generated"] = Round(BinAccuracy(c.Requested, c.Measured, reqCut, measCut)),
                    ["median_bin_accuracy_heldout"] = Round(BinAccuracy(truthReq, truthMeas, reqCut, measCut)),
                };
            }
            summary["pearson_requested_vs_measured"] = pearson;
            if (model.Info.NoiseSigmas is not null)
            {
                // The generator of a run that observed noise makes noise-free (PSF-convolved)
                // galaxies and the noise is added after: its control on its own output, measured
                // as noise-free images are, before the noise that limits the held-out ceiling above.
                var clean = model.GenerateNoiseFree(request).Images;
                summary["noise_free_control"] = IntrinsicControl.Measure(controlNames, bands, referenceBand, clean, s, model.PixelScale, control, n, zeroPoints);
            }
        }
        if (encoding is not null && encoding.IsClass)
            summary["class_accuracy"] = ClassControl(encoding, result, requested!, training, refIndex, zeroPoints, classifierGalaxies, seed);
        return (result, summary);
    }

    // The independent classifier: fitted on measured real training galaxies (seeded subset), then
    // scored on the held-out galaxies (their truth classes: the ceiling) and on the generated ones
    // (the classes they were conditioned on, which are the held-out galaxies' classes).
    private static JsonObject ClassControl(ConditionEncoding encoding, FidelityResult result, double[] requested, GalaxyDataset training,
        int refIndex, double[] zeroPoints, int classifierGalaxies, ulong seed)
    {
        var trainClasses = encoding.RawValues(training.Parameters, "training set");
        var candidates = new List<int>();
        for (var i = 0; i < training.Count; i++) if (double.IsFinite(trainClasses[i])) candidates.Add(i);
        var order = candidates.ToArray();
        new Random((int)(seed % int.MaxValue) + 7).Shuffle(order);
        var chosen = order[..Math.Min(classifierGalaxies, order.Length)];
        var bandNames = training.Bands.Select(x => x.Name).ToArray();
        var measurement = new FidelityOptions().Measurement with { BandZeroPoints = zeroPoints };
        var trainFeatures = new double[]?[chosen.Length];
        Parallel.For(0, chosen.Length, k =>
        {
            var images = new Image[bandNames.Length];
            for (var band = 0; band < images.Length; band++)
                images[band] = new Image(training.Width, training.Height, training.Image(chosen[k], band).ToArray(), training.Bands[band].PixelScale);
            trainFeatures[k] = MorphologyClassifier.Features(GalaxyMeasurer.MeasureBands(images, bandNames, options: measurement), refIndex);
        });
        var fitFeatures = new List<double[]>();
        var fitLabels = new List<int>();
        for (var k = 0; k < chosen.Length; k++)
            if (trainFeatures[k] is { } f) { fitFeatures.Add(f); fitLabels.Add((int)trainClasses[chosen[k]]); }
        var classes = Math.Max(encoding.Classes.Length, 2);
        var node = new JsonObject
        {
            ["classifier"] = $"logistic regression on {string.Join(", ", MorphologyClassifier.Statistics)} [{bandNames[refIndex]}] and a colour",
            ["classes"] = new JsonArray([.. encoding.Classes.Select(c => JsonValue.Create(c))]),
            ["training_galaxies_measured"] = chosen.Length,
            ["training_galaxies_classified"] = fitFeatures.Count,
        };
        if (fitFeatures.Count < 2) return node;
        var classifier = MorphologyClassifier.Fit(fitFeatures, fitLabels, classes);
        var labels = new int[requested.Length];
        for (var i = 0; i < labels.Length; i++) labels[i] = (int)requested[i];
        node["training"] = Describe(classifier.Score(fitFeatures, fitLabels));
        node["heldout"] = Describe(classifier.Score(FeaturesOf(result.RealMeasurements, refIndex), labels));
        node["generated"] = Describe(classifier.Score(FeaturesOf(result.GeneratedMeasurements, refIndex), labels));
        return node;
    }

    private static double[]?[] FeaturesOf(IReadOnlyList<MultiBandMeasurement> measurements, int refIndex)
    {
        var f = new double[]?[measurements.Count];
        for (var i = 0; i < f.Length; i++) f[i] = MorphologyClassifier.Features(measurements[i], refIndex);
        return f;
    }

    private static JsonObject Describe(ClassAccuracy a) => new()
    {
        ["accuracy"] = Round(a.Accuracy),
        ["recall_per_class"] = new JsonArray([.. a.Recall.Select(Round)]),
        ["classified"] = a.Classified,
        ["total"] = a.Total,
    };

    // The held-out galaxies' own truth against their measurements: the ceiling a perfect
    // conditional generator would reach.
    private static (double[] Requested, double[] Measured) RealPairs(FidelityResult result, string parameter, string key, int band, double[] requested, int column, int width, double pixelScale)
    {
        var req = new List<double>();
        var meas = new List<double>();
        for (var g = 0; g < result.RealMeasurements.Count; g++)
        {
            var m = result.RealMeasurements[g].Bands[band];
            if (m.Flag >= 2) continue;
            var v = FidelityEvaluator.Value(m, key);
            if (v == Morphology.Invalid || !double.IsFinite(v)) continue;
            if (parameter == "hlr") v *= pixelScale;
            req.Add(requested[g * width + column]);
            meas.Add(v);
        }
        return ([.. req], [.. meas]);
    }

    private static double BinAccuracy(IReadOnlyList<double> requested, IReadOnlyList<double> measured, double requestCut, double measuredCut)
    {
        var hits = 0;
        for (var i = 0; i < requested.Count; i++) if (requested[i] > requestCut == measured[i] > measuredCut) hits++;
        return requested.Count == 0 ? double.NaN : (double)hits / requested.Count;
    }

    /// <summary>
    /// Nearest-neighbour diversity (<see cref="NearestNeighbourDiversity"/>) of the central
    /// <paramref name="box"/> x <paramref name="box"/> px of each stamp binned
    /// <paramref name="bin"/> x <paramref name="bin"/>, in arcsinh units: generated and held-out
    /// images against every training image.
    /// </summary>
    private static JsonObject Diversity(float[] genNorm, float[] realNorm, GalaxyDataset training, AsinhNormalization norm, int n, int b, int s, int box, int bin)
    {
        int px = s * s, per = b * px, side = box / bin, core = b * side * side;
        var trainCore = new float[(long)training.Count * core];
        var one = new float[per];
        for (var i = 0; i < training.Count; i++)
        {
            for (var band = 0; band < b; band++)
            {
                var dst = one.AsSpan(band * px, px);
                training.Image(i, band).CopyTo(dst);
                norm.Forward(dst, band);
            }
            CentreBinned(one, 1, b, s, box, bin).CopyTo(trainCore.AsSpan(i * core));
        }
        var d = NearestNeighbourDiversity.Evaluate(CentreBinned(genNorm, n, b, s, box, bin), trainCore, CentreBinned(realNorm, n, b, s, box, bin), core);
        return new JsonObject
        {
            ["pixels"] = bin == 1 ? $"central {box}x{box} of each stamp, all bands" : $"central {box}x{box} of each stamp, binned {bin}x{bin}, all bands",
            ["generated_to_training_median"] = Round(d.GeneratedToReal),
            ["heldout_to_training_median"] = Round(d.RealToReal),
            ["ratio"] = Round(d.GeneratedToReal / d.RealToReal),
            ["generated_to_generated_median"] = Round(d.GeneratedToGenerated),
            ["heldout_to_heldout_median"] = Round(d.HeldOutWithin),
            ["copy_threshold"] = Round(d.CopyThreshold),
            ["near_copies"] = d.NearCopies,
        };
    }

    /// <summary>
    /// The central <paramref name="box"/> x <paramref name="box"/> px of each image
    /// [n, bands, s, s] (default the central half), binned <paramref name="bin"/> x
    /// <paramref name="bin"/> (default 2x2): [n, bands, box/bin, box/bin].
    /// </summary>
    /// <exception cref="ArgumentException">The box does not fit the stamp or is not a multiple of the bin.</exception>
    public static float[] CentreBinned(ReadOnlySpan<float> images, int n, int bands, int s, int box = 0, int bin = 2)
    {
        if (box == 0) box = s / 2;
        if (bin < 1 || box < bin || box > s || box % bin != 0) throw new ArgumentException($"central box {box} px binned {bin}x{bin} in a {s} px stamp: expected a multiple of the bin, at most the stamp");
        int q = box / bin, o = (s - box) / 2;
        var scale = 1f / (bin * bin);
        var result = new float[n * bands * q * q];
        for (var i = 0; i < n; i++)
            for (var band = 0; band < bands; band++)
            {
                var src = images.Slice((i * bands + band) * s * s, s * s);
                var dst = result.AsSpan((i * bands + band) * q * q, q * q);
                for (var y = 0; y < q; y++)
                    for (var x = 0; x < q; x++)
                    {
                        int y0 = o + bin * y, x0 = o + bin * x;
                        var sum = 0f;
                        for (var dy = 0; dy < bin; dy++)
                            for (var dx = 0; dx < bin; dx++) sum += src[(y0 + dy) * s + x0 + dx];
                        dst[y * q + x] = sum * scale;
                    }
            }
        return result;
    }

    // The images of the given galaxies (each `per` values), in that order.
    private static float[] Gather(float[] images, int[] galaxies, int per)
    {
        var result = new float[galaxies.Length * per];
        for (var k = 0; k < galaxies.Length; k++) images.AsSpan(galaxies[k] * per, per).CopyTo(result.AsSpan(k * per, per));
        return result;
    }

    private static float[] Normalised(float[] images, int n, int bands, int plane, AsinhNormalization norm)
    {
        var y = (float[])images.Clone();
        for (var i = 0; i < n; i++)
            for (var band = 0; band < bands; band++) norm.Forward(y.AsSpan((i * bands + band) * plane, plane), band);
        return y;
    }
}
