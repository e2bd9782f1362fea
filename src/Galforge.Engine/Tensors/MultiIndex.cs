namespace Galforge.Engine;

/// <summary>Row-major multi-index stepping shared by the strided loops (broadcasting, permutation, reduction).</summary>
internal static class MultiIndex
{
    /// <summary>
    /// Advances <paramref name="idx"/> (last of the first <paramref name="count"/> dimensions
    /// fastest) by one step, moving <paramref name="offA"/> and <paramref name="offB"/> by their
    /// strides (<paramref name="stridesB"/> may be null) and rewinding a dimension when it wraps.
    /// </summary>
    public static void Next(int[] idx, int count, int[] shape, long[] stridesA, ref long offA, long[]? stridesB, ref long offB)
    {
        for (var d = count - 1; d >= 0; d--)
        {
            idx[d]++;
            offA += stridesA[d];
            if (stridesB is not null) offB += stridesB[d];
            if (idx[d] < shape[d]) return;
            offA -= stridesA[d] * shape[d];
            if (stridesB is not null) offB -= stridesB[d] * shape[d];
            idx[d] = 0;
        }
    }
}
