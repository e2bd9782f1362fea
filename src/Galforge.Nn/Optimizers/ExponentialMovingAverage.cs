using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Exponential moving average of a model's parameters (the progressive GAN's generator average,
/// Karras et al. 2018): after each step, avg = decay·avg + (1 - decay)·param. The averages are
/// kept by parameter name and saved in checkpoints.
/// </summary>
public sealed class ExponentialMovingAverage
{
    private readonly IReadOnlyList<KeyValuePair<string, Tensor>> _source;
    private readonly Tensor[] _average;

    /// <summary>Starts the averages at the current values of <paramref name="model"/>'s parameters.</summary>
    public ExponentialMovingAverage(Module model, double decay)
    {
        if (!(decay >= 0 && decay <= 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "ema: decay must be in [0, 1]");
        Decay = decay;
        _source = model.NamedParameters();
        _average = new Tensor[_source.Count];
        for (var i = 0; i < _average.Length; i++) _average[i] = _source[i].Value.Detach().Clone();
    }

    /// <summary>The weight of the old average per update.</summary>
    public double Decay { get; }

    /// <summary>Moves the averages toward the current parameters.</summary>
    public void Update()
    {
        float d = (float)Decay, c = (float)(1 - Decay);
        for (var i = 0; i < _average.Length; i++)
        {
            var a = _average[i].Data;
            var p = _source[i].Value.Data;
            // a = d·a + c·p
            TensorPrimitives.Multiply(a, d, a);
            TensorPrimitives.MultiplyAdd(p, c, a, a);
        }
    }

    /// <summary>Copies the averages into <paramref name="target"/>, a module of the same architecture.</summary>
    public void CopyTo(Module target)
    {
        var named = target.NamedParameters();
        if (named.Count != _average.Length)
            throw new ArgumentException($"ema: target has {named.Count} parameters, the average {_average.Length}", nameof(target));
        for (var i = 0; i < named.Count; i++)
        {
            if (named[i].Key != _source[i].Key || named[i].Value.Length != _average[i].Length)
                throw new ArgumentException($"ema: target parameter '{named[i].Key}' does not match averaged '{_source[i].Key}'", nameof(target));
            _average[i].Data.CopyTo(named[i].Value.Data);
        }
    }

    /// <summary>The averages by parameter name.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> StateTensors()
    {
        var list = new List<KeyValuePair<string, Tensor>>(_average.Length);
        for (var i = 0; i < _average.Length; i++) list.Add(new(_source[i].Key, _average[i]));
        return list;
    }

    /// <summary>Restores averages saved from <see cref="StateTensors"/>, names prefixed by <paramref name="prefix"/>.</summary>
    public void LoadState(IReadOnlyDictionary<string, Tensor> values, string source = "state", string prefix = "")
    {
        foreach (var (name, t) in StateTensors())
        {
            if (!values.TryGetValue(prefix + name, out var v))
                throw new BadInputException($"{source}: average tensor '{prefix + name}' is missing");
            if (!Module.SameShape(v, t))
                throw new BadInputException($"{source}: average tensor '{prefix + name}' has shape {Module.ShapeText(v)}, expected {Module.ShapeText(t)}");
            v.Data.CopyTo(t.Data);
        }
    }
}
