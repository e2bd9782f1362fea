using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Applies its children in order; they are named "0", "1", ... as in PyTorch.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];
    private bool _keepsNoTensors = true;

    /// <summary>A chain of the given modules.</summary>
    public Sequential(params Module[] layers)
    {
        foreach (var l in layers) Add(l);
    }

    /// <summary>Appends a module (named by its position).</summary>
    public Sequential Add(Module layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        _keepsNoTensors &= layer.KeepsNoTensors;
        return this;
    }

    /// <summary>The number of layers.</summary>
    public int Count => _layers.Count;

    /// <summary>Layer <paramref name="index"/>.</summary>
    public Module this[int index] => _layers[index];

    internal override bool KeepsNoTensors => _keepsNoTensors;

    /// <inheritdoc />
    public override Tensor Forward(Tensor input)
    {
        if (!_keepsNoTensors)
        {
            var y = input;
            foreach (var l in _layers) y = l.Forward(y);
            return y;
        }
        // Every layer is built in and keeps nothing, so the intermediate results are reachable
        // only through the graph nodes recorded here: their buffers go back to the tensor pool
        // when those nodes are released (under NoGrad: as soon as the next layer has consumed
        // them). The output is handed out.
        var arena = BufferArena.Begin();
        try
        {
            var x = input;
            foreach (var l in _layers)
            {
                x = l.Forward(x);
                // nothing recorded (NoGrad): all but the current activation is dead already
                arena.Sweep(live: x);
            }
            arena.Keep(x);
            return x;
        }
        finally
        {
            arena.End();
        }
    }
}
