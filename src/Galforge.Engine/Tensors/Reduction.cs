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

        var m = sizes.Count;
        var inner = sizes[m - 1];
        var lastReduced = flags[m - 1];
        // output strides of the outer groups (0 for reduced groups)
        var outStride = new long[m];
        long s = lastReduced ? 1 : inner;
        for (var g = m - 2; g >= 0; g--)
        {
            outStride[g] = flags[g] ? 0 : s;
            if (!flags[g]) s *= sizes[g];
        }
        var idx = new int[m];
        var shapeArr = sizes.ToArray();
        long oOff = 0, unused = 0;
        for (var off = 0; off < x.Length; off += inner)
        {
            var row = x.AsSpan(off, inner);
            if (lastReduced)
            {
                if (max) y[oOff] = MathF.Max(y[oOff], TensorPrimitives.Max(row));
                else y[oOff] += TensorPrimitives.Sum(row);
            }
            else
            {
                var dst = y.AsSpan((int)oOff, inner);
                if (max) TensorPrimitives.Max(dst, row, dst);
                else TensorPrimitives.Add(dst, row, dst);
            }
            MultiIndex.Next(idx, m - 1, shapeArr, outStride, ref oOff, null, ref unused);
        }
        return y;
    }
}
