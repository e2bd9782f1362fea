using System.Globalization;
using System.Net;
using System.Text;

namespace Galforge.Astro.Reports;

/// <summary>
/// Small SVG plots written directly (no plotting package): overlaid histograms, scatter planes
/// and line plots, with axes, ticks and a legend. Real data are drawn in blue, generated in
/// orange, everywhere.
/// </summary>
public static class SvgPlot
{
    private const int W = 370, H = 260, L = 64, R = 12, T = 26, B = 40;
    /// <summary>Colour of the real population.</summary>
    public const string RealColour = "#1f77b4";
    /// <summary>Colour of the generated population.</summary>
    public const string GeneratedColour = "#ff7f0e";

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Two normalised histograms on shared bins.</summary>
    public static string Histogram(string title, string xLabel, IReadOnlyList<double> real, IReadOnlyList<double> generated, int bins = 24)
    {
        var all = real.Concat(generated).Where(double.IsFinite).ToArray();
        var sb = Begin(title);
        if (all.Length == 0) return NoData(sb);
        Array.Sort(all);
        // Robust range: 1st to 99th percentile, so one outlier does not squash the plot.
        double lo = all[(int)(0.01 * (all.Length - 1))], hi = all[(int)(0.99 * (all.Length - 1))];
        if (hi <= lo) { lo -= 0.5; hi += 0.5; }
        var hr = Counts(real, lo, hi, bins);
        var hg = Counts(generated, lo, hi, bins);
        double ymax = Math.Max(hr.Max(), hg.Max());
        if (ymax <= 0) ymax = 1;
        Axes(sb, lo, hi, 0, ymax * 1.1, xLabel, "fraction", false);
        foreach (var (h, colour) in new[] { (hr, RealColour), (hg, GeneratedColour) })
        {
            var path = new StringBuilder();
            for (int k = 0; k < bins; k++)
            {
                double x0 = X(lo + (hi - lo) * k / bins, lo, hi), x1 = X(lo + (hi - lo) * (k + 1) / bins, lo, hi), y = Y(h[k], 0, ymax * 1.1);
                path.Append(k == 0 ? $"M{F(x0)},{F(Y(0, 0, 1))} " : "").Append($"L{F(x0)},{F(y)} L{F(x1)},{F(y)} ");
            }
            path.Append($"L{F(X(hi, lo, hi))},{F(Y(0, 0, 1))}");
            sb.Append($"<path d=\"{path}\" fill=\"{colour}\" fill-opacity=\"0.25\" stroke=\"{colour}\" stroke-width=\"1.5\"/>");
        }
        Legend(sb, $"real ({real.Count})", $"generated ({generated.Count})");
        return End(sb);
    }

    /// <summary>Scatter plane of two populations; optional reference line y = x.</summary>
    public static string Scatter(string title, string xLabel, string yLabel, IReadOnlyList<(double X, double Y)> real,
        IReadOnlyList<(double X, double Y)> generated, bool identityLine = false, string realName = "real", string generatedName = "generated",
        bool invertY = false)
    {
        var pts = real.Concat(generated).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToArray();
        var sb = Begin(title);
        if (pts.Length == 0) return NoData(sb);
        var (x0, x1) = Range(pts.Select(p => p.X));
        var (y0, y1) = Range(pts.Select(p => p.Y));
        if (identityLine) { x0 = y0 = Math.Min(x0, y0); x1 = y1 = Math.Max(x1, y1); }
        if (invertY) (y0, y1) = (y1, y0);
        Axes(sb, x0, x1, y0, y1, xLabel, yLabel, false);
        if (identityLine)
            sb.Append($"<line x1=\"{F(X(x0, x0, x1))}\" y1=\"{F(Y(x0, y0, y1))}\" x2=\"{F(X(x1, x0, x1))}\" y2=\"{F(Y(x1, y0, y1))}\" stroke=\"#888\" stroke-dasharray=\"4 3\"/>");
        foreach (var (set, colour) in new[] { (real, RealColour), (generated, GeneratedColour) })
            foreach (var p in set)
            {
                if (!double.IsFinite(p.X) || !double.IsFinite(p.Y)) continue;
                sb.Append($"<circle cx=\"{F(X(p.X, x0, x1))}\" cy=\"{F(Y(p.Y, y0, y1))}\" r=\"2.2\" fill=\"{colour}\" fill-opacity=\"0.6\"/>");
            }
        Legend(sb, $"{realName} ({real.Count})", $"{generatedName} ({generated.Count})");
        return End(sb);
    }

    /// <summary>Two curves y(x) with a logarithmic y axis (power spectra).</summary>
    public static string LogLines(string title, string xLabel, string yLabel, double[] x, double[] real, double[] generated)
    {
        var sb = Begin(title);
        var ys = real.Concat(generated).Where(v => v > 0 && double.IsFinite(v)).ToArray();
        if (ys.Length == 0 || x.Length == 0) return NoData(sb);
        double y0 = Math.Log10(ys.Min()), y1 = Math.Log10(ys.Max());
        if (y1 <= y0) y1 = y0 + 1;
        double x0 = x.Min(), x1 = x.Max();
        if (x1 <= x0) x1 = x0 + 1;
        Axes(sb, x0, x1, y0, y1, xLabel, yLabel, true);
        foreach (var (v, colour) in new[] { (real, RealColour), (generated, GeneratedColour) })
        {
            var path = new StringBuilder();
            bool first = true;
            for (int k = 0; k < Math.Min(x.Length, v.Length); k++)
            {
                if (!(v[k] > 0)) continue;
                path.Append(first ? 'M' : 'L').Append($"{F(X(x[k], x0, x1))},{F(Y(Math.Log10(v[k]), y0, y1))} ");
                first = false;
            }
            sb.Append($"<path d=\"{path}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.8\"/>");
        }
        Legend(sb, "real", "generated");
        return End(sb);
    }

    private static double[] Counts(IReadOnlyList<double> v, double lo, double hi, int bins)
    {
        var c = new double[bins];
        int n = 0;
        foreach (var x in v)
        {
            if (!double.IsFinite(x)) continue;
            int k = (int)Math.Floor((x - lo) / (hi - lo) * bins);
            c[Math.Clamp(k, 0, bins - 1)]++;
            n++;
        }
        if (n > 0) for (int k = 0; k < bins; k++) c[k] /= n;
        return c;
    }

    private static (double, double) Range(IEnumerable<double> values)
    {
        var a = values.ToArray();
        Array.Sort(a);
        double lo = a[(int)(0.005 * (a.Length - 1))], hi = a[(int)(0.995 * (a.Length - 1))];
        if (hi <= lo) { lo -= 0.5; hi += 0.5; }
        double pad = 0.05 * (hi - lo);
        return (lo - pad, hi + pad);
    }

    private static double X(double v, double lo, double hi) => L + (v - lo) / (hi - lo) * (W - L - R);
    private static double Y(double v, double lo, double hi) => H - B - (v - lo) / (hi - lo) * (H - T - B);

    private static StringBuilder Begin(string title)
    {
        var sb = new StringBuilder();
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"11\">");
        sb.Append($"<rect width=\"{W}\" height=\"{H}\" fill=\"white\"/>");
        sb.Append($"<text x=\"{W / 2}\" y=\"16\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"bold\">{Esc(title)}</text>");
        return sb;
    }

    private static string End(StringBuilder sb) => sb.Append("</svg>").ToString();

    private static string NoData(StringBuilder sb)
    {
        sb.Append($"<text x=\"{W / 2}\" y=\"{H / 2}\" text-anchor=\"middle\" fill=\"#888\">no valid values</text>");
        return End(sb);
    }

    private static void Axes(StringBuilder sb, double x0, double x1, double y0, double y1, string xLabel, string yLabel, bool logY)
    {
        sb.Append($"<rect x=\"{L}\" y=\"{T}\" width=\"{W - L - R}\" height=\"{H - T - B}\" fill=\"none\" stroke=\"#333\"/>");
        for (int i = 0; i <= 4; i++)
        {
            double xv = x0 + (x1 - x0) * i / 4, px = X(xv, x0, x1);
            sb.Append($"<line x1=\"{F(px)}\" y1=\"{H - B}\" x2=\"{F(px)}\" y2=\"{H - B + 4}\" stroke=\"#333\"/>");
            sb.Append($"<text x=\"{F(px)}\" y=\"{H - B + 15}\" text-anchor=\"middle\">{Tick(xv)}</text>");
            double yv = y0 + (y1 - y0) * i / 4, py = Y(yv, y0, y1);
            sb.Append($"<line x1=\"{L - 4}\" y1=\"{F(py)}\" x2=\"{L}\" y2=\"{F(py)}\" stroke=\"#333\"/>");
            sb.Append($"<text x=\"{L - 6}\" y=\"{F(py + 3)}\" text-anchor=\"end\">{(logY ? "1e" + Tick(yv) : Tick(yv))}</text>");
        }
        sb.Append($"<text x=\"{(L + W - R) / 2}\" y=\"{H - 6}\" text-anchor=\"middle\">{Esc(xLabel)}</text>");
        sb.Append($"<text x=\"12\" y=\"{(T + H - B) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 12 {(T + H - B) / 2})\">{Esc(yLabel)}</text>");
    }

    private static string Tick(double v)
    {
        double a = Math.Abs(v);
        return a != 0 && (a < 0.01 || a >= 1e5) ? v.ToString("0.#E+0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);
    }

    private static void Legend(StringBuilder sb, string real, string generated)
    {
        int x = W - R - 120, y = T + 6;
        if (real.StartsWith(" (", StringComparison.Ordinal)) { y -= 14; } // no real set (requested vs measured)
        else sb.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"{RealColour}\"/><text x=\"{x + 14}\" y=\"{y + 9}\">{Esc(real)}</text>");
        sb.Append($"<rect x=\"{x}\" y=\"{y + 14}\" width=\"10\" height=\"10\" fill=\"{GeneratedColour}\"/><text x=\"{x + 14}\" y=\"{y + 23}\">{Esc(generated)}</text>");
    }

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
