using System.Runtime.CompilerServices;

namespace Galforge.Engine;

/// <summary>
/// The buffers that one backward pass, or one forward pass through a chain of modules known to
/// keep no tensors (<c>Sequential</c> of built-in layers), rents from <see cref="TensorPool"/>,
/// and the proof that they are dead before they go back.
/// <para>
/// A tensor made inside an arena can be reached only through: the pass's table of pending
/// gradients (backward passes), the results handed out ("kept": requested gradients, leaf
/// <see cref="Tensor.Grad"/>s, the module chain's output; never returned), and the graph nodes
/// recorded inside the arena, whose inputs and closures may hold it. Backward functions and the
/// built-in layers are engine code that store tensors nowhere else.
/// </para>
/// <list type="bullet">
/// <item>While no node has been recorded, every rented buffer that no pending gradient holds and
/// that is not kept is dead: a backward pass returns them after each op (<see cref="Sweep"/>),
/// an arena returns them when it ends (inference under <c>NoGrad</c>).</item>
/// <item>Once nodes were recorded, the remaining buffers are dead when every later pass with
/// <c>createGraph</c> that ran those nodes' backward functions (and so may have captured the
/// buffers in nodes of its own) has been freed (<see cref="DependOn"/>), and either every one of
/// the nodes has been released by a backward pass or every tensor the arena handed out has been
/// collected (then nothing can reach the nodes: the forward graph of a gradient penalty, which
/// no backward pass releases, goes this way).</item>
/// </list>
/// A buffer kept by any arena is removed from the arena that rented it (<see cref="Keep"/>), so
/// a result is never returned even if a backward function passed a buffer of another arena on.
/// </summary>
internal sealed class BufferArena
{
    [ThreadStatic] private static BufferArena? t_current;
    private static readonly ConditionalWeakTable<float[], BufferArena> s_owner = [];
    private static readonly List<BufferArena> s_dormant = [];
    private static int s_freedCount;
    private static int s_dormantVersion;
    private static int s_collectedVersion = -1;

    private readonly HashSet<float[]> _rented = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<float[], int> _held = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<BufferArena> _dependencies = new(ReferenceEqualityComparer.Instance);
    private readonly List<BufferArena> _dependents = [];
    private readonly List<float[]> _escaped = [];
    private readonly List<WeakReference<Tensor>> _outputs = [];
    private readonly List<float[]> _sweep = [];
    private readonly object _lock = new();
    private BufferArena? _previous;
    private int _nodes;
    private int _released;
    private int _pending;
    private bool _ended;
    private bool _freed;

    /// <summary>The innermost arena open on this thread, if any.</summary>
    public static BufferArena? Current => t_current;

    /// <summary>
    /// Opens an arena on this thread, inside the current one if any: buffers rented here are its
    /// own, nodes recorded here are counted here and in the enclosing arenas.
    /// </summary>
    public static BufferArena Begin()
    {
        var arena = new BufferArena { _previous = t_current };
        t_current = arena;
        return arena;
    }

    /// <summary>Called by <see cref="TensorPool"/> for every buffer rented while this arena is open.</summary>
    public void Rented(float[] a)
    {
        lock (_lock) _rented.Add(a);
        s_owner.AddOrUpdate(a, this);
    }

    /// <summary>
    /// A graph node was recorded in this arena. It counts for the enclosing arenas too: its
    /// inputs may be their buffers (a nested module chain's input is an outer intermediate).
    /// </summary>
    public void NodeRecorded()
    {
        for (var a = this; a is not null; a = a._previous) Interlocked.Increment(ref a._nodes);
    }

    /// <summary>A node recorded in this arena was released (its inputs and closure dropped).</summary>
    public void NodeReleased()
    {
        for (var a = this; a is not null; a = a._previous)
        {
            Interlocked.Increment(ref a._released);
            a.TryFree();
        }
    }

    /// <summary>
    /// A pass (<paramref name="pass"/>) ran the backward function of a node of this arena; with
    /// <c>createGraph</c> its nodes may now hold the buffers that node holds (this arena's or an
    /// enclosing one's), so these arenas wait until the pass's arena is freed.
    /// </summary>
    public void DependOn(BufferArena pass)
    {
        for (var a = this; a is not null; a = a._previous)
        {
            if (a == pass) continue;
            lock (pass._lock)
            {
                if (pass._freed || !a._dependencies.Add(pass)) continue;
                pass._dependents.Add(a);
                Interlocked.Increment(ref a._pending);
            }
        }
    }

    /// <summary>A pending gradient now holds <paramref name="g"/>'s buffer.</summary>
    public void Hold(Tensor g) => _held[g._data] = _held.GetValueOrDefault(g._data) + 1;

    /// <summary>A pending gradient holding <paramref name="g"/>'s buffer was consumed.</summary>
    public void Drop(Tensor g)
    {
        var n = _held[g._data] - 1;
        if (n == 0) _held.Remove(g._data);
        else _held[g._data] = n;
    }

    /// <summary>
    /// <paramref name="t"/> is handed out: its buffer is never returned, whichever arena rented
    /// it, and while the tensor object lives a backward pass may still run through this arena's
    /// nodes.
    /// </summary>
    public void Keep(Tensor t)
    {
        if (s_owner.TryGetValue(t._data, out var owner)) owner.Escape(t._data);
        lock (_lock) _outputs.Add(new WeakReference<Tensor>(t));
    }

    private void Escape(float[] a)
    {
        lock (_lock)
            if (_rented.Remove(a))
                _escaped.Add(a);
    }

    /// <summary>
    /// Returns every rented buffer that nothing can reach now: while no node was recorded, all but
    /// those held by pending gradients and <paramref name="live"/>'s (a module chain's current
    /// activation under NoGrad).
    /// </summary>
    public void Sweep(Tensor? live = null)
    {
        if (Volatile.Read(ref _nodes) > 0) return;
        lock (_lock)
        {
            foreach (var a in _rented)
                if (!_held.ContainsKey(a) && a != live?._data)
                    _sweep.Add(a);
            foreach (var a in _sweep) _rented.Remove(a);
        }
        foreach (var a in _sweep) TensorPool.Return(a);
        _sweep.Clear();
    }

    /// <summary>
    /// Closes the arena on this thread. Kept buffers it rented become rentals of the enclosing
    /// arena (they are intermediates there). Without recorded nodes everything else is dead now;
    /// otherwise it waits for the nodes' release.
    /// </summary>
    public void End()
    {
        t_current = _previous;
        if (_previous is { } outer)
            foreach (var a in _escaped)
                outer.Rented(a);
        _escaped.Clear();
        _held.Clear();
        lock (_lock) _ended = true;
        TryFree();
        RetryDormant();
        if (!_freed)
        {
            lock (s_dormant) s_dormant.Add(this);
            Interlocked.Increment(ref s_dormantVersion);
        }
    }

    /// <summary>
    /// Frees the arenas whose nodes were never released but whose handed-out tensors the garbage
    /// collector has collected since (a forward graph used only for a gradient penalty).
    /// </summary>
    private static void RetryDormant()
    {
        BufferArena[] dormant;
        lock (s_dormant)
        {
            s_dormant.RemoveAll(a => a._freed);
            dormant = [.. s_dormant];
        }
        foreach (var a in dormant) a.TryFree();
    }

    /// <summary>
    /// Called by <see cref="TensorPool"/> when a large rental finds no pooled buffer: if arenas
    /// holding at least <paramref name="minimumBytes"/> wait only for their handed-out tensors to
    /// be collected (a gradient penalty's forward graph, dead since the critic's backward pass),
    /// a blocking, non-compacting collection (cheap: the heap is mostly float buffers, which
    /// hold no references) frees them now. Left to the next natural collection, which the pool makes
    /// rare, they would be replaced by fresh buffers every step and the pool would swell.
    /// Returns whether any arena was freed.
    /// </summary>
    public static bool CollectDormant(long minimumBytes)
    {
        long waiting = 0;
        lock (s_dormant)
        {
            s_dormant.RemoveAll(a => a._freed);
            foreach (var a in s_dormant)
                if (Volatile.Read(ref a._pending) == 0)
                    lock (a._lock)
                        foreach (var b in a._rented) waiting += 4L * b.Length;
        }
        // collect again only when arenas became dormant or stopped waiting for a pass since
        var version = Volatile.Read(ref s_dormantVersion);
        if (waiting < minimumBytes || version == s_collectedVersion) return false;
        s_collectedVersion = version;
        var freed = Volatile.Read(ref s_freedCount);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        RetryDormant();
        return Volatile.Read(ref s_freedCount) != freed;
    }

    /// <summary>
    /// Whether every tensor handed out by this arena has been collected. Its nodes are then
    /// unreachable: the only ways into them were those tensors and this arena's own tensors,
    /// which only its nodes and the nodes of passes it waits for (<see cref="DependOn"/>) hold.
    /// </summary>
    private bool OutputsCollected()
    {
        foreach (var w in _outputs)
            if (w.TryGetTarget(out _)) return false;
        return true;
    }

    private void DependencyFreed()
    {
        Interlocked.Decrement(ref _pending);
        Interlocked.Increment(ref s_dormantVersion);
        TryFree();
    }

    private void TryFree()
    {
        float[][] free;
        BufferArena[] dependents;
        lock (_lock)
        {
            if (!_ended || _freed || Volatile.Read(ref _pending) > 0) return;
            if (Volatile.Read(ref _released) < Volatile.Read(ref _nodes) && !OutputsCollected()) return;
            _freed = true;
            Interlocked.Increment(ref s_freedCount);
            free = [.. _rented];
            _rented.Clear();
            dependents = [.. _dependents];
            _dependents.Clear();
        }
        foreach (var a in free)
        {
            s_owner.Remove(a);
            TensorPool.Return(a);
        }
        foreach (var d in dependents) d.DependencyFreed();
    }
}
