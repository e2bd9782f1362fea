using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Galforge.Engine;

/// <summary>Vectorised elementwise helpers that TensorPrimitives does not provide.</summary>
internal static class Simd
{
    /// <summary>y[i] = x[i] &gt; threshold ? above : otherwise (NaN counts as not above).</summary>
    public static void Step(ReadOnlySpan<float> x, float threshold, float above, float otherwise, Span<float> y)
    {
        var i = 0;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated)
        {
            var t = Vector512.Create(threshold);
            var a = Vector512.Create(above);
            var o = Vector512.Create(otherwise);
            for (; i + 16 <= x.Length; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xr, (nuint)i);
                Vector512.ConditionalSelect(Vector512.GreaterThan(v, t), a, o).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(threshold);
            var a = Vector256.Create(above);
            var o = Vector256.Create(otherwise);
            for (; i + 8 <= x.Length; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref xr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(v, t), a, o).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) y[i] = x[i] > threshold ? above : otherwise;
    }

    /// <summary>
    /// y[i] = x[i] &gt; 0 ? g[i] : slope * g[i]: the backward pass of (leaky) ReLU, in one pass
    /// and without a mask buffer. Bitwise equal to g times a 1/slope mask.
    /// </summary>
    public static void StepMultiply(ReadOnlySpan<float> g, ReadOnlySpan<float> x, float slope, Span<float> y)
    {
        var i = 0;
        ref var gr = ref MemoryMarshal.GetReference(g);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated)
        {
            var s = Vector512.Create(slope);
            for (; i + 16 <= x.Length; i += 16)
            {
                var gv = Vector512.LoadUnsafe(ref gr, (nuint)i);
                var xv = Vector512.LoadUnsafe(ref xr, (nuint)i);
                Vector512.ConditionalSelect(Vector512.GreaterThan(xv, Vector512<float>.Zero), gv, gv * s).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(slope);
            for (; i + 8 <= x.Length; i += 8)
            {
                var gv = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var xv = Vector256.LoadUnsafe(ref xr, (nuint)i);
                Vector256.ConditionalSelect(Vector256.GreaterThan(xv, Vector256<float>.Zero), gv, gv * s).StoreUnsafe(ref yr, (nuint)i);
            }
        }
        for (; i < x.Length; i++) y[i] = x[i] > 0f ? g[i] : slope * g[i];
    }
}
