namespace Galforge.Engine;

/// <summary>
/// The buffers one backward pass rents from <see cref="TensorPool"/>, and the proof that they
/// are dead before they go back.
/// <para>
/// What can reach a tensor made during a backward pass: the pass's table of pending gradients,
/// the results it hands out (requested gradients, leaf <see cref="Tensor.Grad"/>s: "kept", never
/// returned), and the graph nodes recorded during the pass (only with <c>createGraph</c>; their
/// closures may capture such tensors). Backward functions are engine code that keep nothing
/// elsewhere, and nothing rented before the pass is ever touched.
/// </para>
/// <list type="bullet">
/// <item>While no node has been recorded, after each op's backward every rented buffer that no
/// pending gradient holds and that is not kept is dead: it is returned at once (<see cref="Sweep"/>).</item>
/// <item>Once nodes were recorded (<c>createGraph</c>: the WGAN-GP gradient penalty), the
/// remaining buffers are dead when every one of those nodes has been released by a later
/// backward pass (nothing outside the pass can reach them but through those nodes and the kept
/// results); the last release returns them. Nodes never released leave them to the garbage
/// collector.</item>
/// </list>
/// </summary>
internal sealed class BackwardArena
{
    [ThreadStatic] private static BackwardArena? t_current;

    private readonly HashSet<float[]> _rented = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<float[]> _kept = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<float[], int> _held = new(ReferenceEqualityComparer.Instance);
    private readonly List<float[]> _sweep = [];
    private readonly object _lock = new();
    private BackwardArena? _previousArena;
    private HashSet<float[]>? _previousLog;
    private int _nodes;
    private int _released;
    private bool _ended;
    private bool _freed;

    /// <summary>The arena of the backward pass running on this thread, if any.</summary>
    public static BackwardArena? Current => t_current;

    /// <summary>Starts a pass on this thread: rentals are logged and recorded nodes counted.</summary>
    public static BackwardArena Begin()
    {
        var arena = new BackwardArena { _previousArena = t_current };
        arena._previousLog = TensorPool.BeginLog(arena._rented);
        t_current = arena;
        return arena;
    }

    /// <summary>A graph node was recorded during this pass.</summary>
    public void NodeRecorded() => Interlocked.Increment(ref _nodes);

    /// <summary>A node recorded during this pass was released (its inputs and closure dropped).</summary>
    public void NodeReleased()
    {
        Interlocked.Increment(ref _released);
        TryFree();
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

    /// <summary><paramref name="t"/> is handed to the caller: its buffer is never returned.</summary>
    public void Keep(Tensor t)
    {
        _kept.Add(t._data);
        _rented.Remove(t._data);
    }

    /// <summary>Returns every rented buffer that nothing can reach now (only while no node was recorded).</summary>
    public void Sweep()
    {
        if (Volatile.Read(ref _nodes) > 0) return;
        foreach (var a in _rented)
            if (!_held.ContainsKey(a))
                _sweep.Add(a);
        foreach (var a in _sweep)
        {
            _rented.Remove(a);
            TensorPool.Return(a);
        }
        _sweep.Clear();
    }

    /// <summary>
    /// Ends the pass on this thread. The table of pending gradients is gone, so without recorded
    /// nodes everything not kept is dead now; otherwise it waits for the nodes' release.
    /// </summary>
    public void End()
    {
        TensorPool.EndLog(_previousLog);
        t_current = _previousArena;
        _held.Clear();
        lock (_lock) _ended = true;
        TryFree();
    }

    private void TryFree()
    {
        lock (_lock)
        {
            if (!_ended || _freed || Volatile.Read(ref _released) < Volatile.Read(ref _nodes)) return;
            _freed = true;
        }
        foreach (var a in _rented)
            if (!_kept.Contains(a))
                TensorPool.Return(a);
        _rented.Clear();
    }
}
