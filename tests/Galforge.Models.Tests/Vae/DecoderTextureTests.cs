using System.Text.Json.Nodes;
using Galforge.Engine;
using Galforge.Engine.Kernels;
using Galforge.Models.Vae;
using Xunit;

namespace Galforge.Models.Tests.Vae;

public sealed class DecoderTextureTests
{
    private static float[] Blob(int bands, int size, double peak)
    {
        var img = new float[bands * size * size];
        double c = (size - 1) / 2.0;
        for (var b = 0; b < bands; b++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                    img[(b * size * size) + (y * size) + x] = (float)(peak * (1 + b) * Math.Exp(-((x - c) * (x - c) + (y - c) * (y - c)) / 18.0));
        return img;
    }

    [Fact]
    public void KeepsEachBandsFluxAndLeavesNonPositivePixelsAlone()
    {
        const int size = 24;
        var img = Blob(3, size, 50);
        img[0] = -3f; // a negative noise pixel
        img[size * size + 5] = 0f;
        var before = img.ToArray();
        DecoderTexture.Uniform(1.0, [0.5, 0.2, 0]).Apply(img, size, new PhiloxGenerator(4));
        for (var b = 0; b < 3; b++)
        {
            double s0 = 0, s1 = 0, moved = 0;
            for (var p = 0; p < size * size; p++) { s0 += before[b * size * size + p]; s1 += img[b * size * size + p]; moved += Math.Abs(img[b * size * size + p] - before[b * size * size + p]); }
            Assert.Equal(s0, s1, s0 * 1e-5);
            if (b < 2) Assert.True(moved > 0.05 * s0, $"band {b}: the texture moved only {moved} of {s0}");
            else Assert.Equal(0, moved); // amplitude 0: untouched
        }
        Assert.Equal(-3f, img[0]);
        Assert.Equal(0f, img[size * size + 5]);
    }

    [Fact]
    public void EachBrightnessBinGetsItsOwnAmplitude()
    {
        // A flat galaxy at three levels (1, 0.1, 0.01 of the brightest): the log-flux spread in each
        // level is that bin's amplitude.
        const int size = 48;
        var img = new float[size * size];
        for (var p = 0; p < img.Length; p++) img[p] = p % 3 == 0 ? 100f : p % 3 == 1 ? 10f : 1f;
        var before = img.ToArray();
        new DecoderTexture(0, [[0.1, 0.3, 0.6]]).Apply(img, size, new PhiloxGenerator(2));
        for (var level = 0; level < 3; level++)
        {
            var logs = Enumerable.Range(0, img.Length).Where(p => p % 3 == level).Select(p => Math.Log(img[p] / before[p])).ToArray();
            var mean = logs.Average();
            var spread = Math.Sqrt(logs.Select(v => (v - mean) * (v - mean)).Average());
            var want = new[] { 0.1, 0.3, 0.6 }[level];
            Assert.InRange(spread, want * 0.93, want * 1.07);
        }
    }

    [Fact]
    public void SameSeedSameTextureAndTheLogFluxHasTheRequestedSpread()
    {
        const int size = 32;
        var flat = Enumerable.Repeat(10f, 2 * size * size).ToArray();
        var a = flat.ToArray();
        var b = flat.ToArray();
        var texture = DecoderTexture.Uniform(0.75, [0.3, 0.15]);
        texture.Apply(a, size, new PhiloxGenerator(9));
        texture.Apply(b, size, new PhiloxGenerator(9));
        Assert.Equal(a, b);
        // On a flat galaxy log(x'/x) is s·f plus a constant: its spread is s, and both bands follow one field.
        double Spread(int band, out double[] logs)
        {
            logs = Enumerable.Range(0, size * size).Select(p => Math.Log(a[band * size * size + p] / 10.0)).ToArray();
            var mean = logs.Average();
            return Math.Sqrt(logs.Select(v => (v - mean) * (v - mean)).Average());
        }
        var s0 = Spread(0, out var l0);
        var s1 = Spread(1, out var l1);
        Assert.InRange(s0, 0.3 * 0.9, 0.3 * 1.1);
        Assert.InRange(s1, 0.15 * 0.9, 0.15 * 1.1);
        for (var p = 0; p < l0.Length; p++) Assert.Equal(l0[p] - l0.Average(), 2 * (l1[p] - l1.Average()), 1e-4);
    }

    [Fact]
    public void ApplyAllEqualsOneByOneWhateverTheThreadCountAndLeavesTheStreamAfterTheLastDraw()
    {
        const int size = 16, galaxies = 9;
        var texture = new DecoderTexture(0.75, [[0.3, 0.4, 0.5], [0.2, 0.1, 0.6]]);
        var source = new float[galaxies * 2 * size * size];
        for (var g = 0; g < galaxies; g++) Blob(2, size, 10 + g).CopyTo(source, g * 2 * size * size);
        var oneByOne = source.ToArray();
        var sequential = new PhiloxGenerator(21);
        for (var g = 2; g < galaxies; g++) texture.Apply(oneByOne.AsSpan(g * 2 * size * size, 2 * size * size), size, sequential);
        var saved = Parallelism.Threads;
        try
        {
            foreach (var threads in new[] { 1, 4 })
            {
                Parallelism.Threads = threads;
                var all = source.ToArray();
                var rng = new PhiloxGenerator(21);
                texture.ApplyAll(all, 2, galaxies - 2, size, rng);
                Assert.Equal(oneByOne, all);
                Assert.Equal(sequential.State, rng.State);
            }
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void FieldHasUnitVarianceAndTheGaussianKernelsCorrelation(double length)
    {
        // White noise smoothed by a Gaussian of sigma l has a Gaussian autocorrelation of sigma l·√2:
        // rho(lag) = exp(-lag² / (4 l²)).
        const int size = 64;
        var rng = new PhiloxGenerator(11);
        double sum = 0, sumSq = 0, lag1 = 0, lag2 = 0, count = 0;
        for (var draw = 0; draw < 40; draw++)
        {
            var f = DecoderTexture.Field(size, length, rng);
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    var v = f[y * size + x];
                    sum += v; sumSq += v * v; count++;
                    lag1 += v * f[y * size + (x + 1) % size];
                    lag2 += v * f[y * size + (x + 2) % size];
                }
        }
        var variance = sumSq / count - (sum / count) * (sum / count);
        Assert.InRange(variance, 0.9, 1.1);
        Assert.Equal(Math.Exp(-1 / (4 * length * length)), lag1 / count / variance, 0.03);
        Assert.Equal(Math.Exp(-4 / (4 * length * length)), lag2 / count / variance, 0.03);
    }

    [Fact]
    public void RunJsonRoundTripAndMalformedBlocksAreOneLineErrors()
    {
        var t = new DecoderTexture(0.75, [[0.41, 0.5, 0.9], [0.33, 0.3, 0.6]]);
        var back = DecoderTexture.FromJson(JsonNode.Parse(t.ToJson().ToJsonString()), 2, "run.json")!;
        Assert.Equal(0.75, back.CorrelationLengthPixels);
        Assert.Equal([0.41, 0.5, 0.9], back.Amplitudes[0]);
        Assert.Equal([0.33, 0.3, 0.6], back.Amplitudes[1]);
        Assert.Null(DecoderTexture.FromJson(null, 2, "run.json"));
        var e = Assert.Throws<BadInputException>(() => DecoderTexture.FromJson(t.ToJson(), 4, "m/run.json"));
        Assert.Contains("m/run.json", e.Message);
        Assert.Contains("one per band (4)", e.Message);
        var other = t.ToJson();
        other["model"] = "gaussian-additive";
        Assert.Contains("expected 'lognormal-multiplicative'", Assert.Throws<BadInputException>(() => DecoderTexture.FromJson(other, 2, "run.json")).Message);
        var edges = t.ToJson();
        edges["brightness_edges"] = new JsonArray(0.5, 0.1);
        Assert.Contains("brightness_edges", Assert.Throws<BadInputException>(() => DecoderTexture.FromJson(edges, 2, "run.json")).Message);
        Assert.Throws<BadInputException>(() => DecoderTexture.Uniform(-1, [0.1]));
        Assert.Throws<BadInputException>(() => DecoderTexture.Uniform(1, [double.NaN]));
        Assert.Throws<BadInputException>(() => new DecoderTexture(1, [[0.1, 0.2]]));
    }
}
