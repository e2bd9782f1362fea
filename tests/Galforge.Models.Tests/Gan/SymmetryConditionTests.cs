using Galforge.Astro.Datasets;
using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Galforge.Engine;
using Galforge.Models.Gan;
using Xunit;

namespace Galforge.Models.Tests.Gan;

public class SymmetryConditionTests
{
    private const int Size = 32;

    // Noise-free elliptical Gaussian, major axis at phi (radians from +x, x along columns, y along rows).
    private static void Ellipse(Span<float> img, double flux, double a, double b, double phi)
    {
        double c = (Size - 1) / 2.0, cs = Math.Cos(phi), sn = Math.Sin(phi);
        for (var y = 0; y < Size; y++)
            for (var x = 0; x < Size; x++)
            {
                double dx = x - c, dy = y - c, u = cs * dx + sn * dy, v = -sn * dx + cs * dy;
                img[y * Size + x] = (float)(flux * Math.Exp(-0.5 * (u * u / (a * a) + v * v / (b * b))));
            }
    }

    private static AdaptiveMoments Shape(ReadOnlySpan<float> img) => AdaptiveMoments.Measure(new Image(Size, Size, img.ToArray(), 0.1));

    [Fact]
    public void SampledConditionsTurnWithTheirImagesUnderAllEightSymmetries()
    {
        // Two elongated galaxies with e1, e2 (and intr_e1/e2) conditions. Every sampled image is
        // one of the 8 symmetries of a stored one; its measured G1, G2 change sign exactly as
        // its e1, e2 conditions (decoded from the standardised vector) do, while mag and |e| stay.
        var data = new GalaxyDataset([new DatasetBand("g", 0.1, 27)], 2, Size, Size, 3, 3);
        Ellipse(data.Image(0, 0), 3, 4.0, 1.8, 25 * Math.PI / 180);
        Ellipse(data.Image(1, 0), 5, 3.5, 2.0, -70 * Math.PI / 180);
        for (var g = 0; g < 2; g++) data.SetNoiseSigma(g, 0, 0.05f);
        // Means far from zero, so a sign change in raw units is not one in standardised units.
        data.Parameters.Set("mag", [24.0, 22.0]).Set("e1", [0.9, 0.5]).Set("e2", [0.4, -0.7])
            .Set("intr_e1_g", [0.3, 0.6]).Set("intr_e2_g", [0.8, 0.2]).Set("e", [0.3, 0.5]);
        var config = new ProgressiveGanConfig { Channels = [8, 8, 8, 8], Condition = "params", ParamColumns = ["mag", "e1", "e2", "intr_e1_g", "intr_e2_g", "e"] };
        var gan = new GanTrainingData(data, config, "ellipses");
        var enc = gan.Encoding!;
        var reference = new AdaptiveMoments[2];
        for (var k = 0; k < 2; k++) reference[k] = Shape(gan.Image(k));
        var batch = gan.Sample(new PhiloxGenerator(5), 200, 3, 1f);
        var images = batch.Real.ToArray();
        var cond = batch.Condition!.ToArray();
        var seen = new HashSet<(int, int, int)>();
        for (var i = 0; i < 200; i++)
        {
            var raw = new double[enc.Size];
            for (var j = 0; j < enc.Size; j++) raw[j] = cond[i * enc.Size + j] * enc.Stds[j] + enc.Means[j];
            var k = Math.Abs(raw[0] - 24) < 1e-4 ? 0 : 1;
            Assert.Equal(k == 0 ? 24 : 22, raw[0], 4);
            Assert.Equal(k == 0 ? 0.3 : 0.5, raw[5], 5);
            var m = Shape(images.AsSpan(i * Size * Size, Size * Size));
            int s1 = Math.Sign(m.G1 / reference[k].G1), s2 = Math.Sign(m.G2 / reference[k].G2);
            Assert.Equal(s1 * reference[k].G1, m.G1, 5);
            Assert.Equal(s2 * reference[k].G2, m.G2, 5);
            double[] e1 = [0.9, 0.5], e2 = [0.4, -0.7], i1 = [0.3, 0.6], i2 = [0.8, 0.2];
            Assert.Equal(s1 * e1[k], raw[1], 5);
            Assert.Equal(s2 * e2[k], raw[2], 5);
            Assert.Equal(s1 * i1[k], raw[3], 5);
            Assert.Equal(s2 * i2[k], raw[4], 5);
            seen.Add((k, s1, s2));
        }
        Assert.Equal(8, seen.Count); // both galaxies drawn with all four sign pairs
    }

    [Fact]
    public void ApplySymmetryMatchesTheMeasuredShapeOfEachTransformedImage()
    {
        // The standardised e1, e2 of an elongated galaxy, transformed for symmetry t and decoded,
        // equal the adaptive-moments G1, G2 of the image transformed by t.
        var img = new float[Size * Size];
        Ellipse(img, 1, 4.2, 2.1, 110 * Math.PI / 180);
        var m0 = Shape(img);
        var enc = new ConditionEncoding { Kind = "params", Parameters = ["e1", "hlr", "e2"], Means = [0.07, 0.4, -0.05], Stds = [0.2, 0.3, 0.25] };
        for (var t = 0; t < 8; t++)
        {
            var row = new float[3];
            enc.Encode([m0.G1, 0.5, m0.G2], 1, row);
            enc.ApplySymmetry(t, row);
            var dst = new float[Size * Size];
            TrainingLoader.Transform<float>(img, dst, Size, Size, t);
            var m = Shape(dst);
            Assert.Equal(m.G1, row[0] * 0.2 + 0.07, 5);
            Assert.Equal(0.5, row[1] * 0.3 + 0.4, 5);
            Assert.Equal(m.G2, row[2] * 0.25 - 0.05, 5);
        }
    }
}
