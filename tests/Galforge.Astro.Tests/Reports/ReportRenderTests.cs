using System.Diagnostics;
using System.Text.Json;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Measurement;
using Galforge.Astro.Reports;
using Galforge.Astro.Tests.Fidelity;
using Galforge.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Galforge.Astro.Tests.Reports;

public class ReportRenderTests(ITestOutputHelper output)
{
    private static readonly Lazy<FidelityResult> s_result = new(() =>
    {
        var real = FidelityEvaluatorTests.MakeSet("real", 10, 21);
        var gen = FidelityEvaluatorTests.MakeSet("generated", 8, 22, sizeScale: 1.3, colourShift: 0.3);
        return FidelityEvaluator.Evaluate(real, gen, new FidelityOptions { Seed = 5, Measurement = new MeasurementOptions { ZeroPoint = 25 } });
    });

    [Fact]
    public void MetricsJsonHoldsEveryNumber()
    {
        var r = s_result.Value;
        using var tmp = new TempDirectory();
        FidelityReport.Write(r, tmp.Path);
        Assert.Equal(["metrics.json", "report.html"], Directory.GetFiles(tmp.Path).Select(f => Path.GetFileName(f)!).Order().ToArray());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(tmp.File("metrics.json")));
        var root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("seed").GetInt32());
        var stats = root.GetProperty("statistics");
        Assert.Equal(r.Statistics.Count, stats.GetArrayLength());
        var gini = stats.EnumerateArray().First(s => s.GetProperty("statistic").GetString() == "gini" && s.GetProperty("band").GetString() == "r");
        var expected = r.Statistics.First(s => s.Statistic == "gini" && s.Band == "r");
        Assert.Equal(expected.Wasserstein, gini.GetProperty("wasserstein").GetDouble(), 1e-12);
        Assert.Equal(expected.BaselineWasserstein, gini.GetProperty("baseline_wasserstein").GetDouble(), 1e-12);
        Assert.Equal(r.Colours.Single().Wasserstein, root.GetProperty("colours")[0].GetProperty("wasserstein").GetDouble(), 1e-12);
        Assert.Equal(2, root.GetProperty("frechet").GetArrayLength());
        Assert.Equal(2, root.GetProperty("power_spectra").GetArrayLength());
        Assert.Equal(32 * 32, root.GetProperty("power_spectra")[0].GetProperty("real_2d").GetArrayLength());
        Assert.Equal(r.PowerSpectra[1].LogDistance2D, root.GetProperty("power_spectra")[1].GetProperty("log_distance_2d").GetDouble(), 1e-12);
        Assert.Equal("mag", root.GetProperty("conditional")[0].GetProperty("parameter").GetString());
        var galaxies = root.GetProperty("generated").GetProperty("galaxies");
        Assert.Equal(8, galaxies.GetArrayLength());
        Assert.Equal(r.GeneratedMeasurements[3].Bands[1]["gini"], galaxies[3].GetProperty("r").GetProperty("gini").GetDouble(), 1e-12);
    }

    [SkippableFact]
    public void ReportRendersInHeadlessChromiumWithoutConsoleErrors()
    {
        ReferenceTool.RequireExecutable("/usr/bin/chromium", "chromium");
        var r = s_result.Value;
        using var tmp = new TempDirectory();
        FidelityReport.Write(r, tmp.Path);
        var html = File.ReadAllText(tmp.File("report.html"));
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        var artefacts = Path.Combine(AppContext.BaseDirectory, "artefacts");
        Directory.CreateDirectory(artefacts);
        var shot = Path.Combine(artefacts, "report-screenshot.png");
        File.Delete(shot);
        File.Copy(tmp.File("report.html"), Path.Combine(artefacts, "report.html"), overwrite: true);
        var (code, stdout, stderr) = Chromium(tmp, $"--screenshot={shot} --window-size=1400,2600 file://{tmp.File("report.html")}");
        output.WriteLine($"chromium exit {code}; screenshot {shot}");
        Assert.True(File.Exists(shot), "no screenshot: " + stderr);
        Assert.True(new FileInfo(shot).Length > 20_000, "screenshot suspiciously small");
        var (code2, dom, stderr2) = Chromium(tmp, $"--dump-dom file://{tmp.File("report.html")}");
        Assert.Contains("Galforge fidelity report", dom);
        Assert.Contains("<svg", dom);
        Assert.Contains("data:image/png;base64,", dom);
        foreach (var log in new[] { stderr, stderr2 })
        {
            var console = log.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
            Assert.True(console.Count == 0, "console messages:\n" + string.Join("\n", console));
        }
    }

    private static (int Code, string Out, string Err) Chromium(TempDirectory tmp, string args)
    {
        var profile = Path.Combine(tmp.Path, "chromium-profile");
        var psi = new ProcessStartInfo("/usr/bin/chromium",
            $"--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run --user-data-dir={profile} --enable-logging=stderr --v=0 {args}")
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish in 120 s"); }
        return (p.ExitCode, so.Result, se.Result);
    }
}
