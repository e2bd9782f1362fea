namespace Galforge.Engine.Native;

/// <summary>
/// Thread count of the OpenMP runtime that Debian's oneDNN is built against (libgomp). OpenMP's
/// thread count is a per-thread setting, so it is applied on each calling thread before oneDNN
/// creates or runs a primitive there; a thread remembers what it last set to avoid repeat calls.
/// </summary>
internal static unsafe class OpenMpThreads
{
    private static readonly delegate* unmanaged<int, void> s_setNumThreads = Load();

    [ThreadStatic] private static int t_applied;

    /// <summary>Makes OpenMP parallel regions started from this thread use <paramref name="threads"/> threads.</summary>
    public static void Apply(int threads)
    {
        if (t_applied == threads || s_setNumThreads == null) return;
        s_setNumThreads(threads);
        t_applied = threads;
    }

    private static delegate* unmanaged<int, void> Load()
    {
        // oneDNN has already pulled libgomp into the process; this finds the same copy.
        foreach (var name in new[] { "libgomp.so.1", "libgomp.so" })
            if (System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out var h)
                && System.Runtime.InteropServices.NativeLibrary.TryGetExport(h, "omp_set_num_threads", out var f))
                return (delegate* unmanaged<int, void>)f;
        return null; // a oneDNN built on another threading runtime: leave its default
    }
}
