using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Stochastic gradient descent with momentum, as PyTorch 1.13: g += wd·p; b = g on the first
/// step, else b = μ·b + (1-dampening)·g; the step direction is b (or g + μ·b with Nesterov);
/// p -= lr · direction.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor[] _momentum;
    private readonly bool[] _started;

    /// <summary>SGD over <paramref name="parameters"/>.</summary>
    public Sgd(IReadOnlyList<KeyValuePair<string, Tensor>> parameters, double learningRate, double momentum = 0,
        double dampening = 0, double weightDecay = 0, bool nesterov = false) : base(parameters, learningRate)
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("sgd: Nesterov momentum needs momentum > 0 and zero dampening");
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentum = ZerosLikeParameters();
        _started = new bool[parameters.Count];
    }

    /// <summary>Momentum factor μ.</summary>
    public double Momentum { get; }

    /// <summary>Dampening of the gradient added to the momentum buffer.</summary>
    public double Dampening { get; }

    /// <summary>L2 penalty coefficient.</summary>
    public double WeightDecay { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <inheritdoc />
    public override string Kind => "sgd";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        float lr = (float)LearningRate, mu = (float)Momentum, keep = (float)(1 - Dampening), wd = (float)WeightDecay;
        var b = _momentum[index].Data;
        // The buffer starts as a copy of the parameter's first gradient (PyTorch's rule).
        var first = !_started[index];
        _started[index] = true;
        for (var i = 0; i < p.Length; i++)
        {
            var d = g[i];
            if (wd != 0) d += wd * p[i];
            if (mu != 0)
            {
                var bi = b[i] = first ? d : b[i] * mu + keep * d;
                d = Nesterov ? d + mu * bi : bi;
            }
            p[i] -= lr * d;
        }
    }

    /// <inheritdoc />
    protected override void OnStateLoaded()
    {
        if (StepCount > 0) Array.Fill(_started, true);
    }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, Tensor>> StateTensors()
    {
        var list = new List<KeyValuePair<string, Tensor>>();
        if (Momentum != 0) AddNamed(list, "momentum_buffer.", _momentum);
        return list;
    }
}
