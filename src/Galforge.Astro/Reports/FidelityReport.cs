using System.Globalization;
using System.Net;
using System.Text;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;

namespace Galforge.Astro.Reports;

/// <summary>
/// Writes <c>metrics.json</c> and a self-contained <c>report.html</c> (inline CSS and SVG,
/// images as embedded PNG data; nothing is fetched from the network) for a
/// <see cref="FidelityResult"/>. Both files are written to temporary names and renamed, so a
/// failure leaves no partial output.
/// </summary>
public static class FidelityReport
{
    /// <summary>Most galaxies shown per set in the image grids.</summary>
    public const int GridCount = 8;

    /// <summary>Writes both files into <paramref name="outDir"/> (created if missing).</summary>
    public static void Write(FidelityResult result, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var json = MetricsJson.Build(result);
        var html = Encoding.UTF8.GetBytes(BuildHtml(result));
        WriteAtomically(Path.Combine(outDir, "metrics.json"), json);
        WriteAtomically(Path.Combine(outDir, "report.html"), html);
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var tmp = path + $".tmp-{Environment.ProcessId}";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    private static string F(double v, string format = "0.####") =>
        double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>The report as one HTML string.</summary>
    public static string BuildHtml(FidelityResult r)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Galforge fidelity report</title><style>")
          .Append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1500px}h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}")
          .Append("table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:3px 7px;text-align:right}th{background:#f3f3f3}td.l{text-align:left}")
          .Append(".good{background:#e3f4e3}.warn{background:#fff3d6}.bad{background:#fbe0e0}.plots{display:flex;flex-wrap:wrap;gap:8px}")
          .Append(".grid img{image-rendering:pixelated;border:1px solid #999}.note{color:#555;font-size:12px}")
          .Append("</style></head><body>");
        sb.Append("<h1>Galforge fidelity report</h1>");
        sb.Append($"<p>Real: <b>{E(r.Real.Name)}</b> ({r.Real.Galaxies.Count} galaxies), generated: <b>{E(r.Generated.Name)}</b> ({r.Generated.Galaxies.Count} galaxies), bands: {E(string.Join(", ", r.Real.BandNames))}. ");
        var splits = r.Statistics.Concat(r.Colours).Select(x => x.BaselineSplits).DefaultIfEmpty(1).Max();
        sb.Append($"Baseline: the real set split in two halves, the distance averaged over {splits} random split(s) (seed {r.Seed}); a ratio near 1 means the generated galaxies are as close to the real ones as real galaxies are to each other. ")
          .Append("The column \"one split\" gives the ratio a single split would have given at the 16th and 84th percentiles of the splits: how much the luck of one split could move it.</p>");
        sb.Append("<p class=\"note\">Distances: 1-Wasserstein (units of the statistic) and two-sample KS statistic. Galaxies with statmorph flag &ge; 2 are left out. Ratio colours: green &lt; 2, yellow &lt; 5, red otherwise.</p>");
        FlagSummary(sb, r);

        sb.Append("<h2>Statistics per band</h2><table><tr><th>statistic</th><th>band</th><th>n real</th><th>n gen</th><th>mean real</th><th>mean gen</th><th>W1</th><th>W1 baseline</th><th>W1 ratio</th><th>one split</th><th>KS</th><th>KS baseline</th><th>KS ratio</th></tr>");
        foreach (var s in r.Statistics.Concat(r.Colours)) Row(sb, s);
        sb.Append("</table>");

        sb.Append("<h2>Frechet distance of morphology vectors</h2><table><tr><th>band</th><th>distance</th><th>baseline</th><th>ratio</th><th class=\"l\">features</th></tr>");
        foreach (var f in r.Frechet)
            sb.Append($"<tr><td class=\"l\">{E(f.Band)}</td><td>{F(f.Distance)}</td><td>{F(f.Baseline)}</td><td class=\"{Grade(f.Ratio)}\">{F(f.Ratio, "0.##")}</td><td class=\"l\">{E(string.Join(", ", f.Features))}</td></tr>");
        sb.Append("</table>");

        sb.Append("<h2>Distributions</h2><div class=\"plots\">");
        foreach (var s in r.Statistics.Concat(r.Colours))
            sb.Append(SvgPlot.Histogram(s.Band.Length > 0 ? $"{s.Statistic} ({s.Band})" : $"colour {s.Statistic}", s.Statistic, s.Real, s.Generated));
        sb.Append("</div>");

        sb.Append("<h2>Morphology planes, ellipticity and size</h2><div class=\"plots\">");
        for (int b = 0; b < r.Real.BandNames.Count; b++)
        {
            string band = r.Real.BandNames[b];
            sb.Append(SvgPlot.Scatter($"Gini-M20 ({band})", "M20", "Gini", Pairs(r.RealMeasurements, b, "m20", "gini"), Pairs(r.GeneratedMeasurements, b, "m20", "gini")));
            sb.Append(SvgPlot.Scatter($"C-A ({band})", "asymmetry A", "concentration C", Pairs(r.RealMeasurements, b, "asymmetry", "concentration"), Pairs(r.GeneratedMeasurements, b, "asymmetry", "concentration")));
            sb.Append(SvgPlot.Scatter($"e1-e2 ({band})", "hsm_e1", "hsm_e2", Pairs(r.RealMeasurements, b, "hsm_e1", "hsm_e2"), Pairs(r.GeneratedMeasurements, b, "hsm_e1", "hsm_e2")));
            sb.Append(SvgPlot.Scatter($"size-magnitude ({band})", "mag", "log10 rhalf_circ [px]", LogY(Pairs(r.RealMeasurements, b, "mag", "rhalf_circ")), LogY(Pairs(r.GeneratedMeasurements, b, "mag", "rhalf_circ"))));
        }
        sb.Append("</div>");

        if (r.Conditional.Count > 0)
        {
            sb.Append("<h2>Conditional control (requested vs measured)</h2><table><tr><th>parameter</th><th>measured</th><th>band</th><th>n</th><th>bias</th><th>scatter</th><th>Pearson r</th></tr>");
            foreach (var c in r.Conditional)
                sb.Append($"<tr><td class=\"l\">{E(c.Parameter)}</td><td class=\"l\">{E(c.MeasuredKey)}</td><td class=\"l\">{E(c.Band)}</td><td>{c.Requested.Length}</td><td>{F(c.Bias)}</td><td>{F(c.Scatter)}</td><td>{F(c.Pearson)}</td></tr>");
            sb.Append("</table><div class=\"plots\">");
            foreach (var c in r.Conditional)
                sb.Append(SvgPlot.Scatter($"{c.Parameter}: requested vs measured", $"requested {c.Parameter}", $"measured {c.MeasuredKey}",
                    [], c.Requested.Zip(c.Measured).ToList(), identityLine: true, realName: "", generatedName: "generated"));
            sb.Append("</div>");
        }

        sb.Append("<h2>Power spectra</h2><div class=\"plots\">");
        foreach (var p in r.PowerSpectra)
            sb.Append(SvgPlot.LogLines($"power spectrum ({p.Band}); log-distance {F(p.LogDistance, "0.###")} vs baseline {F(p.BaselineLogDistance, "0.###")}",
                "frequency [cycles/pixel]", "P / flux^2", p.Frequency, p.Real, p.Generated));
        sb.Append("</div><p class=\"note\">2-D mean power (log scale, zero frequency at the centre; left real, right generated):</p><div class=\"grid\">");
        foreach (var p in r.PowerSpectra)
            sb.Append($"<div>{E(p.Band)}: 2-D log-distance {F(p.LogDistance2D, "0.###")} vs baseline {F(p.BaselineLogDistance2D, "0.###")}</div>")
              .Append(Spectrum2D(p));
        sb.Append("</div>");

        sb.Append("<h2>Images</h2><p class=\"note\">First ")
          .Append(GridCount).Append(" galaxies of each set; arcsinh stretch (Lupton et al. 2004), one scale per band for both sets.</p><div class=\"grid\">");
        for (int b = 0; b < r.Real.BandNames.Count; b++)
        {
            var real = r.Real.Galaxies.Take(GridCount).Select(g => g.Bands[b]).ToList();
            var gen = r.Generated.Galaxies.Take(GridCount).Select(g => g.Bands[b]).ToList();
            double scale = ColourComposite.Scale(real);
            sb.Append($"<h3>band {E(r.Real.BandNames[b])}</h3>");
            sb.Append("<div>real</div>").Append(Mosaic(real, img => (ColourComposite.Grey(img, scale), 1)));
            sb.Append("<div>generated</div>").Append(Mosaic(gen, img => (ColourComposite.Grey(img, scale), 1)));
        }
        if (r.Real.BandNames.Count >= 2)
        {
            int nb = r.Real.BandNames.Count;
            // Reddest available band as R, bluest as B, the middle one (or the mean) as G.
            Func<GalaxySample, byte[]> composite(double[] scales) => g =>
            {
                var red = Scaled(g.Bands[nb - 1], scales[nb - 1]);
                var blue = Scaled(g.Bands[0], scales[0]);
                var green = nb >= 3 ? Scaled(g.Bands[nb / 2], scales[nb / 2]) : Mean(red, blue);
                // Bands are scaled to their 99.5% pixel; a stretch of 0.1 keeps faint outskirts visible.
                return ColourComposite.Rgb(red, green, blue, 0.1);
            };
            var scales = Enumerable.Range(0, nb).Select(b => ColourComposite.Scale(r.Real.Galaxies.Take(GridCount).Select(g => g.Bands[b]))).ToArray();
            var make = composite(scales);
            sb.Append($"<h3>colour composites (R = {E(r.Real.BandNames[nb - 1])}, G = {(nb >= 3 ? E(r.Real.BandNames[nb / 2]) : "mean")}, B = {E(r.Real.BandNames[0])})</h3>");
            sb.Append("<div>real</div>").Append(MosaicRgb(r.Real.Galaxies.Take(GridCount).ToList(), make));
            sb.Append("<div>generated</div>").Append(MosaicRgb(r.Generated.Galaxies.Take(GridCount).ToList(), make));
        }
        sb.Append("</div><p class=\"note\">All numbers are in metrics.json next to this file.</p></body></html>");
        return sb.ToString();
    }

    // Real and generated 2-D spectra side by side on one log scale.
    private static string Spectrum2D(PowerSpectrumComparison p)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var v in p.Real2D.Concat(p.Generated2D))
            if (v > 0) { double l = Math.Log10(v); lo = Math.Min(lo, l); hi = Math.Max(hi, l); }
        if (!(hi > lo)) return "<p class=\"note\">no power</p>";
        lo = Math.Max(lo, hi - 6); // six decades are plenty
        byte[] Render(double[] s)
        {
            var px = new byte[s.Length];
            for (int y = 0; y < p.Height; y++)
                for (int x = 0; x < p.Width; x++)
                {
                    double v = s[y * p.Width + x];
                    double t = v > 0 ? (Math.Log10(v) - lo) / (hi - lo) : 0;
                    px[(p.Height - 1 - y) * p.Width + x] = (byte)Math.Clamp((int)Math.Round(255 * t), 0, 255);
                }
            return px;
        }
        return MosaicCore([(p.Width, p.Height, Render(p.Real2D)), (p.Width, p.Height, Render(p.Generated2D))], 1);
    }

    private static void FlagSummary(StringBuilder sb, FidelityResult r)
    {
        sb.Append("<table><tr><th>set</th>");
        foreach (var b in r.Real.BandNames) sb.Append($"<th>flagged bad ({E(b)})</th>");
        sb.Append("</tr>");
        foreach (var (name, ms) in new[] { ("real", r.RealMeasurements), ("generated", r.GeneratedMeasurements) })
        {
            sb.Append($"<tr><td class=\"l\">{name}</td>");
            for (int b = 0; b < r.Real.BandNames.Count; b++) sb.Append($"<td>{ms.Count(m => m.Bands[b].Flag >= 2)} / {ms.Count}</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table>");
    }

    private static void Row(StringBuilder sb, StatisticComparison s)
    {
        string Mean(double[] v) => v.Length > 0 ? F(v.Average()) : "n/a";
        sb.Append($"<tr><td class=\"l\">{E(s.Statistic)}</td><td class=\"l\">{E(s.Band)}</td><td>{s.Real.Length}</td><td>{s.Generated.Length}</td><td>{Mean(s.Real)}</td><td>{Mean(s.Generated)}</td>")
          .Append($"<td>{F(s.Wasserstein)}</td><td>{F(s.BaselineWasserstein)}</td><td class=\"{Grade(s.WassersteinRatio)}\">{F(s.WassersteinRatio, "0.##")}</td><td>{F(s.WassersteinRatioSplitRange.Low, "0.##")}&ndash;{F(s.WassersteinRatioSplitRange.High, "0.##")}</td>")
          .Append($"<td>{F(s.KolmogorovSmirnov, "0.###")}</td><td>{F(s.BaselineKolmogorovSmirnov, "0.###")}</td><td class=\"{Grade(s.KolmogorovSmirnovRatio)}\">{F(s.KolmogorovSmirnovRatio, "0.##")}</td></tr>");
    }

    private static string Grade(double ratio) => !double.IsFinite(ratio) ? "" : ratio < 2 ? "good" : ratio < 5 ? "warn" : "bad";

    private static List<(double X, double Y)> Pairs(IReadOnlyList<MultiBandMeasurement> ms, int band, string kx, string ky)
    {
        var list = new List<(double, double)>();
        foreach (var m in ms)
        {
            var g = m.Bands[band];
            if (g.Flag >= 2) continue;
            double x = g[kx], y = g[ky];
            if (x == Morphology.Invalid || y == Morphology.Invalid) continue;
            list.Add((x, y));
        }
        return list;
    }

    private static List<(double X, double Y)> LogY(List<(double X, double Y)> p) => p.Where(q => q.Y > 0).Select(q => (q.X, Math.Log10(q.Y))).ToList();

    private static Image Scaled(Image img, double scale)
    {
        var r = new Image(img.Width, img.Height, img.PixelScale);
        for (int i = 0; i < r.Pixels.Length; i++) r.Pixels[i] = (float)(img.Pixels[i] / scale);
        return r;
    }

    private static Image Mean(Image a, Image b)
    {
        var r = new Image(a.Width, a.Height, a.PixelScale);
        for (int i = 0; i < r.Pixels.Length; i++) r.Pixels[i] = 0.5f * (a.Pixels[i] + b.Pixels[i]);
        return r;
    }

    private static string Mosaic(IReadOnlyList<Image> images, Func<Image, (byte[] Pixels, int Channels)> render)
        => MosaicCore(images.Select(i => (i.Width, i.Height, render(i).Pixels)).ToList(), 1);

    private static string MosaicRgb(IReadOnlyList<GalaxySample> galaxies, Func<GalaxySample, byte[]> render)
        => MosaicCore(galaxies.Select(g => (g.Bands[0].Width, g.Bands[0].Height, render(g))).ToList(), 3);

    // Places stamps side by side (cells of the largest stamp size, 2-pixel grey gutters) in one PNG.
    private static string MosaicCore(List<(int W, int H, byte[] Pixels)> stamps, int channels)
    {
        if (stamps.Count == 0) return "<p class=\"note\">no images</p>";
        int cw = stamps.Max(s => s.W), ch = stamps.Max(s => s.H), gap = 2;
        int width = stamps.Count * (cw + gap) + gap, height = ch + 2 * gap;
        var px = new byte[width * height * channels];
        Array.Fill(px, (byte)128);
        for (int k = 0; k < stamps.Count; k++)
        {
            var (w, h, p) = stamps[k];
            int ox = gap + k * (cw + gap) + (cw - w) / 2, oy = gap + (ch - h) / 2;
            for (int y = 0; y < h; y++)
                Array.Copy(p, y * w * channels, px, ((oy + y) * width + ox) * channels, w * channels);
        }
        var png = PngEncoder.Encode(width, height, px, channels);
        int zoom = Math.Max(1, 96 / ch);
        return $"<img alt=\"stamps\" width=\"{width * zoom}\" height=\"{height * zoom}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"/>";
    }
}
