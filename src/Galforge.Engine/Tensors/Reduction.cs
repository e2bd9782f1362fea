using System.Numerics.Tensors;

namespace Galforge.Engine;

/// <summary>
/// Sum and max over any set of axes. Adjacent dimensions that are all reduced or all kept are
/// merged, so the innermost run is either summed with one vectorised call per row or added
/// row-wise into the output.
/// </summary>
internal static class Reduction
{
    public static float[] Reduce(float[] x, int[] shape, bool[] reduced, bool max)
    {
        // merge dimensions into groups
        var sizes = new List<int>();
        var flags = new List<bool>();
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 1) continue;
            if (flags.Count > 0 && flags[^1] == reduced[i]) sizes[^1] *= shape[i];
            else { sizes.Add(shape[i]); flags.Add(reduced[i]); }
        }
        var outLen = 1;
        for (var i = 0; i < sizes.Count; i++) if (!flags[i]) outLen *= sizes[i];
        var y = Tensor.Cleared(outLen);
        if (max) Array.Fill(y, float.NegativeInfinity);
        if (x.Length == 0) return y;
        if (sizes.Count == 0) { y[0] = x[0]; return y; }

        var groups = sizes.ToArray();
        var reducedGroups = flags.ToArray();
        var m = groups.Length;
        if (m >= 2 && !reducedGroups[0])
        {
            // [K, ...] with K kept: slab k of x reduces into slab k of y
            var xs = x.Length / groups[0];
            var ys = y.Length / groups[0];
            Kernels.Parallelism.ForBlocks(groups[0], xs, (k0, k1) =>
            {
                for (var k = k0; k < k1; k++)
                    Accumulate(x.AsSpan(k * xs, xs), groups, reducedGroups, 1, y.AsSpan(k * ys, ys), max);
            });
        }
        else if (m >= 3 && reducedGroups[0] && !reducedGroups[1])
        {
            // [R, K, ...] (bias gradients: N, C, H*W): each k adds its R slabs in order, as the
            // serial loop does, so every output sees the same additions in the same order
            int r = groups[0], k = groups[1];
            var xs = x.Length / (r * k);
            var ys = y.Length / k;
            Kernels.Parallelism.ForBlocks(k, (long)r * xs, (k0, k1) =>
            {
                for (var j = k0; j < k1; j++)
                    for (var i = 0; i < r; i++)
                        Accumulate(x.AsSpan((i * k + j) * xs, xs), groups, reducedGroups, 2, y.AsSpan(j * ys, ys), max);
            });
        }
        else
        {
            Accumulate(x, groups, reducedGroups, 0, y, max);
        }
        return y;
    }

    /// <summary>
    /// Adds (or takes the maximum of) x, laid out as the groups <paramref name="sizes"/>[first..]
    /// with <paramref name="reduced"/> flags, into y (the kept groups), row by row in order.
    /// </summary>
    private static void Accumulate(ReadOnlySpan<float> x, int[] sizes, bool[] reduced, int first, Span<float> y, bool max)
    {
        var m = sizes.Length - first;
        var inner = sizes[^1];
        var lastReduced = reduced[^1];
        // output strides of the outer groups (0 for reduced groups)
        var outStride = new long[m];
        var shape = new int[m];
        long s = lastReduced ? 1 : inner;
        for (var g = m - 1; g >= 0; g--)
        {
            shape[g] = sizes[first + g];
            if (g == m - 1) continue;
            outStride[g] = reduced[first + g] ? 0 : s;
            if (!reduced[first + g]) s *= sizes[first + g];
        }
        var idx = new int[m];
        long oOff = 0, unused = 0;
        for (var off = 0; off < x.Length; off += inner)
        {
            var row = x.Slice(off, inner);
            if (lastReduced)
            {
                if (max) y[(int)oOff] = MathF.Max(y[(int)oOff], TensorPrimitives.Max(row));
                else y[(int)oOff] += TensorPrimitives.Sum(row);
            }
            else
            {
                var dst = y.Slice((int)oOff, inner);
                if (max) TensorPrimitives.Max(dst, row, dst);
                else TensorPrimitives.Add(dst, row, dst);
            }
            MultiIndex.Next(idx, m - 1, shape, outStride, ref oOff, null, ref unused);
        }
    }
}
