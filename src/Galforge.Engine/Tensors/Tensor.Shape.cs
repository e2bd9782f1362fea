namespace Galforge.Engine;

public sealed partial class Tensor
{
    /// <summary>The same data with a new shape (one entry may be -1: inferred). No copy is made.</summary>
    public Tensor Reshape(params int[] shape)
    {
        var s = (int[])shape.Clone();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == -1)
            {
                if (infer >= 0) throw new TensorShapeException("reshape", $"more than one -1 in target shape {TensorShapeException.Format(shape)}");
                infer = i;
            }
            else if (s[i] < 0) throw new TensorShapeException("reshape", $"negative size in target shape {TensorShapeException.Format(shape)}");
            else known *= s[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || Length % known != 0)
                throw new TensorShapeException("reshape", $"tensor {ShapeText} ({Length} elements) cannot be viewed as {TensorShapeException.Format(shape)}");
            s[infer] = (int)(Length / known);
        }
        else if (known != Length)
            throw new TensorShapeException("reshape", $"tensor {ShapeText} ({Length} elements) cannot be viewed as {TensorShapeException.Format(shape)} ({known} elements)");
        var old = _shape;
        return Record(new Tensor(_data, s), "reshape", g => [g.Reshape(old)], this);
    }

    /// <summary>Same as <see cref="Reshape"/> (all tensors are contiguous).</summary>
    public Tensor View(params int[] shape) => Reshape(shape);

    /// <summary>Flattens dimensions <paramref name="startDim"/>..<paramref name="endDim"/> into one.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        var s = NormalizeDim(startDim, Rank, "flatten");
        var e = NormalizeDim(endDim, Rank, "flatten");
        var shape = new List<int>();
        for (var i = 0; i < s; i++) shape.Add(_shape[i]);
        var p = 1;
        for (var i = s; i <= e; i++) p *= _shape[i];
        shape.Add(p);
        for (var i = e + 1; i < Rank; i++) shape.Add(_shape[i]);
        return Reshape([.. shape]);
    }

    /// <summary>Inserts a dimension of size 1 at <paramref name="dim"/>.</summary>
    public Tensor Unsqueeze(int dim)
    {
        var d = NormalizeDim(dim, Rank + 1, "unsqueeze");
        var s = new int[Rank + 1];
        for (int i = 0, j = 0; i < s.Length; i++) s[i] = i == d ? 1 : _shape[j++];
        return Reshape(s);
    }

    /// <summary>Removes dimension <paramref name="dim"/>, which must have size 1.</summary>
    public Tensor Squeeze(int dim)
    {
        var d = NormalizeDim(dim, Rank, "squeeze");
        if (_shape[d] != 1) throw new TensorShapeException("squeeze", $"dimension {dim} of {ShapeText} has size {_shape[d]}, expected 1");
        var s = new int[Rank - 1];
        for (int i = 0, j = 0; i < Rank; i++) if (i != d) s[j++] = _shape[i];
        return Reshape(s);
    }

    /// <summary>Reorders dimensions (a copy): result dimension i is input dimension dims[i].</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != Rank)
            throw new TensorShapeException("permute", $"{dims.Length} dimensions given for tensor {ShapeText}, expected {Rank}");
        var seen = new bool[Rank];
        var p = new int[Rank];
        for (var i = 0; i < Rank; i++)
        {
            p[i] = NormalizeDim(dims[i], Rank, "permute");
            if (seen[p[i]]) throw new TensorShapeException("permute", $"dimension {dims[i]} repeated in [{string.Join(", ", dims)}]");
            seen[p[i]] = true;
        }
        var inv = new int[Rank];
        for (var i = 0; i < Rank; i++) inv[p[i]] = i;
        var y = PermuteData(p);
        return Record(y, "permute", g => [g.Permute(inv)], this);
    }

    private Tensor PermuteData(int[] p)
    {
        var r = Rank;
        var outShape = new int[r];
        var inStrides = new long[r];
        long s = 1;
        for (var i = r - 1; i >= 0; i--) { inStrides[i] = s; s *= _shape[i]; }
        for (var i = 0; i < r; i++) outShape[i] = _shape[p[i]];
        var y = Tensor.Uninitialized(Length);
        if (Length == 0) return new Tensor(y, outShape);
        var st = new long[r];
        for (var i = 0; i < r; i++) st[i] = inStrides[p[i]];
        // innermost output dimension copied with its input stride
        var inner = r == 0 ? 1 : outShape[r - 1];
        var innerStride = r == 0 ? 1 : st[r - 1];
        var idx = new int[Math.Max(r - 1, 0)];
        long off = 0;
        var src = _data;
        for (var o = 0; o < y.Length; o += inner)
        {
            if (innerStride == 1) Array.Copy(src, off, y, o, inner);
            else
            {
                var q = off;
                for (var j = 0; j < inner; j++, q += innerStride) y[o + j] = src[q];
            }
            long unused = 0;
            MultiIndex.Next(idx, r - 1, outShape, st, ref off, null, ref unused);
        }
        return new Tensor(y, outShape);
    }

    /// <summary>Swaps two dimensions (a copy).</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        var p = new int[Rank];
        for (var i = 0; i < Rank; i++) p[i] = i;
        var a = NormalizeDim(dim0, Rank, "transpose");
        var b = NormalizeDim(dim1, Rank, "transpose");
        (p[a], p[b]) = (p[b], p[a]);
        return Permute(p);
    }

    /// <summary>The transpose of a matrix (rank 2).</summary>
    public Tensor T()
    {
        if (Rank != 2) throw new TensorShapeException("t", $"tensor {ShapeText} is not a matrix (rank 2)");
        return Transpose(0, 1);
    }

    /// <summary>Elements <paramref name="start"/> .. start+length-1 along <paramref name="dim"/> (a copy).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        var d = NormalizeDim(dim, Rank, "narrow");
        if (start < 0) start += _shape[d];
        if (start < 0 || length < 0 || start + length > _shape[d])
            throw new TensorShapeException("narrow", $"range [{start}, {start + length}) is outside dimension {dim} of {ShapeText} (size {_shape[d]})");
        var outShape = (int[])_shape.Clone();
        outShape[d] = length;
        var y = Tensor.Uninitialized(CheckedLength(outShape, "narrow"));
        CopyBlocks(_data, _shape[d], start, y, length, 0, length, d, _shape);
        var full = _shape;
        return Record(new Tensor(y, outShape), "narrow", g => [g.PadAlong(d, start, full)], this);
    }

    /// <summary>Elements start..end-1 along <paramref name="dim"/>; negative indices count from the end.</summary>
    public Tensor Slice(int dim, int start, int end)
    {
        var d = NormalizeDim(dim, Rank, "slice");
        var n = _shape[d];
        if (start < 0) start += n;
        if (end < 0) end += n;
        end = Math.Min(end, n);
        return Narrow(d, start, Math.Max(0, end - start));
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, that dimension removed.</summary>
    public Tensor Select(int dim, int index) => Narrow(dim, index, 1).Squeeze(dim);

    /// <summary>Places this tensor (the narrowed part) into zeros of shape <paramref name="full"/> at offset <paramref name="start"/> along <paramref name="d"/>.</summary>
    private Tensor PadAlong(int d, int start, int[] full)
    {
        var y = Cleared(CheckedLength(full, "narrow_backward"));
        var len = _shape[d];
        CopyBlocks(_data, len, 0, y, full[d], start, len, d, full);
        return Record(new Tensor(y, full), "narrow_backward", g => [g.Narrow(d, start, len)], this);
    }

    /// <summary>
    /// Copies <paramref name="count"/> slices along dimension <paramref name="d"/> from src (which
    /// has <paramref name="srcDim"/> entries there) at <paramref name="srcStart"/> to dst (with
    /// <paramref name="dstDim"/> entries) at <paramref name="dstStart"/>; other dimensions from <paramref name="shape"/>.
    /// </summary>
    private static void CopyBlocks(float[] src, int srcDim, int srcStart, float[] dst, int dstDim, int dstStart, int count, int d, int[] shape)
    {
        var outer = 1;
        for (var i = 0; i < d; i++) outer *= shape[i];
        var inner = 1;
        for (var i = d + 1; i < shape.Length; i++) inner *= shape[i];
        var block = count * inner;
        if (block == 0) return;
        for (var o = 0; o < outer; o++)
            Array.Copy(src, ((long)o * srcDim + srcStart) * inner, dst, ((long)o * dstDim + dstStart) * inner, block);
    }

    /// <summary>Joins tensors along an existing dimension; other dimensions must agree.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new TensorShapeException("concat", "no tensors given");
        var first = tensors[0];
        var d = NormalizeDim(dim, first.Rank, "concat");
        var outShape = (int[])first._shape.Clone();
        outShape[d] = 0;
        foreach (var t in tensors)
        {
            var ok = t.Rank == first.Rank;
            for (var i = 0; ok && i < first.Rank; i++) ok = i == d || t._shape[i] == first._shape[i];
            if (!ok)
                throw new TensorShapeException("concat", $"tensor {t.ShapeText} does not match {first.ShapeText} outside dimension {dim}");
            outShape[d] += t._shape[d];
        }
        var y = Tensor.Uninitialized(CheckedLength(outShape, "concat"));
        var offset = 0;
        var starts = new int[tensors.Count];
        for (var k = 0; k < tensors.Count; k++)
        {
            var t = tensors[k];
            starts[k] = offset;
            CopyBlocks(t._data, t._shape[d], 0, y, outShape[d], offset, t._shape[d], d, outShape);
            offset += t._shape[d];
        }
        var inputs = new Tensor[tensors.Count];
        for (var k = 0; k < inputs.Length; k++) inputs[k] = tensors[k];
        return Record(new Tensor(y, outShape), "concat", g =>
        {
            var gs = new Tensor?[inputs.Length];
            for (var k = 0; k < inputs.Length; k++)
                if (Autograd.Needs(inputs[k])) gs[k] = g.Narrow(d, starts[k], inputs[k]._shape[d]);
            return gs;
        }, inputs);
    }

    /// <summary>Joins equally shaped tensors along a new dimension.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        if (tensors.Count == 0) throw new TensorShapeException("stack", "no tensors given");
        var d = NormalizeDim(dim, tensors[0].Rank + 1, "stack");
        var parts = new Tensor[tensors.Count];
        for (var k = 0; k < parts.Length; k++)
        {
            if (!tensors[k].SameShape(tensors[0]))
                throw new TensorShapeException("stack", $"tensor {k} {tensors[k].ShapeText} differs from tensor 0 {tensors[0].ShapeText}; expected equal shapes");
            parts[k] = tensors[k].Unsqueeze(d);
        }
        return Concat(parts, d);
    }

    /// <summary>Repeats size-1 dimensions (and adds leading ones) to reach <paramref name="shape"/> (a copy).</summary>
    public Tensor Expand(params int[] shape)
    {
        var s = Broadcasting.Shape(_shape, shape, "expand");
        if (!s.AsSpan().SequenceEqual(shape))
            throw new TensorShapeException("expand", $"tensor {ShapeText} cannot be expanded to {TensorShapeException.Format(shape)}");
        if (_shape.AsSpan().SequenceEqual(shape)) return this;
        var target = (int[])shape.Clone();
        var source = _shape;
        return Record(new Tensor(ExpandData(target), target), "expand", g => [g.SumTo(source)], this);
    }

    /// <summary>
    /// Sums over the dimensions that broadcasting added or stretched so that the result has
    /// <paramref name="shape"/>: the adjoint of <see cref="Expand"/>.
    /// </summary>
    public Tensor SumTo(int[] shape)
    {
        if (_shape.AsSpan().SequenceEqual(shape)) return this;
        var r = Rank;
        var lead = r - shape.Length;
        if (lead < 0) throw new TensorShapeException("sum_to", $"tensor {ShapeText} has lower rank than target {TensorShapeException.Format(shape)}");
        var axes = new List<int>();
        for (var i = 0; i < r; i++)
        {
            if (i < lead) { axes.Add(i); continue; }
            var t = shape[i - lead];
            if (t == _shape[i]) continue;
            if (t != 1) throw new TensorShapeException("sum_to", $"tensor {ShapeText} cannot be summed to {TensorShapeException.Format(shape)}");
            axes.Add(i);
        }
        return Sum([.. axes], keepDim: true).Reshape(shape);
    }
}
