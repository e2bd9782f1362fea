using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Base of gradient-descent optimizers over named parameters (from
/// <see cref="Module.NamedParameters"/>). Its state (moments, step count) is exposed by name
/// for checkpoints: <see cref="StateTensors"/> and <see cref="LoadState"/>.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Optimizes the given named parameters with base learning rate <paramref name="learningRate"/>.</summary>
    protected Optimizer(IReadOnlyList<KeyValuePair<string, Tensor>> parameters, double learningRate)
    {
        if (parameters.Count == 0) throw new ArgumentException("optimizer: no parameters to optimize", nameof(parameters));
        if (!(learningRate >= 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "optimizer: learning rate must be >= 0");
        Parameters = parameters;
        LearningRate = learningRate;
    }

    /// <summary>The parameters, by name, in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> Parameters { get; }

    /// <summary>The learning rate the next <see cref="Step"/> uses (a schedule may change it between steps).</summary>
    public double LearningRate { get; set; }

    /// <summary>Number of steps taken so far.</summary>
    public long StepCount { get; protected set; }

    /// <summary>A short name of the algorithm ("adam", "sgd"), saved in checkpoints.</summary>
    public abstract string Kind { get; }

    /// <summary>
    /// Updates every parameter that has a gradient, in place. Parameters without a gradient
    /// (unused in this step) are left as they are, as PyTorch does.
    /// </summary>
    public void Step()
    {
        StepCount++;
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Value;
            if (p.Grad is null) continue;
            Update(i, p.Data, p.Grad.Data);
        }
    }

    /// <summary>Updates parameter <paramref name="index"/> from its gradient (StepCount already counts this step).</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    /// <summary>Drops every parameter's gradient (sets it to null).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Value.Grad = null;
    }

    /// <summary>The optimizer's per-parameter state tensors by name (e.g. <c>exp_avg.enc.0.weight</c>).</summary>
    public abstract IReadOnlyList<KeyValuePair<string, Tensor>> StateTensors();

    /// <summary>
    /// Restores state saved from <see cref="StateTensors"/> and <see cref="StepCount"/>; every
    /// state tensor must be present with its shape. <paramref name="source"/> names the origin in errors.
    /// </summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> values, long stepCount, string source = "state", string prefix = "")
    {
        foreach (var (name, t) in StateTensors())
        {
            if (!values.TryGetValue(prefix + name, out var v))
                throw new BadInputException($"{source}: optimizer tensor '{prefix + name}' is missing (expected shape {Module.ShapeText(t)})");
            if (!Module.SameShape(v, t))
                throw new BadInputException($"{source}: optimizer tensor '{prefix + name}' has shape {Module.ShapeText(v)}, expected {Module.ShapeText(t)}");
            v.Data.CopyTo(t.Data);
        }
        StepCount = stepCount;
        OnStateLoaded();
    }

    /// <summary>Called after <see cref="LoadState"/> so a subclass can mark its state as started.</summary>
    protected virtual void OnStateLoaded() { }

    /// <summary>Zero tensors shaped like each parameter.</summary>
    protected Tensor[] ZerosLikeParameters()
    {
        var a = new Tensor[Parameters.Count];
        for (var i = 0; i < a.Length; i++) a[i] = Tensor.ZerosLike(Parameters[i].Value);
        return a;
    }

    /// <summary>Pairs each parameter's name, prefixed, with its entry of <paramref name="state"/>.</summary>
    protected void AddNamed(List<KeyValuePair<string, Tensor>> into, string prefix, Tensor[] state)
    {
        for (var i = 0; i < state.Length; i++) into.Add(new(prefix + Parameters[i].Key, state[i]));
    }
}
