namespace Galforge.Engine;

public static partial class Functional
{
    /// <summary>The slices at <paramref name="indices"/> along <paramref name="dim"/>, in that order (repeats allowed).</summary>
    public static Tensor IndexSelect(Tensor x, int dim, int[] indices)
    {
        var d = Tensor.NormalizeDim(dim, x.Rank, "index_select");
        var n = x._shape[d];
        foreach (var i in indices)
            if ((uint)i >= (uint)n)
                throw new TensorShapeException("index_select", $"index {i} out of range for dimension {dim} of {x.ShapeText} (size {n})");
        var outShape = (int[])x._shape.Clone();
        outShape[d] = indices.Length;
        Layout(x._shape, d, out var outer, out var inner);
        var y = Tensor.Uninitialized(Tensor.CheckedLength(outShape, "index_select"));
        var xd = x._data;
        Kernels.Parallelism.ForBlocks(outer, (long)indices.Length * inner, (o0, o1) =>
        {
            for (var o = o0; o < o1; o++)
                for (var k = 0; k < indices.Length; k++)
                    Array.Copy(xd, ((long)o * n + indices[k]) * inner, y, ((long)o * indices.Length + k) * inner, inner);
        });
        var shape = x._shape;
        return Tensor.Record(new Tensor(y, outShape), "index_select", g => [IndexAdd(g, d, indices, shape)], x);
    }

    /// <summary>Adjoint of <see cref="IndexSelect"/>: adds the slices of g into zeros of <paramref name="shape"/>.</summary>
    private static Tensor IndexAdd(Tensor g, int d, int[] indices, int[] shape)
    {
        Layout(shape, d, out var outer, out var inner);
        var n = shape[d];
        var dx = Tensor.Cleared(Tensor.CheckedLength(shape, "index_add"));
        var gd = g._data;
        // slab o of g adds only into slab o of dx (repeated indices within a slab stay in order)
        Kernels.Parallelism.ForBlocks(outer, (long)indices.Length * inner, (o0, o1) =>
        {
            for (var o = o0; o < o1; o++)
                for (var k = 0; k < indices.Length; k++)
                {
                    var dst = dx.AsSpan((int)(((long)o * n + indices[k]) * inner), inner);
                    System.Numerics.Tensors.TensorPrimitives.Add(dst, gd.AsSpan((int)(((long)o * indices.Length + k) * inner), inner), dst);
                }
        });
        return Tensor.Record(new Tensor(dx, shape), "index_add", gg => [IndexSelect(gg, d, indices)], g);
    }

    /// <summary>
    /// PyTorch's gather: out[..., j, ...] = x[..., index[..., j, ...], ...] along <paramref name="dim"/>.
    /// <paramref name="index"/> has shape <paramref name="indexShape"/>, equal to x's outside <paramref name="dim"/>.
    /// </summary>
    public static Tensor Gather(Tensor x, int dim, int[] index, int[] indexShape)
    {
        var d = Tensor.NormalizeDim(dim, x.Rank, "gather");
        var ok = indexShape.Length == x.Rank && Tensor.CheckedLength(indexShape, "gather") == index.Length;
        for (var i = 0; ok && i < x.Rank; i++) ok = i == d || indexShape[i] == x._shape[i];
        if (!ok)
            throw new TensorShapeException("gather", $"index {TensorShapeException.Format(indexShape)} ({index.Length} values) does not match input {x.ShapeText} outside dimension {dim}");
        var n = x._shape[d];
        foreach (var i in index)
            if ((uint)i >= (uint)n)
                throw new TensorShapeException("gather", $"index {i} out of range for dimension {dim} of {x.ShapeText} (size {n})");
        var y = Tensor.Uninitialized(index.Length);
        GatherScatter(x._data, x._shape, d, index, indexShape, y, scatter: false);
        var shape = x._shape;
        var ishape = (int[])indexShape.Clone();
        return Tensor.Record(new Tensor(y, ishape), "gather", g => [ScatterAdd(g, d, index, shape)], x);
    }

    /// <summary>Adjoint of <see cref="Gather"/>: adds g's values into zeros of <paramref name="shape"/> at the indexed positions.</summary>
    private static Tensor ScatterAdd(Tensor g, int d, int[] index, int[] shape)
    {
        var dx = Tensor.Cleared(Tensor.CheckedLength(shape, "scatter_add"));
        GatherScatter(dx, shape, d, index, g._shape, g._data, scatter: true);
        var ishape = g._shape;
        return Tensor.Record(new Tensor(dx, shape), "scatter_add", gg => [Gather(gg, d, index, ishape)], g);
    }

    private static void GatherScatter(float[] x, int[] xShape, int d, int[] index, int[] indexShape, float[] y, bool scatter)
    {
        Layout(indexShape, d, out var outer, out var inner);
        var m = indexShape[d];
        var n = xShape[d];
        // slab o of y reads (gather) or writes (scatter) only slab o of x: slabs go to threads
        Kernels.Parallelism.ForBlocks(outer, (long)m * inner, (o0, o1) =>
        {
            for (var o = o0; o < o1; o++)
                for (var k = 0; k < m; k++)
                {
                    var yo = (o * m + k) * inner;
                    var xo = o * n * inner;
                    for (var i = 0; i < inner; i++)
                    {
                        var xi = xo + index[yo + i] * inner + i;
                        if (scatter) x[xi] += y[yo + i];
                        else y[yo + i] = x[xi];
                    }
                }
        });
    }

    private static void Layout(int[] shape, int d, out int outer, out int inner)
    {
        outer = 1;
        for (var i = 0; i < d; i++) outer *= shape[i];
        inner = 1;
        for (var i = d + 1; i < shape.Length; i++) inner *= shape[i];
    }
}
