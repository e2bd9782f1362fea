using System.Numerics.Tensors;

namespace Galforge.Astro.Fidelity;

/// <summary>
/// Mode collapse and memorisation checks by nearest neighbours in pixel space: a collapsed
/// generator puts its images close to each other (small generated-to-generated distances compared
/// with real-to-real), a memorising one puts them closer to training images than independent real
/// images ever are (near copies below the 1st percentile of real-to-real distances).
/// </summary>
public static class NearestNeighbourDiversity
{
    /// <summary>
    /// Compares <paramref name="generated"/> with <paramref name="reference"/> (the real images a
    /// copy would come from) and <paramref name="heldOut"/> (independent real images), each a
    /// set of images of <paramref name="imageLength"/> values.
    /// </summary>
    public static DiversityResult Evaluate(ReadOnlySpan<float> generated, ReadOnlySpan<float> reference, ReadOnlySpan<float> heldOut, int imageLength)
    {
        if (imageLength < 1 || generated.Length % imageLength != 0 || reference.Length % imageLength != 0 || heldOut.Length % imageLength != 0)
            throw new ArgumentException($"image sets must hold whole images of {imageLength} values");
        if (reference.Length < imageLength || generated.Length < 2 * imageLength || heldOut.Length < 2 * imageLength)
            throw new ArgumentException("need at least 2 generated, 1 reference and 2 held-out images");
        var gr = Nearest(generated, reference, imageLength, false);
        var rr = Nearest(heldOut, reference, imageLength, false);
        var gg = Nearest(generated, generated, imageLength, true);
        var hw = Nearest(heldOut, heldOut, imageLength, true);
        var sorted = (double[])rr.Clone();
        Array.Sort(sorted);
        var threshold = sorted[(int)(0.01 * (sorted.Length - 1))];
        var copies = 0;
        foreach (var d in gr) if (d < threshold) copies++;
        return new DiversityResult(SampleQuantile.Median(gr), SampleQuantile.Median(rr), SampleQuantile.Median(gg), SampleQuantile.Median(hw), threshold, copies, gr.Length);
    }

    /// <summary>
    /// For each image of <paramref name="queries"/>, the RMS distance sqrt(mean((q - r)²)) to the
    /// nearest image of <paramref name="references"/>; with <paramref name="sameSet"/> the image
    /// with the same index is skipped (distance to the nearest other member).
    /// </summary>
    public static double[] Nearest(ReadOnlySpan<float> queries, ReadOnlySpan<float> references, int imageLength, bool sameSet)
    {
        var nq = queries.Length / imageLength;
        var nr = references.Length / imageLength;
        var result = new double[nq];
        var q = queries.ToArray();
        var r = references.ToArray();
        Parallel.For(0, nq, i =>
        {
            var best = double.MaxValue;
            var a = q.AsSpan(i * imageLength, imageLength);
            for (var j = 0; j < nr; j++)
            {
                if (sameSet && i == j) continue;
                var d = TensorPrimitives.Distance(a, r.AsSpan(j * imageLength, imageLength));
                if (d < best) best = d;
            }
            result[i] = best / Math.Sqrt(imageLength);
        });
        return result;
    }
}
