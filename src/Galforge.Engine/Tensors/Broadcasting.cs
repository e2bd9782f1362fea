using System.Numerics.Tensors;

namespace Galforge.Engine;

/// <summary>The elementwise binary operations that broadcast.</summary>
internal enum BinaryOp { Add, Sub, Mul, Div }

/// <summary>
/// NumPy broadcasting for elementwise binary ops: trailing dimensions are aligned, a dimension of
/// 1 stretches. The loop finds the longest run of trailing dimensions in which each operand is
/// either fully present or fully broadcast, and hands those runs to vectorised span kernels.
/// </summary>
internal static class Broadcasting
{
    public static int[] Shape(int[] a, int[] b, string op)
    {
        var r = Math.Max(a.Length, b.Length);
        var y = new int[r];
        for (var i = 0; i < r; i++)
        {
            var da = i - (r - a.Length) >= 0 ? a[i - (r - a.Length)] : 1;
            var db = i - (r - b.Length) >= 0 ? b[i - (r - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
                throw new TensorShapeException(op, $"shapes {TensorShapeException.Format(a)} and {TensorShapeException.Format(b)} cannot be broadcast together (dimension {i - r} is {da} vs {db}; expected equal sizes or 1)");
            y[i] = da == 1 ? db : da;
        }
        return y;
    }

    /// <summary>Strides of <paramref name="shape"/> aligned to <paramref name="outShape"/>; 0 where broadcast.</summary>
    public static long[] Strides(int[] shape, int[] outShape)
    {
        var r = outShape.Length;
        var strides = new long[r];
        long s = 1;
        for (var i = r - 1; i >= 0; i--)
        {
            var j = i - (r - shape.Length);
            var d = j >= 0 ? shape[j] : 1;
            strides[i] = d == 1 && outShape[i] != 1 ? 0 : s;
            if (d == 1 && outShape[i] != 1) strides[i] = 0;
            s *= d;
        }
        return strides;
    }

    public static void Apply(BinaryOp op, float[] a, int[] aShape, float[] b, int[] bShape, float[] y, int[] yShape)
    {
        if (a.Length == y.Length && b.Length == y.Length)
        {
            Kernels.Parallelism.ForChunks(y.Length, (s, n) => SpanSpan(op, a.AsSpan(s, n), b.AsSpan(s, n), y.AsSpan(s, n)));
            return;
        }
        if (b.Length == 1 && a.Length == y.Length)
        {
            var bv = b[0];
            Kernels.Parallelism.ForChunks(y.Length, (s, n) => SpanScalar(op, a.AsSpan(s, n), bv, y.AsSpan(s, n)));
            return;
        }
        if (a.Length == 1 && b.Length == y.Length)
        {
            var av = a[0];
            Kernels.Parallelism.ForChunks(y.Length, (s, n) => ScalarSpan(op, av, b.AsSpan(s, n), y.AsSpan(s, n)));
            return;
        }

        var r = yShape.Length;
        var sa = Strides(aShape, yShape);
        var sb = Strides(bShape, yShape);
        // Find the split k: dims [k, r) have a uniform pattern for a and for b.
        var k = r;
        int patA = -1, patB = -1; // 0 broadcast, 1 full
        while (k > 0)
        {
            var d = k - 1;
            if (yShape[d] == 1) { k--; continue; }
            var pa = sa[d] == 0 ? 0 : 1;
            var pb = sb[d] == 0 ? 0 : 1;
            if (patA == -1) { patA = pa; patB = pb; }
            else if (pa != patA || pb != patB) break;
            k--;
        }
        if (patA == -1) { patA = 1; patB = 1; }
        var inner = 1;
        for (var d = k; d < r; d++) inner *= yShape[d];
        var outer = y.Length / Math.Max(inner, 1);
        // rows are independent: blocks of rows go to threads, each starting from its own index
        Kernels.Parallelism.ForBlocks(outer, inner, (o0, o1) =>
        {
            var idx = new int[k];
            long offA = 0, offB = 0;
            var rest = o0;
            for (var d = k - 1; d >= 0; d--)
            {
                idx[d] = rest % yShape[d];
                rest /= yShape[d];
                offA += idx[d] * sa[d];
                offB += idx[d] * sb[d];
            }
            for (var o = o0; o < o1; o++)
            {
                var ys = y.AsSpan(o * inner, inner);
                if (patA == 1 && patB == 1) SpanSpan(op, a.AsSpan((int)offA, inner), b.AsSpan((int)offB, inner), ys);
                else if (patA == 1) SpanScalar(op, a.AsSpan((int)offA, inner), b[offB], ys);
                else if (patB == 1) ScalarSpan(op, a[offA], b.AsSpan((int)offB, inner), ys);
                else ys.Fill(Scalar(op, a[offA], b[offB]));
                MultiIndex.Next(idx, k, yShape, sa, ref offA, sb, ref offB);
            }
        });
    }

    private static float Scalar(BinaryOp op, float a, float b) => op switch
    {
        BinaryOp.Add => a + b,
        BinaryOp.Sub => a - b,
        BinaryOp.Mul => a * b,
        _ => a / b,
    };

    public static void SpanSpan(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    public static void SpanScalar(BinaryOp op, ReadOnlySpan<float> a, float b, Span<float> y)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, y); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }

    public static void ScalarSpan(BinaryOp op, float a, ReadOnlySpan<float> b, Span<float> y)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(b, a, y); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, y); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(b, a, y); break;
            default: TensorPrimitives.Divide(a, b, y); break;
        }
    }
}
