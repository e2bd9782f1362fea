using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Flow;

/// <summary>
/// Conditional masked autoregressive flow (Papamakarios et al. 2017) on VAE latents, as in
/// Lanusse et al. (2021): x is standardised, then passes K MADE affine bijectors
/// u_i = (x_i - shift_i(x_&lt;i, c)) · exp(-logscale_i(x_&lt;i, c)) with the variable order
/// reversed between them; u is standard normal. Conditions are standardised with stored
/// means and scales and fed to every MADE. The density is exact:
/// log p(x|c) = log N(u; 0, I) - Σ logscale - Σ log std.
/// </summary>
public sealed class ConditionalMaf : Module
{
    private readonly ConditionalMade[] _mades;

    /// <summary>A flow of <paramref name="bijectors"/> MADEs over <paramref name="dim"/> variables with <paramref name="conditions"/> conditions.</summary>
    public ConditionalMaf(int dim, int conditions, PhiloxGenerator rng, int bijectors = 8, int hidden = 256, double logScaleClip = 5.0)
    {
        if (bijectors < 1) throw new BadInputException($"flow: {bijectors} bijectors, expected >= 1");
        Dim = dim;
        ConditionCount = conditions;
        _mades = new ConditionalMade[bijectors];
        for (var k = 0; k < bijectors; k++) _mades[k] = RegisterModule("made" + k, new ConditionalMade(dim, conditions, hidden, logScaleClip, rng));
        DataMean = RegisterBuffer("data_mean", Tensor.Zeros(dim));
        DataStd = RegisterBuffer("data_std", Tensor.Ones(dim));
        ConditionMean = RegisterBuffer("cond_mean", Tensor.Zeros(Math.Max(conditions, 1)));
        ConditionStd = RegisterBuffer("cond_std", Tensor.Ones(Math.Max(conditions, 1)));
    }

    /// <summary>Number of variables D.</summary>
    public int Dim { get; }

    /// <summary>Number of conditions C.</summary>
    public int ConditionCount { get; }

    /// <summary>The MADE bijectors, data side first.</summary>
    public IReadOnlyList<ConditionalMade> Mades => _mades;

    /// <summary>Mean of the data used for standardisation [D].</summary>
    public Tensor DataMean { get; }

    /// <summary>Scale of the data used for standardisation [D].</summary>
    public Tensor DataStd { get; }

    /// <summary>Mean of the conditions [C].</summary>
    public Tensor ConditionMean { get; }

    /// <summary>Scale of the conditions [C].</summary>
    public Tensor ConditionStd { get; }

    /// <summary>Sets the standardisation from training data x [N, D] and conditions [N, C].</summary>
    public void FitStandardization(Tensor x, Tensor? conditions)
    {
        Standardize(x, DataMean, DataStd);
        if (conditions is not null && ConditionCount > 0) Standardize(conditions, ConditionMean, ConditionStd);
    }

    private static void Standardize(Tensor x, Tensor mean, Tensor std)
    {
        int n = x.Shape[0], d = x.Shape[1];
        var a = x.Data;
        for (var j = 0; j < d; j++)
        {
            double s = 0, ss = 0;
            for (var i = 0; i < n; i++) s += a[i * d + j];
            var m = s / n;
            for (var i = 0; i < n; i++) { var v = a[i * d + j] - m; ss += v * v; }
            mean.Data[j] = (float)m;
            std.Data[j] = (float)Math.Max(Math.Sqrt(ss / Math.Max(1, n - 1)), 1e-6);
        }
    }

    private Tensor? StandardizedConditions(Tensor? c) =>
        ConditionCount == 0 || c is null ? null : (c - ConditionMean) / ConditionStd;

    /// <summary>Maps data x [N, D] to the base variable u [N, D]; returns log|det ∂u/∂x| [N].</summary>
    public (Tensor U, Tensor LogDet) ToBase(Tensor x, Tensor? conditions)
    {
        var c = StandardizedConditions(conditions);
        var h = (x - DataMean) / DataStd;
        Tensor? logDet = null;
        for (var k = 0; k < _mades.Length; k++)
        {
            var (shift, logScale) = _mades[k].Parameters(h, c);
            h = (h - shift) * (-logScale).Exp();
            var ld = -logScale.Sum(1);
            logDet = logDet is null ? ld : logDet + ld;
            if (k < _mades.Length - 1) h = Reverse(h);
        }
        var stdLog = 0.0;
        foreach (var s in DataStd.Data) stdLog += Math.Log(s);
        return (h, logDet! - (float)stdLog);
    }

    /// <summary>log p(x | c) in nats, [N].</summary>
    public Tensor LogProb(Tensor x, Tensor? conditions)
    {
        var (u, logDet) = ToBase(x, conditions);
        var logNormal = (u * u).Sum(1) * -0.5f - (float)(0.5 * Dim * Math.Log(2 * Math.PI));
        return logNormal + logDet;
    }

    /// <summary>Maps base variables u [N, D] to data x [N, D] (D sequential passes per bijector; no gradients).</summary>
    public Tensor FromBase(Tensor u, Tensor? conditions)
    {
        using var _ = Autograd.NoGrad();
        var c = StandardizedConditions(conditions);
        int n = u.Shape[0], d = Dim;
        var h = u.Clone();
        for (var k = _mades.Length - 1; k >= 0; k--)
        {
            if (k < _mades.Length - 1) h = Reverse(h);
            // Invert x = u·exp(logscale(x_<i)) + shift(x_<i) one variable at a time: output i
            // depends only on x_<i, which are already final when i is computed.
            var x = Tensor.Zeros(n, d);
            var xs = x.Data;
            var us = h.Data;
            for (var i = 0; i < d; i++)
            {
                var (shift, logScale) = _mades[k].Parameters(x, c);
                var sh = shift.Data;
                var ls = logScale.Data;
                for (var r = 0; r < n; r++) xs[r * d + i] = us[r * d + i] * MathF.Exp(ls[r * d + i]) + sh[r * d + i];
            }
            h = x;
        }
        return h * DataStd + DataMean;
    }

    /// <summary>Draws x ~ p(x | c) for each condition row, with base noise from <paramref name="rng"/>; returns x and the base draw u.</summary>
    public (Tensor X, Tensor U) Sample(int count, Tensor? conditions, PhiloxGenerator rng)
    {
        var u = Tensor.RandN(rng, count, Dim);
        return (FromBase(u, conditions), u);
    }

    /// <summary>log p(x) without conditions (or with null).</summary>
    public override Tensor Forward(Tensor input) => LogProb(input, null);

    private Tensor Reverse(Tensor h)
    {
        var idx = new int[Dim];
        for (var i = 0; i < Dim; i++) idx[i] = Dim - 1 - i;
        return Functional.IndexSelect(h, 1, idx);
    }
}
