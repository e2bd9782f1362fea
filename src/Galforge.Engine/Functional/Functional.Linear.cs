namespace Galforge.Engine;

public static partial class Functional
{
    /// <summary>Affine map y = x Wᵀ + b: x [..., in], weight [out, in], bias [out] or null.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        if (weight.Rank != 2 || x.Rank < 1 || x._shape[^1] != weight._shape[1])
            throw new TensorShapeException("linear", $"input {x.ShapeText} and weight {weight.ShapeText} disagree: expected weight [out, {(x.Rank >= 1 ? x._shape[^1] : 0)}]");
        if (bias is not null && (bias.Rank != 1 || bias._shape[0] != weight._shape[0]))
            throw new TensorShapeException("linear", $"bias {bias.ShapeText} does not match weight {weight.ShapeText}: expected [{weight._shape[0]}]");
        var x2 = x.Rank == 1 ? x.Reshape(1, x._shape[0]) : x;
        var y = Tensor.MatMul(x2, weight, false, true);
        if (bias is not null) y = y.Add(bias);
        return x.Rank == 1 ? y.Reshape(weight._shape[0]) : y;
    }

    /// <summary>
    /// Linear layer with a fixed 0/1 connectivity mask on its weight (MADE's autoregressive
    /// masks): y = x (W ⊙ M)ᵀ + b. The mask is a constant; no gradient flows into it.
    /// </summary>
    public static Tensor MaskedLinear(Tensor x, Tensor weight, Tensor mask, Tensor? bias = null)
    {
        if (!weight.SameShape(mask))
            throw new TensorShapeException("masked_linear", $"mask {mask.ShapeText} does not match weight {weight.ShapeText}");
        return Linear(x, weight.Mul(mask.Detach()), bias);
    }
}
