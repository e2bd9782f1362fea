using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Xunit;

namespace Galforge.Astro.Tests.Measurement;

/// <summary>Random junk (tiny stamps, NaN, negative and constant pixels, odd segmaps and masks)
/// must give flags and warnings, never an exception.</summary>
public class RobustnessTests
{
    [Fact]
    public void RandomStampsNeverThrow()
    {
        var rng = new Random(2024);
        for (int trial = 0; trial < 100; trial++)
        {
            int w = rng.Next(1, 40), h = rng.Next(1, 40);
            var img = new Image(w, h);
            int kind = rng.Next(6);
            double cx = rng.NextDouble() * w, cy = rng.NextDouble() * h, s = 0.3 + 5 * rng.NextDouble();
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                {
                    double v = kind switch
                    {
                        0 => rng.NextDouble() - 0.5,
                        1 => Math.Exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s)) + 0.01 * (rng.NextDouble() - 0.5),
                        2 => 1.0,
                        3 => -rng.NextDouble(),
                        4 => rng.Next(10) == 0 ? double.NaN : rng.NextDouble(),
                        _ => 0.0,
                    };
                    img[x, y] = (float)v;
                }
            int[]? seg = null;
            if (rng.Next(3) > 0)
            {
                seg = new int[w * h];
                int mode = rng.Next(4);
                for (int i = 0; i < seg.Length; i++)
                    seg[i] = mode switch { 0 => 1, 1 => rng.Next(3), 2 => img.Pixels[i] > 0.3 ? 1 : 0, _ => 0 };
            }
            bool[]? mask = rng.Next(3) == 0 ? Enumerable.Range(0, w * h).Select(_ => rng.Next(4) == 0).ToArray() : null;
            var gain = rng.Next(2) == 0 ? (double?)null : 1.0;
            var m = GalaxyMeasurer.Measure(img, seg, mask, new MeasurementOptions { Gain = gain });
            Assert.Contains(m.Flag, new[] { 0, 1, 2, 4 });
            foreach (var (key, value) in m.Values)
                Assert.False(double.IsInfinity(value), $"trial {trial}: {key} is infinite");
            if (m.Flag == 4) Assert.NotEmpty(m.Warnings);
        }
    }
}
