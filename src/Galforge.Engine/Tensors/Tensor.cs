using System.Numerics.Tensors;

namespace Galforge.Engine;

/// <summary>
/// A float32 tensor of any rank, stored contiguously in row-major order (images are NCHW).
/// Ops return new tensors; when gradient recording is on (<see cref="Autograd.IsEnabled"/>) and
/// an input requires gradients, the op records how to differentiate itself, so that
/// <see cref="Backward"/> or <c>Autograd.Grad</c> can run reverse-mode differentiation,
/// and (with <c>createGraph: true</c>) differentiate that backward pass again.
/// </summary>
public sealed partial class Tensor
{
    internal readonly float[] _data;
    internal readonly int[] _shape;

    /// <summary>Wraps an existing buffer (not copied) with a shape; lengths must agree.</summary>
    internal Tensor(float[] data, int[] shape)
    {
        _data = data;
        _shape = shape;
    }

    /// <summary>The shape, one entry per dimension (rank 0: a scalar).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>The number of dimensions.</summary>
    public int Rank => _shape.Length;

    /// <summary>The number of elements (product of the shape).</summary>
    public int Length => _data.Length;

    /// <summary>
    /// The elements in row-major order. Writing through this span changes the tensor in place
    /// (optimizers do that to parameters); do not do it to a tensor a recorded graph still needs.
    /// </summary>
    public Span<float> Data => _data;

    /// <summary>Whether gradients are tracked for this tensor.</summary>
    public bool RequiresGrad { get; private set; }

    /// <summary>
    /// The accumulated gradient of a leaf tensor after <see cref="Backward"/>; null until then.
    /// Set it to null (or zero it) between steps; a new backward pass adds to it.
    /// </summary>
    public Tensor? Grad { get; set; }

    /// <summary>How this tensor was computed, for the backward pass; null for leaves.</summary>
    internal GradNode? Node { get; set; }

    /// <summary>True for a tensor that no recorded op produced (a parameter or an input).</summary>
    public bool IsLeaf => Node is null;

    /// <summary>Size of dimension <paramref name="dim"/>; negative counts from the end.</summary>
    public int Size(int dim) => _shape[NormalizeDim(dim, Rank, "size")];

    /// <summary>Marks a leaf tensor as a parameter or input whose gradient is wanted.</summary>
    public Tensor RequiresGrad_(bool requires = true)
    {
        if (!IsLeaf && !requires)
            throw new InvalidOperationException("requires_grad: cannot turn off gradient tracking of a computed tensor; use Detach()");
        RequiresGrad = requires;
        return this;
    }

    /// <summary>A tensor sharing this one's data but cut off from the recorded graph.</summary>
    public Tensor Detach() => new(_data, _shape);

    /// <summary>A copy of the data as a new array.</summary>
    public float[] ToArray() => (float[])_data.Clone();

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (_data.Length != 1)
            throw new TensorShapeException("item", $"tensor {TensorShapeException.Format(_shape)} has {_data.Length} elements, expected exactly 1");
        return _data[0];
    }

    /// <summary>The element at a multi-index (slow; for tests and diagnostics).</summary>
    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => _data[FlatIndex(index)];
    }

    private int FlatIndex(int[] index)
    {
        if (index.Length != Rank)
            throw new TensorShapeException("index", $"{index.Length} indices given for tensor {TensorShapeException.Format(_shape)}, expected {Rank}");
        var flat = 0;
        for (var d = 0; d < Rank; d++)
        {
            if ((uint)index[d] >= (uint)_shape[d])
                throw new TensorShapeException("index", $"index {index[d]} out of range for dimension {d} of tensor {TensorShapeException.Format(_shape)}");
            flat = flat * _shape[d] + index[d];
        }
        return flat;
    }

    /// <summary>Shape and, for small tensors, the values.</summary>
    public override string ToString()
    {
        var s = $"Tensor{TensorShapeException.Format(_shape)}";
        if (_data.Length <= 16) s += " {" + string.Join(", ", _data) + "}";
        return RequiresGrad ? s + " requires_grad" : s;
    }

    // ---- creation -------------------------------------------------------------------------

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[CheckedLength(shape, "zeros")], (int[])shape.Clone());

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    /// <summary>A tensor filled with one value.</summary>
    public static Tensor Full(float value, params int[] shape)
    {
        var data = new float[CheckedLength(shape, "full")];
        if (value != 0f) Array.Fill(data, value);
        return new(data, (int[])shape.Clone());
    }

    /// <summary>A rank-0 tensor holding one value.</summary>
    public static Tensor Scalar(float value) => new([value], []);

    /// <summary>A tensor of zeros with the shape of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like) => new(new float[like.Length], like._shape);

    /// <summary>A tensor of ones with the shape of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like) => Full(1f, like._shape);

    /// <summary>A copy of <paramref name="values"/> with the given shape (default: one dimension).</summary>
    public static Tensor FromArray(float[] values, params int[] shape)
    {
        if (shape.Length == 0 && values.Length != 1) shape = [values.Length];
        var n = CheckedLength(shape, "from_array");
        if (n != values.Length)
            throw new TensorShapeException("from_array", $"{values.Length} values cannot fill shape {TensorShapeException.Format(shape)} ({n} elements)");
        return new((float[])values.Clone(), (int[])shape.Clone());
    }

    /// <summary>A copy of a span with the given shape.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> values, params int[] shape)
    {
        var n = CheckedLength(shape, "from_span");
        if (n != values.Length)
            throw new TensorShapeException("from_span", $"{values.Length} values cannot fill shape {TensorShapeException.Format(shape)} ({n} elements)");
        return new(values.ToArray(), (int[])shape.Clone());
    }

    /// <summary>Takes ownership of <paramref name="values"/> without copying (the caller must not reuse it).</summary>
    public static Tensor Wrap(float[] values, params int[] shape)
    {
        var n = CheckedLength(shape, "wrap");
        if (n != values.Length)
            throw new TensorShapeException("wrap", $"{values.Length} values cannot fill shape {TensorShapeException.Format(shape)} ({n} elements)");
        return new(values, (int[])shape.Clone());
    }

    /// <summary>The values start, start+step, ... below end, as a 1-D tensor.</summary>
    public static Tensor Arange(float start, float end, float step = 1f)
    {
        if (step == 0f || float.IsNaN(step)) throw new TensorShapeException("arange", "step must be non-zero");
        var n = Math.Max(0, (int)Math.Ceiling((end - start) / step));
        var data = new float[n];
        for (var i = 0; i < n; i++) data[i] = start + i * step;
        return new(data, [n]);
    }

    /// <summary>The values 0, 1, ..., n-1.</summary>
    public static Tensor Arange(int n) => Arange(0f, n);

    /// <summary>A copy that owns its data (recorded: gradients flow through).</summary>
    public Tensor Clone()
    {
        var y = new Tensor(ToArray(), _shape);
        return Record(y, "clone", g => [g], this);
    }

    internal static int CheckedLength(ReadOnlySpan<int> shape, string op)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new TensorShapeException(op, $"negative dimension in shape {TensorShapeException.Format(shape)}");
            n *= d;
            if (n > Array.MaxLength) throw new TensorShapeException(op, $"shape {TensorShapeException.Format(shape)} has more than {Array.MaxLength} elements");
        }
        return (int)n;
    }

    internal static int NormalizeDim(int dim, int rank, string op)
    {
        var d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)Math.Max(rank, 0) )
            throw new TensorShapeException(op, $"dimension {dim} is out of range for a tensor of rank {rank}");
        return d;
    }

    internal string ShapeText => TensorShapeException.Format(_shape);

    internal bool SameShape(Tensor other) => _shape.AsSpan().SequenceEqual(other._shape);

    /// <summary>
    /// Attaches a backward function to a freshly computed tensor when recording is on and any
    /// input needs gradients. <paramref name="backward"/> maps the gradient of the result to the
    /// gradients of the inputs (null where an input needs none), using tensor ops so that it can
    /// itself be recorded.
    /// </summary>
    internal static Tensor Record(Tensor result, string op, Func<Tensor, Tensor?[]> backward, params Tensor[] inputs)
    {
        if (CheckNonFinite) ThrowIfNonFinite(result, op, inputs);
        if (!Autograd.IsEnabled) return result;
        var any = false;
        foreach (var t in inputs) any |= t.RequiresGrad;
        if (!any) return result;
        result.RequiresGrad = true;
        result.Node = new GradNode(op, inputs, backward);
        return result;
    }

    /// <summary>
    /// A buffer for an op result that the op overwrites completely, from <see cref="TensorPool"/>
    /// (not cleared).
    /// </summary>
    internal static float[] Uninitialized(long n) => TensorPool.Rent(n);

    /// <summary>A buffer of zeros for an op result that the op accumulates into, from <see cref="TensorPool"/>.</summary>
    internal static float[] Cleared(long n) => TensorPool.RentCleared(n);

    /// <summary>
    /// Check mode: when true, every op verifies that its result is finite and throws a
    /// <see cref="NonFiniteValueException"/> naming the op otherwise (costs one pass over each
    /// result). Defaults to the environment variable GALFORGE_CHECK_FINITE=1.
    /// </summary>
    public static bool CheckNonFinite { get; set; } = Environment.GetEnvironmentVariable("GALFORGE_CHECK_FINITE") == "1";

    private static void ThrowIfNonFinite(Tensor result, string op, Tensor[] inputs)
    {
        var data = result._data;
        for (var i = 0; i < data.Length; i++)
        {
            if (float.IsFinite(data[i])) continue;
            var shapes = new System.Text.StringBuilder();
            foreach (var t in inputs)
            {
                if (shapes.Length > 0) shapes.Append(", ");
                shapes.Append(t.ShapeText);
                if (t.HasNonFinite()) shapes.Append(" (itself not finite)");
            }
            throw new NonFiniteValueException(op, $"result {result.ShapeText} has {data[i]} at element {i}; inputs {shapes}");
        }
    }

    /// <summary>Fills this tensor's data with zeros in place.</summary>
    public void ZeroData() => Array.Clear(_data);

    /// <summary>Copies values from <paramref name="source"/> (same length) in place.</summary>
    public void CopyFrom(Tensor source)
    {
        if (source.Length != Length)
            throw new TensorShapeException("copy", $"source {source.ShapeText} and destination {ShapeText} have different lengths");
        source._data.AsSpan().CopyTo(_data);
    }

    /// <summary>Largest absolute value (0 for an empty tensor).</summary>
    public float MaxAbs() => _data.Length == 0 ? 0f : TensorPrimitives.MaxMagnitude(_data) is var m ? MathF.Abs(m) : 0f;
}
