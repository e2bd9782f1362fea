namespace Galforge.Engine;

/// <summary>
/// Reuses the float buffers of tensors whose storage is provably dead, so that a training step
/// stops asking the garbage collector (and the kernel, through page faults on fresh memory) for
/// hundreds of megabytes per step.
/// <para>
/// Ops take their result buffers from here (<see cref="Rent"/>). Buffers come back only through
/// <see cref="Autograd"/>'s bookkeeping of one backward pass (see <see cref="BackwardArena"/>):
/// a buffer rented while a backward pass runs on this thread is returned once nothing can reach
/// it any more (a consumed gradient, a temporary mask, or, for a pass with <c>createGraph</c>,
/// the buffers of the recorded double-backward graph once every node of it has been released).
/// Buffers the caller can see (requested gradients, leaf <see cref="Tensor.Grad"/>s) are never
/// returned, nor is anything rented outside a backward pass (forward activations the program may
/// still hold): the garbage collector keeps those.
/// </para>
/// Buckets are exact lengths (a tensor's length is its buffer's length), so a training loop whose
/// shapes repeat reuses the same buffers every step. Rented buffers are not cleared unless asked.
/// </summary>
public static class TensorPool
{
    /// <summary>Buffers shorter than this (16 KiB) are left to the garbage collector's fast small-object path.</summary>
    public const int MinimumLength = 4096;

    private static readonly Dictionary<int, Stack<float[]>> s_buckets = [];
    private static readonly object s_lock = new();
    private static long s_pooledBytes;
    private static long s_reused;
    private static long s_returned;

    [ThreadStatic] private static HashSet<float[]>? t_log;

    /// <summary>
    /// Whether buffers are pooled (default true; the environment variable GALFORGE_TENSOR_POOL=0
    /// turns it off). Results are bitwise the same either way: every op either overwrites its
    /// whole result or asks for a cleared buffer.
    /// </summary>
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("GALFORGE_TENSOR_POOL") != "0";

    /// <summary>Most bytes kept in the pool while unused (default 1 GiB); beyond it returned buffers are dropped.</summary>
    public static long MaxPooledBytes { get; set; } = 1L << 30;

    /// <summary>Bytes of unused buffers held now.</summary>
    public static long PooledBytes => Interlocked.Read(ref s_pooledBytes);

    /// <summary>Number of rentals served from the pool since start (diagnostics).</summary>
    public static long Reused => Interlocked.Read(ref s_reused);

    /// <summary>Number of buffers handed back to the pool since start (diagnostics).</summary>
    public static long Returned => Interlocked.Read(ref s_returned);

    /// <summary>Drops every pooled buffer (the garbage collector reclaims them).</summary>
    public static void Clear()
    {
        lock (s_lock)
        {
            s_buckets.Clear();
            s_pooledBytes = 0;
        }
    }

    /// <summary>A buffer of exactly <paramref name="length"/> floats with arbitrary contents.</summary>
    internal static float[] Rent(long length)
    {
        var n = checked((int)length);
        if (n < MinimumLength) return new float[n];
        float[]? a = null;
        if (Enabled)
        {
            lock (s_lock)
            {
                if (s_buckets.TryGetValue(n, out var stack) && stack.Count > 0)
                {
                    a = stack.Pop();
                    s_pooledBytes -= 4L * n;
                    s_reused++;
                }
            }
        }
        a ??= GC.AllocateUninitializedArray<float>(n);
        t_log?.Add(a);
        return a;
    }

    /// <summary>A buffer of exactly <paramref name="length"/> zeros.</summary>
    internal static float[] RentCleared(long length)
    {
        var n = checked((int)length);
        if (n < MinimumLength) return new float[n];
        var a = Rent(n);
        Array.Clear(a);
        return a;
    }

    /// <summary>
    /// Hands a buffer back. Only for buffers that nothing can reach any more: the caller
    /// (<see cref="BackwardArena"/>) must have proved it.
    /// </summary>
    internal static void Return(float[] a)
    {
        if (!Enabled || a.Length < MinimumLength) return;
        lock (s_lock)
        {
            if (s_pooledBytes + 4L * a.Length > MaxPooledBytes) return;
            if (!s_buckets.TryGetValue(a.Length, out var stack)) s_buckets[a.Length] = stack = new Stack<float[]>();
            stack.Push(a);
            s_pooledBytes += 4L * a.Length;
            s_returned++;
        }
    }

    /// <summary>
    /// Starts recording the buffers rented on this thread into <paramref name="log"/> (a backward
    /// pass's rentals); returns the previous log, to be given back to <see cref="EndLog"/>.
    /// </summary>
    internal static HashSet<float[]>? BeginLog(HashSet<float[]> log)
    {
        var previous = t_log;
        t_log = log;
        return previous;
    }

    /// <summary>Stops recording and restores the log that was active before.</summary>
    internal static void EndLog(HashSet<float[]>? previous) => t_log = previous;

    /// <summary>Removes a buffer from the active log (it escaped to the caller and must never be returned).</summary>
    internal static void Forget(float[] a) => t_log?.Remove(a);
}
