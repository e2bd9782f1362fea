namespace Galforge.Engine;

/// <summary>
/// Reverse-mode automatic differentiation in PyTorch's manner: ops record themselves while the
/// program runs (per thread, unless inside <see cref="NoGrad"/>), and <c>Grad</c> or
/// <see cref="Tensor.Backward"/> walk the record backwards. With <c>createGraph: true</c> the
/// backward pass is recorded too, so a gradient can be differentiated again (WGAN-GP's gradient
/// penalty, R1).
/// </summary>
public static class Autograd
{
    [ThreadStatic] private static bool t_disabled;
    [ThreadStatic] private static HashSet<Tensor>? t_needed;

    /// <summary>
    /// Whether the backward pass now running needs the gradient of <paramref name="t"/>: it
    /// requires gradients and (for <c>Grad</c>) lies on a path to one of the requested inputs.
    /// Backward functions skip the others, as PyTorch does, so a gradient penalty does not
    /// compute the critic's weight gradients it never uses.
    /// </summary>
    internal static bool Needs(Tensor t) => t.RequiresGrad && (t_needed is null || t_needed.Contains(t));

    /// <summary>Whether ops on this thread are being recorded.</summary>
    public static bool IsEnabled => !t_disabled;

    /// <summary>Turns recording off on this thread until the returned scope is disposed.</summary>
    public static GradModeScope NoGrad() => SetEnabled(false);

    /// <summary>Turns recording on on this thread until the returned scope is disposed.</summary>
    public static GradModeScope EnableGrad() => SetEnabled(true);

    /// <summary>Sets recording on or off on this thread until the returned scope is disposed.</summary>
    public static GradModeScope SetEnabled(bool enabled)
    {
        var previous = !t_disabled;
        t_disabled = !enabled;
        return new GradModeScope(previous);
    }

    internal static void Restore(bool enabled) => t_disabled = !enabled;

    /// <summary>
    /// Gradients of the sum of <paramref name="outputs"/> (each weighted by its entry of
    /// <paramref name="gradOutputs"/>, default ones for one-element outputs) with respect to
    /// <paramref name="inputs"/>. With <paramref name="createGraph"/> the returned gradients are
    /// themselves recorded and can be differentiated. The graph is released afterwards unless
    /// <paramref name="retainGraph"/> (default: equal to <paramref name="createGraph"/>).
    /// Inputs that the outputs do not depend on get a zero gradient when
    /// <paramref name="allowUnused"/>, otherwise an error.
    /// </summary>
    public static Tensor[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor>? gradOutputs = null, bool createGraph = false, bool? retainGraph = null,
        bool allowUnused = false)
    {
        foreach (var x in inputs)
            if (!x.RequiresGrad)
                throw new InvalidOperationException($"grad: input {x.ShapeText} does not require gradients");
        var wanted = new Dictionary<Tensor, Tensor?>(ReferenceEqualityComparer.Instance);
        foreach (var x in inputs) wanted[x] = null;
        Run(outputs, gradOutputs, createGraph, retainGraph ?? createGraph, wanted, accumulateLeaves: false);
        var result = new Tensor[inputs.Count];
        for (var i = 0; i < inputs.Count; i++)
        {
            var g = wanted[inputs[i]];
            if (g is null)
            {
                if (!allowUnused)
                    throw new InvalidOperationException($"grad: input {i} {inputs[i].ShapeText} was not used to compute the outputs (pass allowUnused: true)");
                g = Tensor.ZerosLike(inputs[i]);
            }
            result[i] = g;
        }
        return result;
    }

    /// <summary>Single-output, single-input form of <see cref="Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool, bool?, bool)"/>.</summary>
    public static Tensor Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool createGraph = false, bool? retainGraph = null) =>
        Grad([output], [input], gradOutput is null ? null : [gradOutput], createGraph, retainGraph)[0];

    internal static void Run(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor>? gradOutputs, bool createGraph,
        bool retainGraph, Dictionary<Tensor, Tensor?>? wanted, bool accumulateLeaves)
    {
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"grad: {outputs.Count} outputs but {gradOutputs.Count} output gradients");
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
        using var mode = SetEnabled(createGraph);
        for (var i = 0; i < outputs.Count; i++)
        {
            var y = outputs[i];
            if (!y.RequiresGrad)
                throw new InvalidOperationException($"backward: output {y.ShapeText} does not require gradients (no input requires them, or it was computed under NoGrad)");
            Tensor g;
            if (gradOutputs is null)
            {
                if (y.Length != 1)
                    throw new TensorShapeException("backward", $"output {y.ShapeText} is not a single value; pass its gradient explicitly");
                g = Tensor.OnesLike(y);
            }
            else
            {
                g = gradOutputs[i];
                if (!g.SameShape(y))
                    throw new TensorShapeException("backward", $"gradient {g.ShapeText} does not match output {y.ShapeText}");
            }
            Accumulate(grads, y, g);
        }

        var order = TopologicalOrder(outputs);
        HashSet<Tensor>? needed = null;
        if (!accumulateLeaves && wanted is not null)
        {
            // order lists inputs before their consumers: a tensor is needed when it is wanted
            // or one of its inputs is needed
            needed = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
            foreach (var t in order)
            {
                var need = wanted.ContainsKey(t);
                if (!need && t.Node?.Inputs is { } ins)
                    foreach (var i in ins)
                        if (needed.Contains(i)) { need = true; break; }
                if (need) needed.Add(t);
            }
        }
        var previousNeeded = t_needed;
        t_needed = needed;
        var arena = BufferArena.Begin();
        try
        {
            foreach (var g in grads.Values) arena.Hold(g);
            Propagate(order, grads, wanted, createGraph, accumulateLeaves, arena);
        }
        finally
        {
            arena.End();
            t_needed = previousNeeded;
        }
        if (!retainGraph)
            foreach (var t in order)
                t.Node?.Release();
    }

    private static void Propagate(List<Tensor> order, Dictionary<Tensor, Tensor> grads, Dictionary<Tensor, Tensor?>? wanted,
        bool createGraph, bool accumulateLeaves, BufferArena arena)
    {
        // Reverse topological order: every consumer of a tensor is processed before the tensor,
        // so its gradient is complete when it is reached.
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (!grads.Remove(t, out var g)) continue;
            arena.Drop(g);
            if (wanted is not null && wanted.ContainsKey(t))
            {
                wanted[t] = g;
                arena.Keep(g);
            }
            var node = t.Node;
            if (node is null)
            {
                if (accumulateLeaves && t.RequiresGrad)
                {
                    if (!createGraph) g = g.Detach();
                    // A gradient tensor may be shared by several inputs (add passes it through),
                    // so the leaf keeps its own copy, which optimizers may then change in place.
                    t.Grad = t.Grad is null ? (createGraph ? g : new Tensor(g.ToArray(), t._shape)) : t.Grad.Add(g);
                    arena.Keep(t.Grad);
                }
                arena.Sweep();
                continue;
            }
            if (node.IsReleased)
                throw new InvalidOperationException($"backward: the graph through '{node.Op}' was already freed by an earlier backward pass; pass retainGraph: true to the first one");
            var inputs = node.Inputs!;
            // with createGraph the nodes recorded now may capture the buffers of the node's arena
            node.Arena?.DependOn(arena);
            var inputGrads = node.Backward!(g);
            for (var k = 0; k < inputs.Length; k++)
            {
                var gi = inputGrads[k];
                if (gi is null || !Needs(inputs[k])) continue;
                if (!gi.SameShape(inputs[k]))
                    throw new InvalidOperationException($"internal error: '{node.Op}' produced gradient {gi.ShapeText} for input {inputs[k].ShapeText}");
                Accumulate(grads, inputs[k], gi, arena);
            }
            // g, the op's temporaries and any gradient it discarded are dead unless pending
            arena.Sweep();
        }
    }

    private static void Accumulate(Dictionary<Tensor, Tensor> grads, Tensor t, Tensor g, BufferArena? arena = null)
    {
        if (grads.TryGetValue(t, out var existing))
        {
            var sum = existing.Add(g);
            arena?.Drop(existing);
            g = sum;
        }
        grads[t] = g;
        arena?.Hold(g);
    }

    /// <summary>Tensors reachable from the outputs, each after all of its inputs.</summary>
    private static List<Tensor> TopologicalOrder(IReadOnlyList<Tensor> outputs)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor T, int Next)>();
        foreach (var root in outputs)
        {
            if (!visited.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var inputs = t.Node?.Inputs;
                if (inputs is not null && next < inputs.Length)
                {
                    stack.Push((t, next + 1));
                    var child = inputs[next];
                    if (child.RequiresGrad && visited.Add(child)) stack.Push((child, 0));
                }
                else
                {
                    order.Add(t);
                }
            }
        }
        return order;
    }
}

/// <summary>Restores the previous recording mode when disposed.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool _previous;

    internal GradModeScope(bool previous) => _previous = previous;

    /// <inheritdoc />
    public void Dispose() => Autograd.Restore(_previous);
}
