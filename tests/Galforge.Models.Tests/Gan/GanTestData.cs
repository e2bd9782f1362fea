using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Gan;
using Galforge.TestSupport;

namespace Galforge.Models.Tests.Gan;

/// <summary>Small synthetic datasets and configs for the GAN tests.</summary>
internal static class GanTestData
{
    /// <summary>
    /// Round Gaussian "galaxies" with random width and flux plus sky noise, and truth columns
    /// sersic_n, mag, half_light_radius and q, so conditioning has something to key on.
    /// <paramref name="gain"/> is recorded in the bands (the pixels get sky noise only).
    /// </summary>
    public static GalaxyDataset Blobs(int count, int bands, int size, ulong seed, float noise = 0.05f, double gain = double.NaN)
    {
        var names = new[] { "g", "r", "i", "z", "y" };
        var bandList = new DatasetBand[bands];
        for (var b = 0; b < bands; b++) bandList[b] = new DatasetBand(names[b], 0.2, 27.0, gain);
        var data = new GalaxyDataset(bandList, count, size, size, 3, 3);
        var rng = new PhiloxGenerator(seed);
        var n = new double[count];
        var mag = new double[count];
        var hlr = new double[count];
        var q = new double[count];
        for (var g = 0; g < count; g++)
        {
            var width = 0.6 + 1.2 * rng.NextUniform() * size / 8.0;
            var flux = 1 + 4 * rng.NextUniform();
            n[g] = width < size / 8.0 ? 1.0 : 4.0;
            mag[g] = 27.0 - 2.5 * Math.Log10(flux);
            hlr[g] = 1.1774 * width * 0.2;
            q[g] = 0.3 + 0.7 * rng.NextUniform();
            for (var b = 0; b < bands; b++)
            {
                var img = data.Image(g, b);
                for (var y = 0; y < size; y++)
                    for (var x = 0; x < size; x++)
                    {
                        double dx = x - (size - 1) / 2.0, dy = y - (size - 1) / 2.0;
                        img[y * size + x] = (float)(flux * (1 + 0.3 * b) * Math.Exp(-(dx * dx + dy * dy) / (2 * width * width))) + noise * rng.NextNormal();
                    }
                data.SetNoiseSigma(g, b, noise);
            }
        }
        data.Parameters.Set("sersic_n", n).Set("mag", mag, "mag").Set("half_light_radius", hlr, "arcsec").Set("q", q);
        return data;
    }

    /// <summary>A tiny config: channels 8, 8 (4x4 and 8x8), short phases.</summary>
    public static ProgressiveGanConfig Tiny(string condition = "none", int phase = 16, int batch = 4) => new()
    {
        LatentSize = 8,
        Channels = [8, 6],
        ImagesPerPhase = phase,
        FinalImages = phase,
        BatchSize = batch,
        Condition = condition,
        CheckpointEvery = 0,
        SampleEvery = 0,
    };

    /// <summary>Largest |a - b| relative to the largest |b| (1 when b is all zero).</summary>
    public static double RelativeError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double max = 0, diff = 0;
        for (var i = 0; i < b.Length; i++)
        {
            max = Math.Max(max, Math.Abs(b[i]));
            diff = Math.Max(diff, Math.Abs(a[i] - b[i]));
        }
        return diff / (max > 0 ? max : 1);
    }

    /// <summary>
    /// Writes <paramref name="training"/> to dir/train, trains a run of <paramref name="config"/>
    /// in dir/run for <paramref name="steps"/> steps from <paramref name="seed"/>, and loads its generator.
    /// </summary>
    public static ProgressiveGanGenerator TrainedGenerator(TempDirectory dir, GalaxyDataset training, ProgressiveGanConfig config, ulong seed, long steps)
    {
        training.Write(dir.File("train"));
        GanTrainingRun.Create(dir.File("train"), dir.File("run"), config, seed).Train(steps);
        return ProgressiveGanGenerator.Load(dir.File("run"));
    }
}
