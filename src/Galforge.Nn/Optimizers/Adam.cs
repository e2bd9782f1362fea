using System.Numerics;
using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Adam (Kingma and Ba 2015) with PyTorch 1.13's exact update: g += wd·p (L2 weight decay);
/// m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr/(1-β1ᵗ) · m / (sqrt(v)/sqrt(1-β2ᵗ) + eps).
/// Bias corrections are computed in double, as PyTorch does in Python.
/// </summary>
public sealed class Adam : Optimizer
{
    private readonly Tensor[] _expAvg, _expAvgSq;

    /// <summary>Adam over <paramref name="parameters"/> (defaults as PyTorch: betas (0.9, 0.999), eps 1e-8, no weight decay).</summary>
    public Adam(IReadOnlyList<KeyValuePair<string, Tensor>> parameters, double learningRate = 1e-3, double beta1 = 0.9,
        double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0) : base(parameters, learningRate)
    {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new ArgumentOutOfRangeException(nameof(beta1), $"adam: betas ({beta1}, {beta2}) must be in [0, 1)");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        _expAvg = ZerosLikeParameters();
        _expAvgSq = ZerosLikeParameters();
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator.</summary>
    public double Eps { get; }

    /// <summary>L2 penalty coefficient added to the gradient.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc />
    public override string Kind => "adam";

    /// <inheritdoc />
    protected override void Update(int index, Span<float> p, ReadOnlySpan<float> g)
    {
        var m = _expAvg[index].Data;
        var v = _expAvgSq[index].Data;
        var bc1 = 1 - Math.Pow(Beta1, StepCount);
        var bc2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        float stepSize = (float)(LearningRate / bc1), b1 = (float)Beta1, b2 = (float)Beta2, c1 = (float)(1 - Beta1),
            c2 = (float)(1 - Beta2), invBc2 = (float)(1 / bc2Sqrt), eps = (float)Eps, wd = (float)WeightDecay;
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = Vector<float>.Count;
            for (; i <= p.Length - w; i += w)
            {
                var gi = new Vector<float>(g[i..]);
                var pi = new Vector<float>(p[i..]);
                if (wd != 0) gi += wd * pi;
                var mi = new Vector<float>(m[i..]) * b1 + gi * c1;
                var vi = new Vector<float>(v[i..]) * b2 + gi * gi * c2;
                mi.CopyTo(m[i..]);
                vi.CopyTo(v[i..]);
                var denom = Vector.SquareRoot(vi) * invBc2 + new Vector<float>(eps);
                (pi - stepSize * (mi / denom)).CopyTo(p[i..]);
            }
        }
        for (; i < p.Length; i++)
        {
            var gi = g[i];
            if (wd != 0) gi += wd * p[i];
            var mi = m[i] = m[i] * b1 + gi * c1;
            var vi = v[i] = v[i] * b2 + gi * gi * c2;
            p[i] -= stepSize * (mi / (MathF.Sqrt(vi) * invBc2 + eps));
        }
    }

    /// <inheritdoc />
    public override IReadOnlyList<KeyValuePair<string, Tensor>> StateTensors()
    {
        var list = new List<KeyValuePair<string, Tensor>>();
        AddNamed(list, "exp_avg.", _expAvg);
        AddNamed(list, "exp_avg_sq.", _expAvgSq);
        return list;
    }
}
