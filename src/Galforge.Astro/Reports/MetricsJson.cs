using System.Text.Json;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Measurement;

namespace Galforge.Astro.Reports;

/// <summary>
/// Writes every number of a <see cref="FidelityResult"/> as JSON: set summaries, the seed,
/// per-statistic distances with baselines and ratios, colours, Frechet distances, power
/// spectra, conditional control and every per-galaxy measurement. Non-finite numbers are null.
/// </summary>
public static class MetricsJson
{
    /// <summary>The JSON text (indented, UTF-8).</summary>
    public static byte[] Build(FidelityResult r)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("generator", $"galforge {typeof(MetricsJson).Assembly.GetName().Version?.ToString(3)}");
            w.WriteNumber("seed", r.Seed);
            w.WriteString("seed_use", "split of the real set into two halves for the real-vs-real baseline");
            Set(w, "real", r.Real, r.RealMeasurements);
            Set(w, "generated", r.Generated, r.GeneratedMeasurements);
            w.WriteStartArray("statistics");
            foreach (var s in r.Statistics) Comparison(w, s);
            w.WriteEndArray();
            w.WriteStartArray("colours");
            foreach (var s in r.Colours) Comparison(w, s);
            w.WriteEndArray();
            w.WriteStartArray("frechet");
            foreach (var f in r.Frechet)
            {
                w.WriteStartObject();
                w.WriteString("band", f.Band);
                Num(w, "distance", f.Distance); Num(w, "baseline", f.Baseline); Num(w, "ratio", f.Ratio);
                w.WriteStartArray("features");
                foreach (var k in f.Features) w.WriteStringValue(k);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("power_spectra");
            foreach (var p in r.PowerSpectra)
            {
                w.WriteStartObject();
                w.WriteString("band", p.Band);
                w.WriteString("normalisation", "|DFT|^2 / flux^2, azimuthal mean in rings of 1/N cycles/pixel");
                Num(w, "log_distance", p.LogDistance); Num(w, "baseline_log_distance", p.BaselineLogDistance);
                Num(w, "ratio", p.BaselineLogDistance > 0 ? p.LogDistance / p.BaselineLogDistance : double.NaN);
                Array(w, "frequency", p.Frequency); Array(w, "real", p.Real); Array(w, "generated", p.Generated);
                Num(w, "log_distance_2d", p.LogDistance2D); Num(w, "baseline_log_distance_2d", p.BaselineLogDistance2D);
                Num(w, "ratio_2d", p.BaselineLogDistance2D > 0 ? p.LogDistance2D / p.BaselineLogDistance2D : double.NaN);
                w.WriteNumber("width_2d", p.Width); w.WriteNumber("height_2d", p.Height);
                Array(w, "real_2d", p.Real2D); Array(w, "generated_2d", p.Generated2D);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("conditional");
            foreach (var c in r.Conditional)
            {
                w.WriteStartObject();
                w.WriteString("parameter", c.Parameter); w.WriteString("measured", c.MeasuredKey); w.WriteString("band", c.Band);
                w.WriteNumber("count", c.Requested.Length);
                Num(w, "bias", c.Bias); Num(w, "scatter", c.Scatter); Num(w, "pearson_r", c.Pearson);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return ms.ToArray();
    }

    private static void Set(Utf8JsonWriter w, string name, GalaxySet set, IReadOnlyList<MultiBandMeasurement> ms)
    {
        w.WriteStartObject(name);
        w.WriteString("name", set.Name);
        w.WriteNumber("count", set.Galaxies.Count);
        w.WriteStartArray("bands");
        foreach (var b in set.BandNames) w.WriteStringValue(b);
        w.WriteEndArray();
        w.WriteStartObject("flagged_bad");
        for (int b = 0; b < set.BandNames.Count; b++)
            w.WriteNumber(set.BandNames[b], ms.Count(m => m.Bands[b].Flag >= 2));
        w.WriteEndObject();
        w.WriteStartArray("galaxies");
        for (int g = 0; g < ms.Count; g++)
        {
            w.WriteStartObject();
            w.WriteNumber("index", g);
            foreach (var band in ms[g].Bands)
            {
                w.WriteStartObject(band.Band);
                foreach (var (k, v) in band.Values) Num(w, k, v);
                w.WriteStartArray("warnings");
                foreach (var warning in band.Warnings) w.WriteStringValue(warning);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteStartObject("colours");
            foreach (var (k, v) in ms[g].Colours) Num(w, k, v);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Comparison(Utf8JsonWriter w, StatisticComparison s)
    {
        w.WriteStartObject();
        w.WriteString("statistic", s.Statistic);
        w.WriteString("band", s.Band);
        w.WriteNumber("n_real", s.Real.Length);
        w.WriteNumber("n_generated", s.Generated.Length);
        Num(w, "real_mean", s.Real.Length > 0 ? s.Real.Average() : double.NaN);
        Num(w, "generated_mean", s.Generated.Length > 0 ? s.Generated.Average() : double.NaN);
        Num(w, "wasserstein", s.Wasserstein);
        Num(w, "baseline_wasserstein", s.BaselineWasserstein);
        w.WriteNumber("baseline_splits", s.BaselineSplits);
        Num(w, "baseline_wasserstein_p16", s.BaselineWassersteinLow);
        Num(w, "baseline_wasserstein_p84", s.BaselineWassersteinHigh);
        Num(w, "wasserstein_ratio", s.WassersteinRatio);
        var (low, high) = s.WassersteinRatioSplitRange;
        Num(w, "wasserstein_ratio_single_split_p16", low);
        Num(w, "wasserstein_ratio_single_split_p84", high);
        Num(w, "ks", s.KolmogorovSmirnov);
        Num(w, "baseline_ks", s.BaselineKolmogorovSmirnov);
        Num(w, "ks_ratio", s.KolmogorovSmirnovRatio);
        w.WriteEndObject();
    }

    private static void Num(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, v); else w.WriteNull(name);
    }

    private static void Array(Utf8JsonWriter w, string name, double[] v)
    {
        w.WriteStartArray(name);
        foreach (var x in v) if (double.IsFinite(x)) w.WriteNumberValue(x); else w.WriteNullValue();
        w.WriteEndArray();
    }
}
