using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Galforge.Engine.Kernels;

/// <summary>
/// Single-precision GEMM in the Goto/BLIS manner: the operands are packed into cache-sized
/// panels (KC deep, MC rows of A, NC columns of B; A scaled by alpha while packing) and a
/// register-blocked micro-kernel (8x32 with AVX-512, 6x16 with AVX2, scalar otherwise) does the
/// multiply-adds with fused multiply-add. Threads split the output into column (or row) blocks,
/// so every element of C is summed by one thread in the same order whatever the thread count.
/// </summary>
[SkipLocalsInit]
internal static unsafe class ManagedGemm
{
    private const int KC = 256;
    private const int MC = 96;
    private const int NC = 3072;

    /// <summary>Up to this many rows of C, B is read in place rather than packed.</summary>
    internal const int DirectRows = 32;

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
            // beta = 0: the first pass over k stores instead of adding, so C is never cleared
            var overwrite = beta == 0f && k > 0 && alpha != 0f;
            if (!overwrite) ScaleC(pc, m, n, ldc, beta);
            if (k <= 0 || alpha == 0f) return;
            var work = (long)m * n * k;
            var t = (int)Math.Min(threads, Math.Max(1, work / (48L * 48 * 48)));
            if (t <= 1)
            {
                Sequential(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, pc, ldc, overwrite);
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
                    Sequential(transA, transB, m, nn, k, alpha, (float*)na, lda, (float*)nb + bOff, ldb, (float*)nc + j0, ldc, overwrite);
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
                    Sequential(transA, transB, mm, n, k, alpha, (float*)na + aOff, lda, (float*)nb, ldb, (float*)nc + (long)i0 * ldc, ldc, overwrite);
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
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool overwrite)
    {
        if (m <= DirectRows && !transB && s_avx512)
        {
            SmallM(transA, m, n, k, alpha, a, lda, b, ldb, c, ldc, overwrite);
            return;
        }
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
                                    var acc = !overwrite || pc > 0;
                                    if (s_avx512) Micro512(kc, ap + ir * kc, bp + jr * kc, nr, cp, ldc, mrr, nrr, acc);
                                    else if (s_avx2) Micro256(kc, ap + ir * kc, bp + jr * kc, nr, cp, ldc, mrr, nrr, acc);
                                    else MicroScalar(kc, ap + ir * kc, bp + jr * kc, nr, cp, ldc, mrr, nrr, acc);
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

    /// <summary>
    /// Few rows (m &lt;= <see cref="DirectRows"/>, B not transposed): packing B would cost more
    /// than the arithmetic, so the micro-kernel reads B's rows in place. A is packed once (all
    /// of k, strips of 8 rows); for each block of 32 columns, which stays in L1, every strip of
    /// A passes over it. The last partial block of columns is copied into a zero-padded strip.
    /// </summary>
    private static void SmallM(bool transA, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float* c, int ldc, bool overwrite)
    {
        const int mr = 8, nr = 32;
        var strips = (m + mr - 1) / mr;
        var bufA = ArrayPool<float>.Shared.Rent(strips * k * mr + 16);
        var bufB = ArrayPool<float>.Shared.Rent(k * nr + 16);
        try
        {
            fixed (float* ap0 = bufA)
            fixed (float* bp0 = bufB)
            {
                var ap = (float*)(((nint)ap0 + 63) & ~(nint)63);
                var bp = (float*)(((nint)bp0 + 63) & ~(nint)63);
                PackA(transA, a, lda, 0, 0, m, k, alpha, ap, mr);
                var acc = !overwrite;
                var j = 0;
                for (; j + nr <= n; j += nr)
                    for (var s = 0; s < strips; s++)
                        Micro512(k, ap + s * k * mr, b + j, ldb, c + (long)s * mr * ldc + j, ldc, Math.Min(mr, m - s * mr), nr, acc);
                if (j < n)
                {
                    var cols = n - j;
                    for (var p = 0; p < k; p++)
                    {
                        var src = b + (long)p * ldb + j;
                        var dp = bp + p * nr;
                        for (var q = 0; q < nr; q++) dp[q] = q < cols ? src[q] : 0f;
                    }
                    for (var s = 0; s < strips; s++)
                        Micro512(k, ap + s * k * mr, bp, nr, c + (long)s * mr * ldc + j, ldc, Math.Min(mr, m - s * mr), cols, acc);
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
                var p0 = 0;
                if (rows == 8 && mr == 8 && Avx.IsSupported)
                {
                    // 8x8 register transposes: eight rows of A become eight packed columns
                    var src = a + (long)(ic + ir) * lda + pc;
                    for (; p0 + 8 <= kc; p0 += 8)
                        Transpose8x8(src + p0, lda, d + p0 * 8, 8, alpha);
                }
                for (var r = 0; r < rows; r++)
                {
                    var src = a + (long)(ic + ir + r) * lda + pc;
                    for (var p = p0; p < kc; p++) d[p * mr + r] = alpha * src[p];
                }
            }
            else
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (long)(pc + p) * lda + ic + ir;
                    var dp = d + p * mr;
                    if (rows == 8 && Vector256.IsHardwareAccelerated)
                        Vector256.Store(Vector256.Load(src) * alpha, dp);
                    else
                        for (var r = 0; r < rows; r++) dp[r] = alpha * src[r];
                }
            }
            if (rows < mr)
                for (var p = 0; p < kc; p++)
                    for (var r = rows; r < mr; r++) d[p * mr + r] = 0f;
        }
    }

    /// <summary>
    /// Transposes an 8x8 block: row k of the source (8 floats at src + k*ld) becomes column k
    /// of the destination (dst + j*ldd + k = alpha * src[k*ld + j]).
    /// </summary>
    private static void Transpose8x8(float* src, int ld, float* dst, int ldd, float alpha)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + ld);
        var r2 = Avx.LoadVector256(src + 2 * ld);
        var r3 = Avx.LoadVector256(src + 3 * ld);
        var r4 = Avx.LoadVector256(src + 4 * ld);
        var r5 = Avx.LoadVector256(src + 5 * ld);
        var r6 = Avx.LoadVector256(src + 6 * ld);
        var r7 = Avx.LoadVector256(src + 7 * ld);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        var s = Vector256.Create(alpha);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20) * s);
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20) * s);
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20) * s);
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20) * s);
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31) * s);
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31) * s);
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31) * s);
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31) * s);
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
                var j0 = 0;
                if (Avx.IsSupported && kc >= 8)
                {
                    // 8x8 transposes for whole groups of eight columns
                    var kc8 = kc / 8 * 8;
                    for (; j0 + 8 <= cols; j0 += 8)
                    {
                        var src = b + (long)(jc + jr + j0) * ldb + pc;
                        for (var p = 0; p < kc8; p += 8)
                            Transpose8x8(src + p, ldb, d + p * nr + j0, nr, 1f);
                        for (var j = j0; j < j0 + 8; j++)
                        {
                            var sj = b + (long)(jc + jr + j) * ldb + pc;
                            for (var p = kc8; p < kc; p++) d[p * nr + j] = sj[p];
                        }
                    }
                }
                for (var j = j0; j < cols; j++)
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

    private static void MicroScalar(int kc, float* a, float* b, int ldbp, float* c, int ldc, int mr, int nr, bool accumulate)
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
            b += ldbp;
        }
        for (var r = 0; r < mr; r++)
            for (var j = 0; j < nr; j++)
                c[r * ldc + j] = (accumulate ? c[r * ldc + j] : 0f) + t[r * R + j];
    }

    /// <summary>8x32 micro-kernel on Vector512: C[mr x nr] (+)= A (packed, 8 per step) * B (row p at b + p*ldbp) over kc steps.</summary>
    private static void Micro512(int kc, float* a, float* b, int ldbp, float* c, int ldc, int mr, int nr, bool accumulate)
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
            b += ldbp;
        }
        if (mr == 8 && nr == 32)
        {
            if (accumulate)
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
            }
            else
            {
                Vector512.Store(c00, c + 0 * ldc + 0);
                Vector512.Store(c01, c + 0 * ldc + 16);
                Vector512.Store(c10, c + 1 * ldc + 0);
                Vector512.Store(c11, c + 1 * ldc + 16);
                Vector512.Store(c20, c + 2 * ldc + 0);
                Vector512.Store(c21, c + 2 * ldc + 16);
                Vector512.Store(c30, c + 3 * ldc + 0);
                Vector512.Store(c31, c + 3 * ldc + 16);
                Vector512.Store(c40, c + 4 * ldc + 0);
                Vector512.Store(c41, c + 4 * ldc + 16);
                Vector512.Store(c50, c + 5 * ldc + 0);
                Vector512.Store(c51, c + 5 * ldc + 16);
                Vector512.Store(c60, c + 6 * ldc + 0);
                Vector512.Store(c61, c + 6 * ldc + 16);
                Vector512.Store(c70, c + 7 * ldc + 0);
                Vector512.Store(c71, c + 7 * ldc + 16);
            }
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
                c[r * ldc + j] = (accumulate ? c[r * ldc + j] : 0f) + t[r * 32 + j];
    }

    /// <summary>6x16 micro-kernel on Vector256: C[mr x nr] (+)= A (packed, 6 per step) * B (row p at b + p*ldbp) over kc steps.</summary>
    private static void Micro256(int kc, float* a, float* b, int ldbp, float* c, int ldc, int mr, int nr, bool accumulate)
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
            b += ldbp;
        }
        if (mr == 6 && nr == 16)
        {
            if (accumulate)
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
            }
            else
            {
                Vector256.Store(c00, c + 0 * ldc + 0);
                Vector256.Store(c01, c + 0 * ldc + 8);
                Vector256.Store(c10, c + 1 * ldc + 0);
                Vector256.Store(c11, c + 1 * ldc + 8);
                Vector256.Store(c20, c + 2 * ldc + 0);
                Vector256.Store(c21, c + 2 * ldc + 8);
                Vector256.Store(c30, c + 3 * ldc + 0);
                Vector256.Store(c31, c + 3 * ldc + 8);
                Vector256.Store(c40, c + 4 * ldc + 0);
                Vector256.Store(c41, c + 4 * ldc + 8);
                Vector256.Store(c50, c + 5 * ldc + 0);
                Vector256.Store(c51, c + 5 * ldc + 8);
            }
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
                c[r * ldc + j] = (accumulate ? c[r * ldc + j] : 0f) + t[r * 16 + j];
    }
}
