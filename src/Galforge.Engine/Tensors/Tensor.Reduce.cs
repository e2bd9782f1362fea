namespace Galforge.Engine;

public sealed partial class Tensor
{
    private bool[] ReducedAxes(int[] axes, string op, out int[] keptShape, out int[] squeezedShape, out int count)
    {
        var reduced = new bool[Rank];
        if (axes.Length == 0) Array.Fill(reduced, true);
        foreach (var a in axes) reduced[NormalizeDim(a, Rank, op)] = true;
        keptShape = new int[Rank];
        var sq = new List<int>();
        count = 1;
        for (var i = 0; i < Rank; i++)
        {
            keptShape[i] = reduced[i] ? 1 : _shape[i];
            if (reduced[i]) count *= _shape[i];
            else sq.Add(_shape[i]);
        }
        squeezedShape = [.. sq];
        return reduced;
    }

    /// <summary>Sum over <paramref name="axes"/> (none given: all), keeping them as size 1 when <paramref name="keepDim"/>.</summary>
    public Tensor Sum(int[] axes, bool keepDim = false)
    {
        var reduced = ReducedAxes(axes, "sum", out var kept, out var squeezed, out _);
        var y = Reduction.Reduce(_data, _shape, reduced, max: false);
        var source = _shape;
        return Record(new Tensor(y, keepDim ? kept : squeezed), "sum", g => [g.Reshape(kept).Expand(source)], this);
    }

    /// <summary>Sum of all elements (a scalar).</summary>
    public Tensor Sum() => Sum([]);

    /// <summary>Sum over one axis.</summary>
    public Tensor Sum(int axis, bool keepDim = false) => Sum([axis], keepDim);

    /// <summary>Mean over <paramref name="axes"/> (none given: all).</summary>
    public Tensor Mean(int[] axes, bool keepDim = false)
    {
        ReducedAxes(axes, "mean", out _, out _, out var count);
        return Sum(axes, keepDim).Mul(1f / Math.Max(count, 1));
    }

    /// <summary>Mean of all elements (a scalar).</summary>
    public Tensor Mean() => Mean([]);

    /// <summary>Mean over one axis.</summary>
    public Tensor Mean(int axis, bool keepDim = false) => Mean([axis], keepDim);

    /// <summary>
    /// Maximum over <paramref name="axes"/> (none given: all). The gradient is shared equally
    /// among tied maxima (PyTorch's amax rule).
    /// </summary>
    public Tensor Max(int[] axes, bool keepDim = false)
    {
        var reduced = ReducedAxes(axes, "max", out var kept, out var squeezed, out var count);
        if (count == 0) throw new TensorShapeException("max", $"cannot take the maximum over an empty dimension of {ShapeText}");
        var y = Reduction.Reduce(_data, _shape, reduced, max: true);
        var x = this;
        var yKept = new Tensor(y, kept);
        return Record(new Tensor(y, keepDim ? kept : squeezed), "max", g =>
        {
            var ye = yKept.ExpandData(x._shape);
            var m = Tensor.Uninitialized(x.Length);
            for (var i = 0; i < m.Length; i++) m[i] = x._data[i] == ye[i] ? 1f : 0f;
            var mask = new Tensor(m, x._shape);
            var ties = new Tensor(Reduction.Reduce(m, x._shape, reduced, max: false), kept);
            return [g.Reshape(kept).Div(ties).Mul(mask)];
        }, x);
    }

    /// <summary>Maximum of all elements.</summary>
    public Tensor Max() => Max([]);

    /// <summary>Maximum over one axis.</summary>
    public Tensor Max(int axis, bool keepDim = false) => Max([axis], keepDim);

    /// <summary>Variance over <paramref name="axes"/> (none given: all); unbiased (divide by n-1) by default, as PyTorch.</summary>
    public Tensor Var(int[] axes, bool unbiased = true, bool keepDim = false)
    {
        ReducedAxes(axes, "var", out _, out _, out var count);
        var centered = Sub(Mean(axes, keepDim: true));
        var denom = unbiased ? count - 1 : count;
        return centered.Mul(centered).Sum(axes, keepDim).Mul(1f / Math.Max(denom, 1));
    }

    /// <summary>Variance over one axis.</summary>
    public Tensor Var(int axis, bool unbiased = true, bool keepDim = false) => Var([axis], unbiased, keepDim);

    /// <summary>Variance of all elements.</summary>
    public Tensor Var() => Var([]);
}
