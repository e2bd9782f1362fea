namespace Galforge.Engine.Kernels;

/// <summary>
/// The heavy kernels a backend provides, on raw contiguous float32 buffers (row-major, NCHW).
/// Everything else (elementwise, reductions, shape ops) is managed code shared by all backends.
/// A transposed convolution is the backward-data pass of a convolution and needs no kernel of
/// its own. Implementations must be safe to call from several threads at once.
/// </summary>
public interface IKernels
{
    /// <summary>Which backend this is.</summary>
    Backends.BackendKind Kind { get; }

    /// <summary>
    /// C = alpha * op(A) * op(B) + beta * C, with op(A) m x k, op(B) k x n, C m x n, row-major
    /// with leading dimensions lda, ldb, ldc (elements between consecutive rows).
    /// </summary>
    void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
              ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb,
              float beta, Span<float> c, int ldc);

    /// <summary>y = conv(x, w) + bias (bias may be empty: no bias). y is overwritten.</summary>
    void Conv2dForward(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> w,
                       ReadOnlySpan<float> bias, Span<float> y);

    /// <summary>dx = gradient of the convolution with respect to its input. dx is overwritten.</summary>
    void Conv2dBackwardData(in Conv2dGeometry g, ReadOnlySpan<float> dy, ReadOnlySpan<float> w, Span<float> dx);

    /// <summary>
    /// dw (and dbias, unless empty) = gradients with respect to weights and bias. Both are
    /// overwritten, not accumulated.
    /// </summary>
    void Conv2dBackwardWeights(in Conv2dGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy,
                               Span<float> dw, Span<float> dbias);
}
