using System.Text.Json;
using Galforge.Astro.Fidelity;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Fidelity;

public class SlicedWassersteinTests
{
    [Fact]
    public void PyramidMatchesKarrasNumpyReference()
    {
        // tests/data/fidelity/laplacian_pyramid.json: tools/fidelity/make_laplacian_pyramid_fixture.py,
        // a direct 2-D numpy port of Karras et al.'s scipy pyr_down/pyr_up.
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData("fidelity", "laplacian_pyramid.json")));
        var root = doc.RootElement;
        int planes = root.GetProperty("planes").GetInt32(), size = root.GetProperty("size").GetInt32(), levels = root.GetProperty("levels").GetInt32();
        var input = root.GetProperty("input").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
        var expected = root.GetProperty("pyramid").EnumerateArray().Select(l => l.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var pyramid = LaplacianPyramid.Build(input, planes, size, levels);
        Assert.Equal(levels, pyramid.Length);
        for (var l = 0; l < levels; l++)
        {
            var side = size >> l;
            Assert.Equal(planes * side * side, pyramid[l].Length);
            for (var i = 0; i < pyramid[l].Length; i++) Assert.Equal(expected[l][i], pyramid[l][i], 1e-5);
        }
    }

    [Fact]
    public void PyramidCollapsesBackToTheImage()
    {
        // x = L0 + up(L1 + up(L2)): the Laplacian pyramid is invertible by construction.
        var rng = new Random(3);
        const int planes = 3, size = 32;
        var x = new float[planes * size * size];
        for (var i = 0; i < x.Length; i++) x[i] = (float)rng.NextDouble();
        var p = LaplacianPyramid.Build(x, planes, size, 3);
        var current = p[2];
        for (var l = 1; l >= 0; l--)
        {
            var up = LaplacianPyramid.Up(current, planes, size >> (l + 1));
            for (var i = 0; i < up.Length; i++) up[i] += p[l][i];
            current = up;
        }
        for (var i = 0; i < x.Length; i++) Assert.Equal(x[i], current[i], 1e-5);
    }

    [Fact]
    public void OneDimensionalDescriptorsGiveTheOneDimensionalWasserstein()
    {
        // With one descriptor component every unit direction is +-1, so the distance is exactly
        // the 1-D Wasserstein distance of the two samples.
        var rng = new Random(5);
        var a = new float[400];
        var b = new float[400];
        for (var i = 0; i < a.Length; i++) { a[i] = (float)rng.NextDouble(); b[i] = (float)(2 * rng.NextDouble() + 0.5); }
        var expected = DistributionDistance.Wasserstein1(a.Select(v => (double)v).ToArray(), b.Select(v => (double)v).ToArray());
        Assert.Equal(expected, SlicedWasserstein.Distance(a, b, 1, new Random(1)), 1e-6);
    }

    [Fact]
    public void DifferentTexturesAreFarApartAndTheSeedFixesTheResult()
    {
        const int n = 8, channels = 2, size = 32;
        var rng = new Random(9);
        var smooth = new float[n * channels * size * size];
        var noisy = new float[smooth.Length];
        for (var i = 0; i < n * channels; i++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var o = (i * size + y) * size + x;
                    var blob = (float)Math.Exp(-((x - 16.0) * (x - 16.0) + (y - 16.0) * (y - 16.0)) / (2 * (3.0 + i % 3)));
                    smooth[o] = blob + 0.01f * (float)rng.NextDouble();
                    noisy[o] = blob + 0.5f * (float)rng.NextDouble();
                }
        var same = SlicedWasserstein.PerLevel(smooth, n, smooth, n, channels, size, 4);
        Assert.Equal(2, same.Length); // 32 and 16 px
        // Each set draws its own neighbourhoods, so identical sets give a small sampling value, not
        // zero; pixel noise shows at the finest level (the Laplacian detail) as a much larger one.
        var different = SlicedWasserstein.PerLevel(smooth, n, noisy, n, channels, size, 4);
        Assert.True(different[0] > 3 * same[0], $"finest level: {different[0]} vs {same[0]}");
        Assert.Equal(same, SlicedWasserstein.PerLevel(smooth, n, smooth, n, channels, size, 4));
    }

    [Fact]
    public void NearestNeighboursFindCopiesAndCollapse()
    {
        const int len = 16;
        var rng = new Random(2);
        float[] Set(int n) { var s = new float[n * len]; for (var i = 0; i < s.Length; i++) s[i] = (float)rng.NextDouble(); return s; }
        var reference = Set(50);
        var heldOut = Set(50);
        // Generated: reference images 0..9, each twice (memorised and collapsed at once).
        var generated = new float[20 * len];
        for (var i = 0; i < 20; i++) reference.AsSpan(i / 2 * len, len).CopyTo(generated.AsSpan(i * len));
        var r = NearestNeighbourDiversity.Evaluate(generated, reference, heldOut, len);
        Assert.Equal(20, r.NearCopies);
        Assert.Equal(0, r.GeneratedToReal);
        Assert.Equal(0, r.GeneratedToGenerated); // every generated image has an identical twin
        Assert.True(r.HeldOutWithin > 0.1);
        // Brute-force check of one distance: RMS over the image.
        var d = NearestNeighbourDiversity.Nearest(heldOut.AsSpan(0, len), reference, len, false)[0];
        var best = double.MaxValue;
        for (var j = 0; j < 50; j++)
        {
            double acc = 0;
            for (var p = 0; p < len; p++) { double e = heldOut[p] - reference[j * len + p]; acc += e * e; }
            best = Math.Min(best, Math.Sqrt(acc / len));
        }
        Assert.Equal(best, d, 1e-6);
    }
}
