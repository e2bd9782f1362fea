namespace Galforge.Engine.Kernels;

/// <summary>
/// How many threads the engine's kernels use. Defaults to
/// <see cref="Backends.BackendSelection.ThreadCount"/> (GALFORGE_THREADS, else all cores) and can
/// be changed at run time (e.g. by <c>galforge bench engine --threads N</c>). Results do not
/// depend on it: work is split so that each output element is computed by one thread in a fixed
/// order.
/// </summary>
public static class Parallelism
{
    private static int s_threads = Math.Max(1, Backends.BackendSelection.ThreadCount);

    /// <summary>The number of worker threads (at least 1).</summary>
    public static int Threads
    {
        get => s_threads;
        set => s_threads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "thread count must be at least 1");
    }

    /// <summary>Elements per task when an elementwise op over a long array is split over threads.</summary>
    public const int ElementwiseChunk = 1 << 16;

    /// <summary>
    /// Runs <paramref name="body"/>(start, count) over [0, length) in chunks of
    /// <see cref="ElementwiseChunk"/> on <see cref="Threads"/> threads; inline for short arrays.
    /// Only for elementwise work. The chunks do not depend on the thread count (one thread
    /// runs them in order), so vectorised functions see the same pieces and give the same bits.
    /// </summary>
    public static void ForChunks(int length, Action<int, int> body)
    {
        if (length < 2 * ElementwiseChunk)
        {
            body(0, length);
            return;
        }
        var chunks = (length + ElementwiseChunk - 1) / ElementwiseChunk;
        For(chunks, s_threads, i => body(i * ElementwiseChunk, Math.Min(ElementwiseChunk, length - i * ElementwiseChunk)));
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="count"/>) in blocks of
    /// whole items (planes, rows) of about <see cref="ElementwiseChunk"/> elements each, given
    /// <paramref name="elementsPerItem"/>, on <see cref="Threads"/> threads; inline when the
    /// work is small. For work whose items are independent (each writes only its own outputs).
    /// </summary>
    public static void ForBlocks(int count, long elementsPerItem, Action<int, int> body)
    {
        if (count <= 0) return;
        var per = (int)Math.Clamp(ElementwiseChunk / Math.Max(elementsPerItem, 1), 1, count);
        if (s_threads <= 1 || (long)count * elementsPerItem < 2 * ElementwiseChunk || per >= count)
        {
            body(0, count);
            return;
        }
        var blocks = (count + per - 1) / per;
        For(blocks, s_threads, b => body(b * per, Math.Min(count, (b + 1) * per)));
    }

    /// <summary>
    /// Runs <paramref name="body"/> for each index in [0, count), spread over at most
    /// <paramref name="threads"/> threads (inline when that is 1 or there is one index).
    /// </summary>
    public static void For(int count, int threads, Action<int> body)
    {
        if (count <= 0) return;
        if (threads <= 1 || count == 1)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
    }
}
