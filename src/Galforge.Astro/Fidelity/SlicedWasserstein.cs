using System.Numerics.Tensors;

namespace Galforge.Astro.Fidelity;

/// <summary>
/// Karras et al. (2018, appendix D) sliced Wasserstein distance between two image sets, per level
/// of their <see cref="LaplacianPyramid"/>: from every image 128 random 7x7 neighbourhoods
/// (all channels) are taken, each set's descriptors are standardised per channel over the set,
/// and the distance is the mean over random unit directions (4 repeats x 128) of the 1-D
/// Wasserstein distance of the projected descriptors. Reported x1e3, as in the paper. A
/// real-vs-real value (two disjoint real sets of the same size) is the baseline to compare with.
/// Every random draw comes from <c>seed</c>.
/// </summary>
public static class SlicedWasserstein
{
    /// <summary>Neighbourhood side in pixels.</summary>
    public const int NeighbourhoodSize = 7;

    /// <summary>Neighbourhoods drawn per image.</summary>
    public const int NeighbourhoodsPerImage = 128;

    /// <summary>Repeats of the random directions.</summary>
    public const int DirectionRepeats = 4;

    /// <summary>Random directions per repeat.</summary>
    public const int DirectionsPerRepeat = 128;

    /// <summary>Coarsest pyramid level in pixels (Karras stop at 16).</summary>
    public const int CoarsestLevel = 16;

    /// <summary>
    /// Distance (x1e3) per pyramid level, finest first (S, S/2, ... 16 px), between image sets
    /// <paramref name="a"/> ([<paramref name="countA"/>, C, S, S]) and <paramref name="b"/>
    /// ([<paramref name="countB"/>, C, S, S]). The larger set is cut to the smaller one's size
    /// so both give the same number of descriptors.
    /// </summary>
    public static double[] PerLevel(ReadOnlySpan<float> a, int countA, ReadOnlySpan<float> b, int countB, int channels, int size, int seed)
    {
        if (size < CoarsestLevel) throw new ArgumentException($"images of {size} px are smaller than the coarsest level {CoarsestLevel} px");
        if (countA < 1 || countB < 1) throw new ArgumentException("both image sets must hold at least one image");
        var levels = 1;
        for (var s = size; s % 2 == 0 && s / 2 >= CoarsestLevel; s /= 2) levels++;
        var n = Math.Min(countA, countB);
        var per = channels * size * size;
        var pa = LaplacianPyramid.Build(a[..(n * per)], n * channels, size, levels);
        var pb = LaplacianPyramid.Build(b[..(n * per)], n * channels, size, levels);
        var result = new double[levels];
        var rng = new Random(seed);
        for (var l = 0; l < levels; l++)
        {
            var side = size >> l;
            var da = Descriptors(pa[l], n, channels, side, rng);
            var db = Descriptors(pb[l], n, channels, side, rng);
            result[l] = Distance(da, db, channels * NeighbourhoodSize * NeighbourhoodSize, rng) * 1e3;
        }
        return result;
    }

    /// <summary>
    /// <see cref="NeighbourhoodsPerImage"/> random 7x7 neighbourhoods (all channels) per image of
    /// <paramref name="level"/> ([n, C, side, side]), standardised per channel over the whole set:
    /// rows of C·49 values.
    /// </summary>
    public static float[] Descriptors(ReadOnlySpan<float> level, int n, int channels, int side, Random rng)
    {
        const int k = NeighbourhoodSize, h = k / 2;
        var dim = channels * k * k;
        var rows = n * NeighbourhoodsPerImage;
        var d = new float[rows * dim];
        for (var i = 0; i < n; i++)
            for (var p = 0; p < NeighbourhoodsPerImage; p++)
            {
                // Centres from h to side-h-1 inclusive, as numpy's randint(H, S - H).
                int x0 = rng.Next(h, side - h) - h, y0 = rng.Next(h, side - h) - h;
                var row = d.AsSpan((i * NeighbourhoodsPerImage + p) * dim, dim);
                for (var c = 0; c < channels; c++)
                    for (var y = 0; y < k; y++)
                        level.Slice(((i * channels + c) * side + y0 + y) * side + x0, k).CopyTo(row.Slice((c * k + y) * k, k));
            }
        for (var c = 0; c < channels; c++)
        {
            double sum = 0, sq = 0;
            for (var r = 0; r < rows; r++)
                foreach (var v in d.AsSpan(r * dim + c * k * k, k * k)) { sum += v; sq += (double)v * v; }
            var count = (double)rows * k * k;
            var mean = sum / count;
            var std = Math.Sqrt(Math.Max(sq / count - mean * mean, 1e-24));
            for (var r = 0; r < rows; r++)
            {
                var s = d.AsSpan(r * dim + c * k * k, k * k);
                for (var j = 0; j < s.Length; j++) s[j] = (float)((s[j] - mean) / std);
            }
        }
        return d;
    }

    /// <summary>
    /// Sliced Wasserstein distance between descriptor sets of equal size (rows of
    /// <paramref name="dimension"/> values): mean over <see cref="DirectionRepeats"/> x
    /// <see cref="DirectionsPerRepeat"/> random unit directions of the mean absolute difference of
    /// the sorted projections.
    /// </summary>
    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int dimension, Random rng)
    {
        if (a.Length != b.Length || a.Length % dimension != 0) throw new ArgumentException("descriptor sets must have the same number of rows of the same dimension");
        var rows = a.Length / dimension;
        var direction = new float[dimension];
        var pa = new float[rows];
        var pb = new float[rows];
        double total = 0;
        for (var rep = 0; rep < DirectionRepeats; rep++)
            for (var t = 0; t < DirectionsPerRepeat; t++)
            {
                for (var j = 0; j < dimension; j++) direction[j] = (float)Gaussian(rng);
                var norm = TensorPrimitives.Norm(direction);
                TensorPrimitives.Divide(direction, norm, direction);
                for (var r = 0; r < rows; r++)
                {
                    pa[r] = TensorPrimitives.Dot(a.Slice(r * dimension, dimension), direction);
                    pb[r] = TensorPrimitives.Dot(b.Slice(r * dimension, dimension), direction);
                }
                Array.Sort(pa);
                Array.Sort(pb);
                double acc = 0;
                for (var r = 0; r < rows; r++) acc += Math.Abs(pa[r] - pb[r]);
                total += acc / rows;
            }
        return total / (DirectionRepeats * DirectionsPerRepeat);
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
