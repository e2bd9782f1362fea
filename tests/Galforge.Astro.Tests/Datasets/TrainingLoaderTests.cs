using Galforge.Astro.Datasets;
using Xunit;

namespace Galforge.Astro.Tests.Datasets;

public class TrainingLoaderTests
{
    private static GalaxyDataset Numbered(int n, int size = 4)
    {
        var d = new GalaxyDataset([new DatasetBand("g", 0.2, 30), new DatasetBand("r", 0.2, 30)], n, size, size, 3, 3);
        for (var i = 0; i < d.Images.Length; i++) d.Images[i] = i;
        for (var g = 0; g < n; g++) for (var b = 0; b < 2; b++) d.SetNoiseSigma(g, b, g + 0.5f * b);
        return d;
    }

    [Fact]
    public void SplitAndShuffleAreDeterministicAndDisjoint()
    {
        var d = Numbered(50);
        var a = new TrainingLoader(d, 0.2, seed: 3);
        var b = new TrainingLoader(d, 0.2, seed: 3);
        var c = new TrainingLoader(d, 0.2, seed: 4);
        Assert.Equal(10, a.Validation.Length);
        Assert.Equal(40, a.Train.Length);
        Assert.Empty(a.Train.Intersect(a.Validation));
        Assert.Equal(a.Validation, b.Validation);
        Assert.NotEqual(a.Validation, c.Validation);
        var e0 = a.TrainBatches(16, epoch: 0).SelectMany(x => x.Indices).ToArray();
        var e0b = b.TrainBatches(16, epoch: 0).SelectMany(x => x.Indices).ToArray();
        var e1 = a.TrainBatches(16, epoch: 1).SelectMany(x => x.Indices).ToArray();
        Assert.Equal(e0, e0b);
        Assert.NotEqual(e0, e1);
        Assert.Equal(a.Train, e0.Order().ToArray());
        Assert.Equal([16, 16, 8], a.TrainBatches(16, 0).Select(x => x.Count).ToArray());
        Assert.Equal([16, 16], a.TrainBatches(16, 0, dropLast: true).Select(x => x.Count).ToArray());
    }

    [Fact]
    public void BatchCarriesImagesSigmasAndNormalisation()
    {
        var d = Numbered(6);
        d.Normalization = new AsinhNormalization([2.0, 4.0]);
        var loader = new TrainingLoader(d, 0, seed: 1);
        var batch = loader.TrainBatches(6, 0, augment: false).Single();
        for (var i = 0; i < batch.Count; i++)
        {
            var g = batch.Indices[i];
            Assert.Equal(d.NoiseSigma(g, 1), batch.Sigmas[i * 2 + 1]);
            var expected = d.Image(g, 1).ToArray().Select(v => (float)Math.Asinh(v / 4.0)).ToArray();
            Assert.Equal(expected, batch.Images.AsSpan((i * 2 + 1) * 16, 16).ToArray());
        }
    }

    [Fact]
    public void TheEightTransformsAreTheSymmetriesOfTheSquare()
    {
        float[] src = [0, 1, 2, 3, 4, 5, 6, 7, 8]; // 3x3, row-major
        var dst = new float[9];
        // 90 degrees counter-clockwise with y up (FITS: row 0 at the bottom): the right column becomes the top row.
        TrainingLoader.Transform<float>(src, dst, 3, 3, 1);
        Assert.Equal([6, 3, 0, 7, 4, 1, 8, 5, 2], dst);
        TrainingLoader.Transform<float>(src, dst, 3, 3, 2);
        Assert.Equal([8, 7, 6, 5, 4, 3, 2, 1, 0], dst);
        TrainingLoader.Transform<float>(src, dst, 3, 3, 4);
        Assert.Equal([2, 1, 0, 5, 4, 3, 8, 7, 6], dst);
        // All 8 are distinct permutations; rotating 4 times by 90 degrees is the identity.
        var all = Enumerable.Range(0, 8).Select(t => { var o = new float[9]; TrainingLoader.Transform<float>(src, o, 3, 3, t); return string.Join(",", o); }).ToHashSet();
        Assert.Equal(8, all.Count);
        var x = (float[])src.Clone();
        for (var k = 0; k < 4; k++) { var o = new float[9]; TrainingLoader.Transform<float>(x, o, 3, 3, 1); x = o; }
        Assert.Equal(src, x);
    }

    [Fact]
    public void AugmentationMovesImageMaskAndPsfTogether()
    {
        var d = Numbered(4);
        d.Mask(0, 0)[1] = MaskBits.Neighbour; // pixel (1, 0)
        d.Psf(0, 0)[1] = 1;                    // PSF pixel (1, 0) of 3x3
        var loader = new TrainingLoader(d, 0, seed: 9);
        foreach (var batch in loader.TrainBatches(4, 0))
            for (var i = 0; i < batch.Count; i++)
            {
                if (batch.Indices[i] != 0) continue;
                var t = batch.Transforms[i];
                var expectMask = new byte[16];
                TrainingLoader.Transform<byte>(d.Mask(0, 0), expectMask, 4, 4, t);
                Assert.Equal(expectMask, batch.Masks.AsSpan(0 + i * 2 * 16, 16).ToArray());
                var expectPsf = new float[9];
                TrainingLoader.Transform<float>(d.Psf(0, 0), expectPsf, 3, 3, t);
                Assert.Equal(expectPsf, batch.Psfs.AsSpan(i * 2 * 9, 9).ToArray());
            }
        var used = Enumerable.Range(0, 20).SelectMany(e => loader.TrainBatches(4, e)).SelectMany(b => b.Transforms).ToHashSet();
        Assert.Equal(8, used.Count);
    }

    [Fact]
    public void TransformMatrixSaysWhereEveryPixelGoes()
    {
        // Every pixel of a 7x7 plane, as an offset from the centre, lands where the matrix says.
        const int n = 7, c = 3;
        for (var t = 0; t < 8; t++)
        {
            var (xx, xy, yx, yy) = TrainingLoader.TransformMatrix(t);
            Assert.Equal(1, Math.Abs(xx * yy - xy * yx));
            for (var p = 0; p < n * n; p++)
            {
                var src = new float[n * n];
                src[p] = 1;
                var dst = new float[n * n];
                TrainingLoader.Transform<float>(src, dst, n, n, t);
                int x = p % n - c, y = p / n - c;
                int dx = xx * x + xy * y + c, dy = yx * x + yy * y + c;
                Assert.Equal(1f, dst[dy * n + dx]);
            }
        }
    }

    [Fact]
    public void EllipticitySignsMatchTheMeasuredShapeOfEveryTransformedImage()
    {
        // An elongated Gaussian with both components non-zero (major axis 25 degrees from +x);
        // each transform's measured adaptive-moments G1, G2 are the original's times the signs.
        const int n = 33;
        var img = new float[n * n];
        double a = 4.5, b = 2.0, phi = 25 * Math.PI / 180, c = 16, cs = Math.Cos(phi), sn = Math.Sin(phi);
        for (var y = 0; y < n; y++)
            for (var x = 0; x < n; x++)
            {
                double dx = x - c, dy = y - c, u = cs * dx + sn * dy, v = -sn * dx + cs * dy;
                img[y * n + x] = (float)Math.Exp(-0.5 * (u * u / (a * a) + v * v / (b * b)));
            }
        var m0 = Galforge.Astro.Measurement.AdaptiveMoments.Measure(new Galforge.Astro.Imaging.Image(n, n, img, 0.1));
        Assert.True(m0.Converged);
        Assert.True(m0.G1 > 0.1 && m0.G2 > 0.1, $"G1 {m0.G1}, G2 {m0.G2}");
        var seen = new HashSet<(int, int)>();
        for (var t = 0; t < 8; t++)
        {
            var dst = new float[n * n];
            TrainingLoader.Transform<float>(img, dst, n, n, t);
            var m = Galforge.Astro.Measurement.AdaptiveMoments.Measure(new Galforge.Astro.Imaging.Image(n, n, dst, 0.1));
            var (s1, s2) = TrainingLoader.EllipticitySigns(t);
            Assert.Equal(s1 * m0.G1, m.G1, 6);
            Assert.Equal(s2 * m0.G2, m.G2, 6);
            seen.Add((s1, s2));
        }
        Assert.Equal(4, seen.Count); // rotations and flips reach all four sign pairs
    }
}
