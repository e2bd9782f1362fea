using Galforge.Engine.Kernels;

namespace Galforge.Engine;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product of the last two dimensions; leading (batch) dimensions must be equal, or one
    /// operand may be a plain matrix shared by the whole batch.
    /// </summary>
    public Tensor MatMul(Tensor other) => MatMul(this, other, false, false);

    /// <summary>
    /// op(a) * op(b) where op transposes the last two dimensions when asked, without copying.
    /// The gradient is expressed with the same op, so it can be differentiated again.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transA, bool transB)
    {
        if (a.Rank < 2 || b.Rank < 2)
            throw new TensorShapeException("matmul", $"operands {a.ShapeText} and {b.ShapeText} must have rank 2 or more");
        int ar = a._shape[^2], ac = a._shape[^1], br = b._shape[^2], bc = b._shape[^1];
        var m = transA ? ac : ar;
        var k = transA ? ar : ac;
        var kb = transB ? bc : br;
        var n = transB ? br : bc;
        if (k != kb)
            throw new TensorShapeException("matmul", $"inner dimensions differ: {a.ShapeText}{(transA ? "ᵀ" : "")} x {b.ShapeText}{(transB ? "ᵀ" : "")} ({k} vs {kb})");
        int[] batchShape;
        if (a.Rank == 2) batchShape = b._shape[..^2];
        else if (b.Rank == 2) batchShape = a._shape[..^2];
        else
        {
            if (!a._shape.AsSpan(0, a.Rank - 2).SequenceEqual(b._shape.AsSpan(0, b.Rank - 2)))
                throw new TensorShapeException("matmul", $"batch dimensions of {a.ShapeText} and {b.ShapeText} differ; expected equal, or one operand a matrix");
            batchShape = a._shape[..^2];
        }
        var batch = CheckedLength(batchShape, "matmul");
        var outShape = new int[batchShape.Length + 2];
        batchShape.CopyTo(outShape, 0);
        outShape[^2] = m;
        outShape[^1] = n;
        var y = Tensor.Uninitialized(CheckedLength(outShape, "matmul"));
        var kernels = KernelProvider.Current;
        if (a.Rank > 2 && b.Rank == 2 && !transA)
        {
            // fold the batch into the rows of A: one big GEMM
            kernels.Gemm(false, transB, batch * m, n, k, 1f, a._data, ac, b._data, bc, 0f, y, n);
        }
        else
        {
            var sa = a.Rank == 2 ? 0 : ar * ac;
            var sb = b.Rank == 2 ? 0 : br * bc;
            for (var i = 0; i < batch; i++)
                kernels.Gemm(transA, transB, m, n, k, 1f, a._data.AsSpan(i * sa, ar * ac), ac,
                    b._data.AsSpan(i * sb, br * bc), bc, 0f, y.AsSpan(i * m * n, m * n), n);
        }
        return Record(new Tensor(y, outShape), "matmul", g =>
        {
            Tensor? ga = null, gb = null;
            if (Autograd.Needs(a))
                ga = (transA ? (transB ? MatMul(b, g, true, true) : MatMul(b, g, false, true))
                             : (transB ? MatMul(g, b, false, false) : MatMul(g, b, false, true))).SumTo(a._shape);
            if (Autograd.Needs(b))
                gb = (transB ? (transA ? MatMul(g, a, true, true) : MatMul(g, a, true, false))
                             : (transA ? MatMul(a, g, false, false) : MatMul(a, g, true, false))).SumTo(b._shape);
            return [ga, gb];
        }, a, b);
    }
}
