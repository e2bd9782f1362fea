namespace Galforge.Engine;

/// <summary>
/// Reuses the float buffers of tensors whose storage is provably dead, so that a training step
/// stops asking the garbage collector (and the kernel, through page faults on fresh memory) for
/// hundreds of megabytes per step.
/// <para>
/// Ops take their result buffers from here (<see cref="Rent"/>). Buffers come back only through
/// an arena's proof that nothing can reach them (see <c>BufferArena</c>): buffers rented during a
/// backward pass (consumed gradients, temporaries, and for a pass with <c>createGraph</c> the
/// recorded double-backward graph once all of it has been released), and the intermediate
/// activations of a <c>Sequential</c> of built-in layers (at once under <c>NoGrad</c>, else once
/// the backward pass has released their graph). Buffers the caller can see (requested gradients,
/// leaf <see cref="Tensor.Grad"/>s, a module's output) are never returned, nor is anything
/// rented outside an arena: the garbage collector keeps those.
/// </para>
/// Buckets are exact lengths (a tensor's length is its buffer's length), so a training loop whose
/// shapes repeat reuses the same buffers every step. Rented buffers are not cleared unless asked.
/// </summary>
public static class TensorPool
{
    /// <summary>Buffers shorter than this (16 KiB) are left to the garbage collector's fast small-object path.</summary>
    public const int MinimumLength = 4096;

    private static readonly Dictionary<int, Bucket> s_buckets = [];
    private static long s_clock;
    private static readonly object s_lock = new();
    private static long s_pooledBytes;
    private static long s_reused;
    private static long s_returned;

    /// <summary>
    /// Whether buffers are pooled (default true; the environment variable GALFORGE_TENSOR_POOL=0
    /// turns it off). Results are bitwise the same either way: every op either overwrites its
    /// whole result or asks for a cleared buffer.
    /// </summary>
    public static bool Enabled { get; set; } = Environment.GetEnvironmentVariable("GALFORGE_TENSOR_POOL") != "0";

    /// <summary>
    /// Most bytes kept in the pool while unused (default 1 GiB, or GALFORGE_TENSOR_POOL_MB);
    /// beyond it the least recently used sizes are dropped.
    /// </summary>
    public static long MaxPooledBytes { get; set; } =
        long.TryParse(Environment.GetEnvironmentVariable("GALFORGE_TENSOR_POOL_MB"), out var mb) && mb >= 0 ? mb << 20 : 1L << 30;

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
            a = TryTake(n);
            // a large miss: free the arenas that only wait for a collection, then look again
            if (a is null && n >= DormantCollectionLength && BufferArena.CollectDormant(DormantCollectionBytes))
                a = TryTake(n);
        }
        a ??= GC.AllocateUninitializedArray<float>(n);
        BufferArena.Current?.Rented(a);
        return a;
    }

    /// <summary>Rentals from this length (1 MiB) up that find no pooled buffer may force a young collection to free dormant arenas.</summary>
    private const int DormantCollectionLength = 1 << 18;

    /// <summary>Dormant arenas must hold at least this much (16 MiB) for that collection to be worth it.</summary>
    private const long DormantCollectionBytes = 16L << 20;

    private static float[]? TryTake(int n)
    {
        lock (s_lock)
        {
            if (!s_buckets.TryGetValue(n, out var bucket) || bucket.Buffers.Count == 0) return null;
            bucket.LastUse = ++s_clock;
            s_pooledBytes -= 4L * n;
            s_reused++;
            return bucket.Buffers.Pop();
        }
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
    /// (<c>BufferArena</c>) must have proved it.
    /// </summary>
    internal static void Return(float[] a)
    {
        if (!Enabled || a.Length < MinimumLength) return;
        var bytes = 4L * a.Length;
        if (bytes > MaxPooledBytes) return;
        lock (s_lock)
        {
            // Over the limit, drop the buffers of the sizes used longest ago (another workload's).
            while (s_pooledBytes + bytes > MaxPooledBytes && EvictOldest(a.Length)) { }
            if (s_pooledBytes + bytes > MaxPooledBytes) return;
            if (!s_buckets.TryGetValue(a.Length, out var bucket)) s_buckets[a.Length] = bucket = new Bucket();
            bucket.Buffers.Push(a);
            bucket.LastUse = ++s_clock;
            s_pooledBytes += bytes;
            s_returned++;
        }
    }

    /// <summary>Drops one buffer of the least recently used other size; false when there is none. Under the lock.</summary>
    private static bool EvictOldest(int keepLength)
    {
        Bucket? oldest = null;
        foreach (var (length, bucket) in s_buckets)
            if (length != keepLength && bucket.Buffers.Count > 0 && (oldest is null || bucket.LastUse < oldest.LastUse))
                oldest = bucket;
        if (oldest is null) return false;
        s_pooledBytes -= 4L * oldest.Buffers.Pop().Length;
        return true;
    }

    /// <summary>The unused buffers of one length, and when that length was last rented or returned.</summary>
    private sealed class Bucket
    {
        public readonly Stack<float[]> Buffers = new();
        public long LastUse;
    }
}
