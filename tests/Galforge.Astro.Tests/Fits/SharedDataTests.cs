using System.Diagnostics;
using System.Runtime.InteropServices;
using Galforge.Astro.Fits;
using Galforge.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace Galforge.Astro.Tests.Fits;

/// <summary>
/// Checks against the full-size real files in the shared development data (not in the repo):
/// skipped where that folder is absent. The KiDS/VIKING field is HCOMPRESS_1 tile-compressed.
/// </summary>
public class SharedDataTests(ITestOutputHelper log)
{
    private static readonly string Kids = RepoPaths.SharedData("kids-viking-9band");

    [SkippableTheory]
    [InlineData("g.fits")]
    public void KidsFieldDecompressesExactlyAsAstropy(string band)
    {
        var path = Path.Combine(Kids, band);
        Skip.IfNot(File.Exists(path), "shared development data is not on this machine");
        ReferenceTool.RequirePythonModule("astropy", "python3-astropy");
        using var dir = new TempDirectory();
        var raw = dir.File("astropy.bin");
        ReferenceTool.RunPython($"tools/astropy/dump_image.py \"{path}\" 1 \"{raw}\"");
        var expected = MemoryMarshal.Cast<byte, double>(File.ReadAllBytes(raw)).ToArray();
        var sw = Stopwatch.StartNew();
        using var reader = FitsReader.Open(path);
        var ours = reader.ReadImage(1).ToDoubles();
        sw.Stop();
        Assert.Equal(expected.Length, ours.Length);
        double maxDiff = 0;
        var nanMismatch = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            if (double.IsNaN(expected[i]) != double.IsNaN(ours[i])) { nanMismatch++; continue; }
            if (!double.IsNaN(expected[i])) maxDiff = Math.Max(maxDiff, Math.Abs(expected[i] - ours[i]));
        }
        log.WriteLine($"{band}: {ours.Length} pixels, max |ours - astropy| = {maxDiff:G3}, NaN mismatches {nanMismatch}, decompressed in {sw.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(0, nanMismatch);
        Assert.Equal(0.0, maxDiff);
    }
}
