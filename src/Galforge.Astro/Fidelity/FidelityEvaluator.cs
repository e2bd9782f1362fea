using Galforge.Astro.Measurement;

namespace Galforge.Astro.Fidelity;

/// <summary>
/// Compares a generated population with a real one the way the field judges realism:
/// measure every galaxy (photometry, adaptive moments, statmorph morphology), then per
/// statistic and band the 1-Wasserstein and KS distances next to a real-vs-real baseline (the
/// real set split in halves by a seed), the Frechet distance of morphology vectors, power
/// spectra, colour distributions and, when the generated set carries requested parameters,
/// conditional control. Galaxies flagged bad (flag &gt;= 2) are left out of the statistics.
/// </summary>
public static class FidelityEvaluator
{
    /// <summary>Measures and compares the two sets.</summary>
    public static FidelityResult Evaluate(GalaxySet real, GalaxySet generated, FidelityOptions? options = null)
    {
        options ??= new FidelityOptions();
        if (real.Galaxies.Count < 2) throw new ArgumentException($"the real set needs at least 2 galaxies for a baseline, has {real.Galaxies.Count}");
        if (generated.Galaxies.Count < 1) throw new ArgumentException("the generated set is empty");
        if (!real.BandNames.SequenceEqual(generated.BandNames))
            throw new ArgumentException($"bands differ: real [{string.Join(",", real.BandNames)}] vs generated [{string.Join(",", generated.BandNames)}]");
        var realM = MeasureAll(real, options);
        var genM = MeasureAll(generated, options);

        if (options.BaselineSplits < 1) throw new BadInputException($"fidelity: BaselineSplits {options.BaselineSplits}, expected at least 1");
        var splits = HalfSplitBaseline.Splits(real.Galaxies.Count, options.Seed, options.BaselineSplits);
        var (halfA, halfB) = splits[0];

        var stats = new List<StatisticComparison>();
        for (int b = 0; b < real.BandNames.Count; b++)
            foreach (var key in options.Statistics)
                stats.Add(Compare(key, real.BandNames[b], Values(realM, b, key), Values(genM, b, key), splits));
        var colours = new List<StatisticComparison>();
        for (int c = 0; c + 1 < real.BandNames.Count; c++)
        {
            string name = $"{real.BandNames[c]}-{real.BandNames[c + 1]}";
            colours.Add(Compare(name, "", ColourValues(realM, c), ColourValues(genM, c), splits));
        }
        var frechet = new List<FrechetComparison>();
        for (int b = 0; b < real.BandNames.Count; b++)
        {
            var fr = Features(realM, b, options.FrechetFeatures);
            var fg = Features(genM, b, options.FrechetFeatures);
            var fa = Subset(fr, halfA);
            var fb = Subset(fr, halfB);
            frechet.Add(new FrechetComparison(real.BandNames[b],
                FrechetDistance.Compute(Valid(fr), Valid(fg)), FrechetDistance.Compute(Valid(fa), Valid(fb)), options.FrechetFeatures));
        }
        var spectra = new List<PowerSpectrumComparison>();
        for (int b = 0; b < real.BandNames.Count; b++)
        {
            // Spectra are averaged over stamps of the real set's first size; others are skipped.
            int w = real.Galaxies[0].Bands[b].Width, h = real.Galaxies[0].Bands[b].Height;
            var sr = Spectra(real, b, w, h);
            var sg = Spectra(generated, b, w, h);
            var (r2, r1) = Mean(sr, null, w, h);
            var (g2, g1) = Mean(sg, null, w, h);
            var (a2, a1) = Mean(sr, halfA, w, h);
            var (b2, b1) = Mean(sr, halfB, w, h);
            var freq = Enumerable.Range(0, r1.Length).Select(k => k / (double)Math.Min(w, h)).ToArray();
            spectra.Add(new PowerSpectrumComparison(real.BandNames[b], freq, r1, g1, LogDistance(r1, g1), LogDistance(a1, b1),
                w, h, r2, g2, LogDistance(r2, g2), LogDistance(a2, b2)));
        }
        var conditional = Conditional(generated, genM, options);
        // The same comparison for the real galaxies when they carry the parameters: how well the
        // measurement itself recovers them (the most a generator can reach).
        var realConditional = real.Galaxies.Count > 0 && real.Galaxies[0].Parameters.Count > 0 ? Conditional(real, realM, options) : [];
        return new FidelityResult
        {
            Real = real, Generated = generated, RealMeasurements = realM, GeneratedMeasurements = genM,
            Statistics = stats, Colours = colours, Frechet = frechet, PowerSpectra = spectra, Conditional = conditional, RealConditional = realConditional,
            Seed = options.Seed, BaselineHalfA = halfA,
        };
    }

    private static List<ConditionalComparison> Conditional(GalaxySet set, IReadOnlyList<MultiBandMeasurement> ms, FidelityOptions options)
    {
        var conditional = new List<ConditionalComparison>();
        var first = set.Galaxies[0].Parameters;
        var band = 0;
        if (options.ConditionalBand is { } name)
        {
            band = set.BandNames.ToList().IndexOf(name);
            if (band < 0) throw new BadInputException($"conditional band '{name}' is not one of {string.Join(",", set.BandNames)}");
        }
        foreach (var (param, key) in options.ConditionalParameters)
        {
            if (!first.ContainsKey(param)) continue;
            var req = new List<double>();
            var meas = new List<double>();
            for (int g = 0; g < set.Galaxies.Count; g++)
            {
                var m = ms[g].Bands[band];
                if (m.Flag >= 2 || !set.Galaxies[g].Parameters.TryGetValue(param, out var r)) continue;
                double v = Value(m, key);
                if (v == Morphology.Invalid || !double.IsFinite(v) || !double.IsFinite(r)) continue;
                if (options.ArcsecondParameters.Contains(param)) v *= set.Galaxies[g].Bands[band].PixelScale;
                req.Add(r); meas.Add(v);
            }
            var (bias, scatter, pearson, _) = ConditionalControl.Compare(req, meas);
            conditional.Add(new ConditionalComparison(param, key, set.BandNames[band], [.. req], [.. meas], bias, scatter, pearson));
        }
        return conditional;
    }

    private static MultiBandMeasurement[] MeasureAll(GalaxySet set, FidelityOptions options)
    {
        var result = new MultiBandMeasurement[set.Galaxies.Count];
        var measurement = set.ZeroPoints is { } zps ? options.Measurement with { BandZeroPoints = zps } : options.Measurement;
        Parallel.For(0, result.Length, i =>
            result[i] = GalaxyMeasurer.MeasureBands(set.Galaxies[i].Bands, set.BandNames, options: measurement, bandMasks: set.Galaxies[i].Masks));
        return result;
    }

    /// <summary>A measurement value, with "hsm_e" = |e| from the adaptive moments and
    /// "axis_ratio" = 1 - ellipticity_asymmetry; <see cref="Morphology.Invalid"/> when not measured.</summary>
    public static double Value(GalaxyMeasurement m, string key)
    {
        if (key == "axis_ratio")
        {
            double e = m["ellipticity_asymmetry"];
            return e == Morphology.Invalid ? Morphology.Invalid : 1 - e;
        }
        if (key == "hsm_e")
        {
            double e1 = m["hsm_e1"], e2 = m["hsm_e2"];
            return e1 == Morphology.Invalid || e2 == Morphology.Invalid ? Morphology.Invalid : Math.Sqrt(e1 * e1 + e2 * e2);
        }
        return m[key];
    }

    // NaN marks galaxies without a valid value (flagged bad or -99).
    private static double[] Values(IReadOnlyList<MultiBandMeasurement> ms, int band, string key)
    {
        var v = new double[ms.Count];
        for (int i = 0; i < ms.Count; i++)
        {
            var m = ms[i].Bands[band];
            double x = m.Flag >= 2 ? double.NaN : Value(m, key);
            v[i] = x == Morphology.Invalid || !double.IsFinite(x) ? double.NaN : x;
        }
        return v;
    }

    private static double[] ColourValues(IReadOnlyList<MultiBandMeasurement> ms, int c)
    {
        var v = new double[ms.Count];
        for (int i = 0; i < ms.Count; i++)
        {
            bool bad = ms[i].Bands[c].Flag >= 2 || ms[i].Bands[c + 1].Flag >= 2;
            double x = ms[i].Colours[c].Value;
            v[i] = bad || x == Morphology.Invalid ? double.NaN : x;
        }
        return v;
    }

    private static StatisticComparison Compare(string key, string band, double[] real, double[] gen, (int[] A, int[] B)[] splits)
    {
        var r = Finite(real);
        var g = Finite(gen);
        var baseline = HalfSplitBaseline.Compute(real, splits);
        return new StatisticComparison
        {
            Statistic = key, Band = band, Real = r, Generated = g,
            Wasserstein = DistributionDistance.Wasserstein1(r, g),
            KolmogorovSmirnov = DistributionDistance.KolmogorovSmirnov(r, g),
            BaselineWasserstein = baseline.Wasserstein,
            BaselineWassersteinLow = baseline.WassersteinLow,
            BaselineWassersteinHigh = baseline.WassersteinHigh,
            BaselineSplits = splits.Length,
            BaselineKolmogorovSmirnov = baseline.KolmogorovSmirnov,
        };
    }

    private static double[] Finite(double[] v) => v.Where(double.IsFinite).ToArray();

    private static double[]?[] Features(IReadOnlyList<MultiBandMeasurement> ms, int band, IReadOnlyList<string> keys)
    {
        var rows = new double[]?[ms.Count];
        for (int i = 0; i < ms.Count; i++)
        {
            var m = ms[i].Bands[band];
            if (m.Flag >= 2) continue;
            var row = new double[keys.Count];
            bool ok = true;
            for (int k = 0; k < keys.Count && ok; k++)
            {
                row[k] = Value(m, keys[k]);
                ok = row[k] != Morphology.Invalid && double.IsFinite(row[k]);
            }
            if (ok) rows[i] = row;
        }
        return rows;
    }

    private static double[]?[] Subset(double[]?[] rows, int[] idx) => idx.Select(i => rows[i]).ToArray();

    private static List<double[]> Valid(double[]?[] rows) => rows.Where(r => r is not null).Select(r => r!).ToList();

    // 2-D power of every stamp of the band with the given size (null for other sizes).
    private static double[]?[] Spectra(GalaxySet set, int band, int w, int h)
    {
        var p = new double[]?[set.Galaxies.Count];
        Parallel.For(0, p.Length, i =>
        {
            var img = set.Galaxies[i].Bands[band];
            if (img.Width == w && img.Height == h) p[i] = PowerSpectrum.Power2D(img);
        });
        return p;
    }

    private static (double[] Mean2D, double[] Azimuthal) Mean(double[]?[] spectra, int[]? subset, int w, int h)
    {
        var mean = new double[w * h];
        int count = 0;
        foreach (var i in subset ?? Enumerable.Range(0, spectra.Length))
        {
            if (spectra[i] is not { } p) continue;
            for (int k = 0; k < mean.Length; k++) mean[k] += p[k];
            count++;
        }
        if (count > 0) for (int k = 0; k < mean.Length; k++) mean[k] /= count;
        return (mean, PowerSpectrum.Azimuthal(mean, w, h));
    }

    private static double LogDistance(double[] a, double[] b)
    {
        double s = 0;
        int n = 0;
        for (int k = 0; k < Math.Min(a.Length, b.Length); k++)
        {
            if (!(a[k] > 0) || !(b[k] > 0)) continue;
            s += Math.Abs(Math.Log10(b[k] / a[k]));
            n++;
        }
        return n > 0 ? s / n : double.NaN;
    }
}
