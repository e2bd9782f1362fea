using System.Buffers;
using System.Runtime.Intrinsics;

namespace Galforge.Engine.Kernels;

/// <summary>
/// Single-precision GEMM in the Goto/BLIS manner: the operands are packed into cache-sized
/// panels (KC deep, MC rows of A, NC columns of B; A scaled by alpha while packing) and a
/// register-blocked micro-kernel (8x32 with AVX-512, 6x16 with AVX2, scalar otherwise) does the
/// multiply-adds with fused multiply-add. Threads split the output into column (or row) blocks,
/// so every element of C is summed by one thread in the same order whatever the thread count.
/// </summary>
internal static unsafe class ManagedGemm
{
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 3072;

    private static readonly bool s_avx512 = Vector512.IsHardwareAccelerated;
    private static readonly bool s_avx2 = !s_avx512 && Vector256.IsHardwareAccelerated;
    internal static readonly int MR = s_avx512 ? 8 : s_avx2 ? 6 : 4;
    internal static readonly int NR = s_avx512 ? 32 : s_avx2 ? 16 : 4;

    public static void Gemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads)
    {
        if (m <= 0 || n <= 0) return;
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            ScaleC(pc, m, n, ldc, beta);
            if (k <= 0 || alpha == 0f) return;
            var work = (long)m * n * k;
            var t = (int)Math.Min(threads, Math.Max(1, work / (48L * 48 * 48)));
            if (t <= 1)
            {
                Sequential(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, pc, ldc);
                return;
            }
            nint na = (nint)pa, nb = (nint)pb, nc = (nint)pc;
            if (n >= m)
            {
                var chunk = (n + t - 1) / t;
                chunk = (chunk + NR - 1) / NR * NR;
                var parts = (n + chunk - 1) / chunk;
                Parallelism.For(parts, t, i =>
                {
                    var j0 = i * chunk;
                    var nn = Math.Min(chunk, n - j0);
                    var bOff = transB ? (long)j0 * ldb : j0;
                    Sequential(transA, transB, m, nn, k, alpha, (float*)na, lda, (float*)nb + bOff, ldb, (float*)nc + j0, ldc);
                });
            }
            else
            {
                var chunk = (m + t - 1) / t;
                chunk = (chunk + MR - 1) / MR * MR;
                var parts = (m + chunk - 1) / chunk;
                Parallelism.For(parts, t, i =>
                {
                    var i0 = i * chunk;
                    var mm = Math.Min(chunk, m - i0);
                    var aOff = transA ? i0 : (long)i0 * lda;
                    Sequential(transA, transB, mm, n, k, alpha, (float*)na + aOff, lda, (float*)nb, ldb, (float*)nc + (long)i0 * ldc, ldc);
                });
            }
        }
    }

    private static void ScaleC(float* c, int m, int n, int ldc, float beta)
    {
        if (beta == 1f) return;
        for (var i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (long)i * ldc, n);
            if (beta == 0f) row.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    private static void Sequential(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float* c, int ldc)
    {
        var mr = MR;
        var nr = NR;
        var kcMax = Math.Min(KC, k);
        var ncMax = Math.Min(NC, (n + nr - 1) / nr * nr);
        var mcMax = Math.Min(MC, (m + mr - 1) / mr * mr);
        var bufA = ArrayPool<float>.Shared.Rent(mcMax * kcMax + 16);
        var bufB = ArrayPool<float>.Shared.Rent(ncMax * kcMax + 16);
        try
        {
            fixed (float* ap0 = bufA)
            fixed (float* bp0 = bufB)
            {
                // 64-byte alignment for the packed panels
                var ap = (float*)(((nint)ap0 + 63) & ~(nint)63);
                var bp = (float*)(((nint)bp0 + 63) & ~(nint)63);
                for (var jc = 0; jc < n; jc += NC)
                {
                    var nc = Math.Min(NC, n - jc);
                    for (var pc = 0; pc < k; pc += KC)
                    {
                        var kc = Math.Min(KC, k - pc);
                        PackB(transB, b, ldb, pc, jc, kc, nc, bp, nr);
                        for (var ic = 0; ic < m; ic += MC)
                        {
                            var mc = Math.Min(MC, m - ic);
                            PackA(transA, a, lda, ic, pc, mc, kc, alpha, ap, mr);
                            for (var jr = 0; jr < nc; jr += nr)
                            {
                                var nrr = Math.Min(nr, nc - jr);
                                for (var ir = 0; ir < mc; ir += mr)
                                {
                                    var mrr = Math.Min(mr, mc - ir);
                                    var cp = c + (long)(ic + ir) * ldc + jc + jr;
                                    if (s_avx512) Micro512(kc, ap + ir * kc, bp + jr * kc, cp, ldc, mrr, nrr);
                                    else if (s_avx2) Micro256(kc, ap + ir * kc, bp + jr * kc, cp, ldc, mrr, nrr);
                                    else MicroScalar(kc, ap + ir * kc, bp + jr * kc, cp, ldc, mrr, nrr);
                                }
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bufA);
            ArrayPool<float>.Shared.Return(bufB);
        }
    }

    /// <summary>Packs op(A)[ic.., pc..] into strips of MR rows: dst[strip][p][r], zero-padded, times alpha.</summary>
    private static void PackA(bool transA, float* a, int lda, int ic, int pc, int mc, int kc, float alpha, float* dst, int mr)
    {
        for (var ir = 0; ir < mc; ir += mr)
        {
            var rows = Math.Min(mr, mc - ir);
            var d = dst + ir * kc;
            if (!transA)
            {
                for (var r = 0; r < rows; r++)
                {
                    var src = a + (long)(ic + ir + r) * lda + pc;
                    for (var p = 0; p < kc; p++) d[p * mr + r] = alpha * src[p];
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (long)(pc + p) * lda + ic + ir;
                    for (var r = 0; r < rows; r++) d[p * mr + r] = alpha * src[r];
                }
            }
            if (rows < mr)
                for (var p = 0; p < kc; p++)
                    for (var r = rows; r < mr; r++) d[p * mr + r] = 0f;
        }
    }

    /// <summary>Packs op(B)[pc.., jc..] into strips of NR columns: dst[strip][p][j], zero-padded.</summary>
    private static void PackB(bool transB, float* b, int ldb, int pc, int jc, int kc, int nc, float* dst, int nr)
    {
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var d = dst + jr * kc;
            if (!transB)
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = b + (long)(pc + p) * ldb + jc + jr;
                    var dp = d + p * nr;
                    Buffer.MemoryCopy(src, dp, cols * sizeof(float), cols * sizeof(float));
                    for (var j = cols; j < nr; j++) dp[j] = 0f;
                }
            }
            else
            {
                for (var j = 0; j < cols; j++)
                {
                    var src = b + (long)(jc + jr + j) * ldb + pc;
                    for (var p = 0; p < kc; p++) d[p * nr + j] = src[p];
                }
                if (cols < nr)
                    for (var p = 0; p < kc; p++)
                        for (var j = cols; j < nr; j++) d[p * nr + j] = 0f;
            }
        }
    }

    private static void MicroScalar(int kc, float* a, float* b, float* c, int ldc, int mr, int nr)
    {
        const int R = 4;
        var t = stackalloc float[R * R];
        for (var i = 0; i < R * R; i++) t[i] = 0f;
        for (var p = 0; p < kc; p++)
        {
            for (var r = 0; r < R; r++)
            {
                var av = a[r];
                for (var j = 0; j < R; j++) t[r * R + j] += av * b[j];
            }
            a += R;
            b += R;
        }
        for (var r = 0; r < mr; r++)
            for (var j = 0; j < nr; j++)
                c[r * ldc + j] += t[r * R + j];
    }

    /// <summary>8x32 micro-kernel on Vector512: C[mr x nr] += Apacked * Bpacked over kc.</summary>
    private static void Micro512(int kc, float* a, float* b, float* c, int ldc, int mr, int nr)
    {
        var c00 = Vector512<float>.Zero; var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero; var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero; var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero; var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero; var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero; var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero; var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero; var c71 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Vector512.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Vector512.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Vector512.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Vector512.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Vector512.FusedMultiplyAdd(a6, b0, c60);
            c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Vector512.FusedMultiplyAdd(a7, b0, c70);
            c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            a += 8;
            b += 32;
        }
        if (mr == 8 && nr == 32)
        {
            Vector512.Store(Vector512.Load(c + 0 * ldc + 0) + c00, c + 0 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 0 * ldc + 16) + c01, c + 0 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 1 * ldc + 0) + c10, c + 1 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 1 * ldc + 16) + c11, c + 1 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 2 * ldc + 0) + c20, c + 2 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 2 * ldc + 16) + c21, c + 2 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 3 * ldc + 0) + c30, c + 3 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 3 * ldc + 16) + c31, c + 3 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 4 * ldc + 0) + c40, c + 4 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 4 * ldc + 16) + c41, c + 4 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 5 * ldc + 0) + c50, c + 5 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 5 * ldc + 16) + c51, c + 5 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 6 * ldc + 0) + c60, c + 6 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 6 * ldc + 16) + c61, c + 6 * ldc + 16);
            Vector512.Store(Vector512.Load(c + 7 * ldc + 0) + c70, c + 7 * ldc + 0);
            Vector512.Store(Vector512.Load(c + 7 * ldc + 16) + c71, c + 7 * ldc + 16);
            return;
        }
        var t = stackalloc float[256];
        Vector512.Store(c00, t + 0);
        Vector512.Store(c01, t + 16);
        Vector512.Store(c10, t + 32);
        Vector512.Store(c11, t + 48);
        Vector512.Store(c20, t + 64);
        Vector512.Store(c21, t + 80);
        Vector512.Store(c30, t + 96);
        Vector512.Store(c31, t + 112);
        Vector512.Store(c40, t + 128);
        Vector512.Store(c41, t + 144);
        Vector512.Store(c50, t + 160);
        Vector512.Store(c51, t + 176);
        Vector512.Store(c60, t + 192);
        Vector512.Store(c61, t + 208);
        Vector512.Store(c70, t + 224);
        Vector512.Store(c71, t + 240);
        for (var r = 0; r < mr; r++)
            for (var j = 0; j < nr; j++)
                c[r * ldc + j] += t[r * 32 + j];
    }

    /// <summary>6x16 micro-kernel on Vector256: C[mr x nr] += Apacked * Bpacked over kc.</summary>
    private static void Micro256(int kc, float* a, float* b, float* c, int ldc, int mr, int nr)
    {
        var c00 = Vector256<float>.Zero; var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero; var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero; var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero; var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero; var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero; var c51 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Vector256.FusedMultiplyAdd(a4, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Vector256.FusedMultiplyAdd(a5, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }
        if (mr == 6 && nr == 16)
        {
            Vector256.Store(Vector256.Load(c + 0 * ldc + 0) + c00, c + 0 * ldc + 0);
            Vector256.Store(Vector256.Load(c + 0 * ldc + 8) + c01, c + 0 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 1 * ldc + 0) + c10, c + 1 * ldc + 0);
            Vector256.Store(Vector256.Load(c + 1 * ldc + 8) + c11, c + 1 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 2 * ldc + 0) + c20, c + 2 * ldc + 0);
            Vector256.Store(Vector256.Load(c + 2 * ldc + 8) + c21, c + 2 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 3 * ldc + 0) + c30, c + 3 * ldc + 0);
            Vector256.Store(Vector256.Load(c + 3 * ldc + 8) + c31, c + 3 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 4 * ldc + 0) + c40, c + 4 * ldc + 0);
            Vector256.Store(Vector256.Load(c + 4 * ldc + 8) + c41, c + 4 * ldc + 8);
            Vector256.Store(Vector256.Load(c + 5 * ldc + 0) + c50, c + 5 * ldc + 0);
            Vector256.Store(Vector256.Load(c + 5 * ldc + 8) + c51, c + 5 * ldc + 8);
            return;
        }
        var t = stackalloc float[96];
        Vector256.Store(c00, t + 0);
        Vector256.Store(c01, t + 8);
        Vector256.Store(c10, t + 16);
        Vector256.Store(c11, t + 24);
        Vector256.Store(c20, t + 32);
        Vector256.Store(c21, t + 40);
        Vector256.Store(c30, t + 48);
        Vector256.Store(c31, t + 56);
        Vector256.Store(c40, t + 64);
        Vector256.Store(c41, t + 72);
        Vector256.Store(c50, t + 80);
        Vector256.Store(c51, t + 88);
        for (var r = 0; r < mr; r++)
            for (var j = 0; j < nr; j++)
                c[r * ldc + j] += t[r * 16 + j];
    }
}
