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
