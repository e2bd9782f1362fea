using Galforge.Engine.Kernels;

namespace Galforge.Engine.Tests.Native;

/// <summary>
/// Obviously-correct convolution by direct loops with double accumulation: the reference the
/// native kernels are checked against. Input row of output oh, kernel row kh is
/// oh*stride - pad + kh; rows outside [0, H) read zero.
/// </summary>
internal static class DirectConvolution
{
    public static float[] Forward(in Conv2dGeometry g, float[] x, float[] w, float[]? bias)
    {
        var y = new float[g.OutputLength];
        for (int n = 0; n < g.N; n++)
        for (int o = 0; o < g.O; o++)
        for (int oh = 0; oh < g.OH; oh++)
        for (int ow = 0; ow < g.OW; ow++)
        {
            double s = bias is null ? 0 : bias[o];
            for (int c = 0; c < g.C; c++)
            for (int kh = 0; kh < g.KH; kh++)
            for (int kw = 0; kw < g.KW; kw++)
            {
                int ih = oh * g.StrideH - g.PadH + kh, iw = ow * g.StrideW - g.PadW + kw;
                if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                s += (double)x[((n * g.C + c) * g.H + ih) * g.W + iw] * w[((o * g.C + c) * g.KH + kh) * g.KW + kw];
            }
            y[((n * g.O + o) * g.OH + oh) * g.OW + ow] = (float)s;
        }
        return y;
    }

    public static float[] BackwardData(in Conv2dGeometry g, float[] dy, float[] w)
    {
        var dx = new double[g.InputLength];
        for (int n = 0; n < g.N; n++)
        for (int o = 0; o < g.O; o++)
        for (int oh = 0; oh < g.OH; oh++)
        for (int ow = 0; ow < g.OW; ow++)
        {
            double d = dy[((n * g.O + o) * g.OH + oh) * g.OW + ow];
            for (int c = 0; c < g.C; c++)
            for (int kh = 0; kh < g.KH; kh++)
            for (int kw = 0; kw < g.KW; kw++)
            {
                int ih = oh * g.StrideH - g.PadH + kh, iw = ow * g.StrideW - g.PadW + kw;
                if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                dx[((n * g.C + c) * g.H + ih) * g.W + iw] += d * w[((o * g.C + c) * g.KH + kh) * g.KW + kw];
            }
        }
        return ToFloat(dx);
    }

    public static (float[] Dw, float[] Dbias) BackwardWeights(in Conv2dGeometry g, float[] x, float[] dy)
    {
        var dw = new double[g.WeightLength];
        var db = new double[g.O];
        for (int n = 0; n < g.N; n++)
        for (int o = 0; o < g.O; o++)
        for (int oh = 0; oh < g.OH; oh++)
        for (int ow = 0; ow < g.OW; ow++)
        {
            double d = dy[((n * g.O + o) * g.OH + oh) * g.OW + ow];
            db[o] += d;
            for (int c = 0; c < g.C; c++)
            for (int kh = 0; kh < g.KH; kh++)
            for (int kw = 0; kw < g.KW; kw++)
            {
                int ih = oh * g.StrideH - g.PadH + kh, iw = ow * g.StrideW - g.PadW + kw;
                if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) continue;
                dw[((o * g.C + c) * g.KH + kh) * g.KW + kw] += d * x[((n * g.C + c) * g.H + ih) * g.W + iw];
            }
        }
        return (ToFloat(dw), ToFloat(db));
    }

    /// <summary>Row-major C = alpha * op(A) op(B) + beta * C with leading dimensions; untouched outside the m x n block.</summary>
    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int lda,
                            float[] b, int ldb, float beta, float[] c, int ldc)
    {
        for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int p = 0; p < k; p++)
                s += (double)(transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
            c[i * ldc + j] = (float)(alpha * s + (beta == 0 ? 0 : (double)beta * c[i * ldc + j]));
        }
    }

    private static float[] ToFloat(double[] v)
    {
        var r = new float[v.Length];
        for (int i = 0; i < v.Length; i++) r[i] = (float)v[i];
        return r;
    }
}
