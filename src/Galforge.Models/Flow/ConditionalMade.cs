using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Flow;

/// <summary>
/// Conditional MADE (Germain et al. 2015; Papamakarios et al. 2017): an MLP whose masked
/// weights make output i depend only on inputs 0..i-1 (and on the condition, which feeds every
/// hidden layer), giving the shift and log-scale of one affine autoregressive bijector.
/// Hidden unit k has degree k mod D: it sees inputs with index &lt; its degree (degree 0 units
/// see only the condition), and output i sees hidden units of degree &lt;= i.
/// </summary>
public sealed class ConditionalMade : Module
{
    private readonly MaskedLinear _in, _hidden, _out;
    private readonly Linear? _condition;

    /// <summary>A MADE over <paramref name="dim"/> inputs with <paramref name="conditions"/> condition inputs and two hidden layers of <paramref name="hidden"/> units.</summary>
    public ConditionalMade(int dim, int conditions, int hidden, double logScaleClip, PhiloxGenerator rng)
    {
        if (dim < 1 || hidden < 1 || conditions < 0) throw new ArgumentOutOfRangeException(nameof(dim), $"made: dim {dim}, hidden {hidden}, conditions {conditions}");
        Dim = dim;
        LogScaleClip = (float)logScaleClip;
        var deg = new int[hidden];
        for (var k = 0; k < hidden; k++) deg[k] = k % dim;
        var mIn = new float[hidden * dim];
        for (var k = 0; k < hidden; k++)
            for (var j = 0; j < dim; j++) mIn[k * dim + j] = deg[k] > j ? 1f : 0f;
        var mHid = new float[hidden * hidden];
        for (var k = 0; k < hidden; k++)
            for (var j = 0; j < hidden; j++) mHid[k * hidden + j] = deg[k] >= deg[j] ? 1f : 0f;
        var mOut = new float[2 * dim * hidden];
        for (var i = 0; i < dim; i++)
            for (var j = 0; j < hidden; j++)
                mOut[i * hidden + j] = mOut[(dim + i) * hidden + j] = deg[j] <= i ? 1f : 0f;
        _in = RegisterModule("in", new MaskedLinear(dim, hidden, Tensor.FromArray(mIn, hidden, dim), rng));
        _condition = conditions > 0 ? RegisterModule("cond", new Linear(conditions, hidden, rng, bias: false)) : null;
        _hidden = RegisterModule("hidden", new MaskedLinear(hidden, hidden, Tensor.FromArray(mHid, hidden, hidden), rng));
        _out = RegisterModule("out", new MaskedLinear(hidden, 2 * dim, Tensor.FromArray(mOut, 2 * dim, hidden), rng));
        // Start near the identity: small output weights give shift ≈ 0 and log-scale ≈ 0.
        var w = _out.Weight.Data;
        for (var i = 0; i < w.Length; i++) w[i] *= 0.01f;
        _out.Bias!.Data.Clear();
    }

    /// <summary>Number of autoregressive variables D.</summary>
    public int Dim { get; }

    /// <summary>The log-scale is soft-clipped to (-clip, clip) by clip·tanh(a/clip).</summary>
    public float LogScaleClip { get; }

    /// <summary>Shift and (clipped) log-scale, each [N, D], of inputs [N, D] under conditions [N, C] (or null).</summary>
    public (Tensor Shift, Tensor LogScale) Parameters(Tensor x, Tensor? condition)
    {
        var h = _in.Forward(x);
        if (_condition is not null) h += _condition.Forward(condition ?? throw new ArgumentNullException(nameof(condition)));
        h = _hidden.Forward(h.Relu()).Relu();
        var o = _out.Forward(h);
        var raw = o.Narrow(1, Dim, Dim);
        return (o.Narrow(1, 0, Dim), (raw * (1f / LogScaleClip)).Tanh() * LogScaleClip);
    }

    /// <summary>Not used: a MADE needs a condition; call <see cref="Parameters"/>.</summary>
    public override Tensor Forward(Tensor input) => Parameters(input, null).Shift;
}
