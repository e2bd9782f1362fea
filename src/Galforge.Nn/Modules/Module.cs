using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// A neural-network building block in PyTorch's manner: it owns parameters (leaf tensors that
/// require gradients), buffers (state that is saved but not trained, e.g. MADE masks) and child
/// modules, each registered under a name, so that every parameter has a hierarchical name such as
/// <c>enc.0.weight</c>. Names are what checkpoints and optimizer state are keyed by.
/// </summary>
public abstract class Module
{
    private readonly List<KeyValuePair<string, Tensor>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor>> _buffers = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];

    /// <summary>True in training mode (the default), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Applies the module to one input tensor.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>
    /// True for the built-in layers (sealed, engine code) whose Forward keeps no reference to any
    /// tensor it computes and returns nothing but its result: a <see cref="Sequential"/> made only
    /// of such layers may hand its intermediate buffers back to the tensor pool once they are
    /// provably dead. Modules defined elsewhere cannot claim it.
    /// </summary>
    internal virtual bool KeepsNoTensors => false;

    /// <summary>Registers a trainable parameter under <paramref name="name"/>; marks it as requiring gradients.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        value.RequiresGrad_();
        _parameters.Add(new(name, value));
        return value;
    }

    /// <summary>Registers a saved, untrained tensor (a buffer) under <paramref name="name"/>.</summary>
    protected Tensor RegisterBuffer(string name, Tensor value)
    {
        CheckName(name);
        _buffers.Add(new(name, value));
        return value;
    }

    /// <summary>Registers a child module under <paramref name="name"/>; its parameters are named <c>name.child</c>.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _children.Add(new(name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"module member name '{name}' must be non-empty and contain no '.'", nameof(name));
        foreach (var p in _parameters) if (p.Key == name) throw new ArgumentException($"name '{name}' is already registered", nameof(name));
        foreach (var p in _buffers) if (p.Key == name) throw new ArgumentException($"name '{name}' is already registered", nameof(name));
        foreach (var p in _children) if (p.Key == name) throw new ArgumentException($"name '{name}' is already registered", nameof(name));
    }

    /// <summary>The direct children, in registration order.</summary>
    public IReadOnlyList<KeyValuePair<string, Module>> Children => _children;

    /// <summary>Every parameter with its hierarchical name, depth first in registration order (own parameters first).</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> NamedParameters()
    {
        var list = new List<KeyValuePair<string, Tensor>>();
        Collect(list, "", buffers: false);
        return list;
    }

    /// <summary>Every buffer with its hierarchical name.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> NamedBuffers()
    {
        var list = new List<KeyValuePair<string, Tensor>>();
        Collect(list, "", buffers: true);
        return list;
    }

    /// <summary>Every parameter, in the order of <see cref="NamedParameters"/>.</summary>
    public IReadOnlyList<Tensor> Parameters()
    {
        var named = NamedParameters();
        var list = new Tensor[named.Count];
        for (var i = 0; i < list.Length; i++) list[i] = named[i].Value;
        return list;
    }

    /// <summary>Parameters and buffers by name: everything a checkpoint stores for this module.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> StateTensors()
    {
        var list = new List<KeyValuePair<string, Tensor>>();
        Collect(list, "", buffers: false);
        Collect(list, "", buffers: true);
        return list;
    }

    /// <summary>Total number of trainable scalars.</summary>
    public long ParameterCount()
    {
        long n = 0;
        foreach (var p in NamedParameters()) n += p.Value.Length;
        return n;
    }

    private void Collect(List<KeyValuePair<string, Tensor>> into, string prefix, bool buffers)
    {
        foreach (var p in buffers ? _buffers : _parameters) into.Add(new(prefix + p.Key, p.Value));
        foreach (var c in _children) c.Value.Collect(into, prefix + c.Key + ".", buffers);
    }

    /// <summary>Sets training mode (true) or evaluation mode (false) on this module and all children.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var c in _children) c.Value.Train(training);
        return this;
    }

    /// <summary>Evaluation mode: same as <c>Train(false)</c>.</summary>
    public Module Eval() => Train(false);

    /// <summary>Drops the accumulated gradients of every parameter (PyTorch's <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in NamedParameters()) p.Value.Grad = null;
    }

    /// <summary>
    /// Copies values into this module's parameters and buffers by name. Every name must be
    /// present with the same shape; <paramref name="source"/> names the origin in error messages.
    /// </summary>
    public void LoadStateTensors(IReadOnlyDictionary<string, Tensor> values, string source = "state", string prefix = "")
    {
        foreach (var (name, t) in StateTensors())
        {
            if (!values.TryGetValue(prefix + name, out var v))
                throw new BadInputException($"{source}: tensor '{prefix + name}' is missing (expected shape {ShapeText(t)})");
            if (!SameShape(v, t))
                throw new BadInputException($"{source}: tensor '{prefix + name}' has shape {ShapeText(v)}, expected {ShapeText(t)}");
            v.Data.CopyTo(t.Data);
        }
    }

    internal static bool SameShape(Tensor a, Tensor b)
    {
        if (a.Rank != b.Rank) return false;
        for (var i = 0; i < a.Rank; i++) if (a.Shape[i] != b.Shape[i]) return false;
        return true;
    }

    internal static string ShapeText(Tensor t) => "[" + string.Join(", ", t.Shape) + "]";
}
