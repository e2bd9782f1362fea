using System.Buffers;
using System.Numerics;

namespace Galforge.Engine.Fourier;

/// <summary>
/// Two-dimensional discrete Fourier transforms of row-major arrays (row index y, column index
/// x varying fastest), any sizes, thread-safe. Conventions follow numpy.fft: forward transforms
/// are unscaled with exp(-2 pi i (ky y / rows + kx x / cols)); inverse transforms are scaled by
/// 1/(rows*cols). The real-input transform <see cref="ForwardReal(ReadOnlySpan{double}, int, int, Span{Complex})"/>
/// returns the non-redundant half spectrum of rows x (cols/2 + 1) values, as numpy's rfft2.
/// </summary>
public static class Fft2D
{
    /// <summary>The smallest length &gt;= <paramref name="n"/> whose prime factors are 2, 3 and 5 only (fast to transform).</summary>
    public static int GoodSize(int n)
    {
        for (int m = Math.Max(n, 1); ; m++)
        {
            int r = m;
            foreach (int p in (ReadOnlySpan<int>)[2, 3, 5])
                while (r % p == 0) r /= p;
            if (r == 1) return m;
        }
    }

    /// <summary>Width (number of columns) of the half spectrum of a real image with <paramref name="cols"/> columns.</summary>
    public static int HalfWidth(int cols) => cols / 2 + 1;

    /// <summary>
    /// How many bins of the full spectrum half-spectrum column <paramref name="kx"/> stands for:
    /// 1 for the columns that are their own mirror image (0 and, for an even number of
    /// <paramref name="cols"/>, cols/2), 2 for the others.
    /// </summary>
    public static int ColumnMultiplicity(int kx, int cols) => kx == 0 || (cols % 2 == 0 && kx == cols / 2) ? 1 : 2;

    /// <summary>In-place forward 2-D complex transform, unscaled.</summary>
    public static void Forward(Span<Complex> data, int rows, int cols) => Transform(data, rows, cols, inverse: false, scale: 1.0);

    /// <summary>In-place inverse 2-D complex transform, scaled by 1/(rows*cols).</summary>
    public static void Inverse(Span<Complex> data, int rows, int cols) => Transform(data, rows, cols, inverse: true, scale: 1.0 / ((double)rows * cols));

    /// <summary>Forward transform of a real image (rows x cols) into its half spectrum rows x (cols/2+1).</summary>
    public static void ForwardReal(ReadOnlySpan<double> input, int rows, int cols, Span<Complex> output) => ForwardRealCore(input, rows, cols, output);

    /// <summary>Forward transform of a float32 real image (rows x cols) into its half spectrum rows x (cols/2+1).</summary>
    public static void ForwardReal(ReadOnlySpan<float> input, int rows, int cols, Span<Complex> output) => ForwardRealCore(input, rows, cols, output);

    /// <summary>
    /// Inverse of <see cref="ForwardReal(ReadOnlySpan{double}, int, int, Span{Complex})"/>: a half spectrum rows x (cols/2+1)
    /// back to a real image rows x cols, scaled by 1/(rows*cols). The half spectrum is taken as
    /// that of a real image (Hermitian symmetry; imaginary parts of self-conjugate bins ignored,
    /// as numpy's irfft2). <paramref name="halfSpectrum"/> is used as workspace and overwritten.
    /// </summary>
    public static void InverseReal(Span<Complex> halfSpectrum, int rows, int cols, Span<double> output) => InverseRealCore(halfSpectrum, rows, cols, output);

    /// <summary>Float32 output variant of <see cref="InverseReal(Span{Complex}, int, int, Span{double})"/>.</summary>
    public static void InverseReal(Span<Complex> halfSpectrum, int rows, int cols, Span<float> output) => InverseRealCore(halfSpectrum, rows, cols, output);

    // Two real rows a, b are transformed by one complex FFT of z = a + i b:
    // A[k] = (Z[k] + conj Z[-k]) / 2, B[k] = (Z[k] - conj Z[-k]) / (2 i).
    private static void ForwardRealCore<T>(ReadOnlySpan<T> input, int rows, int cols, Span<Complex> output)
        where T : unmanaged, INumberBase<T>
    {
        CheckReal(input.Length, rows, cols, output.Length);
        int hw = HalfWidth(cols);
        var row = ArrayPool<Complex>.Shared.Rent(cols);
        var z = row.AsSpan(0, cols);
        var rowPlan = FftPlan.Get(cols);
        for (int y = 0; y < rows; y += 2)
        {
            var a = input.Slice(y * cols, cols);
            bool pair = y + 1 < rows;
            if (pair)
            {
                var b = input.Slice((y + 1) * cols, cols);
                for (int x = 0; x < cols; x++) z[x] = new Complex(double.CreateTruncating(a[x]), double.CreateTruncating(b[x]));
            }
            else
            {
                for (int x = 0; x < cols; x++) z[x] = new Complex(double.CreateTruncating(a[x]), 0);
            }
            rowPlan.Transform(z, inverse: false);
            var outA = output.Slice(y * hw, hw);
            if (!pair)
            {
                z[..hw].CopyTo(outA);
                continue;
            }
            var outB = output.Slice((y + 1) * hw, hw);
            for (int k = 0; k < hw; k++)
            {
                var zk = z[k];
                var zm = Complex.Conjugate(z[k == 0 ? 0 : cols - k]);
                outA[k] = (zk + zm) * 0.5;
                var d = (zk - zm) * 0.5;
                outB[k] = new Complex(d.Imaginary, -d.Real); // divide by i
            }
        }
        ArrayPool<Complex>.Shared.Return(row);
        Columns(output, rows, hw, inverse: false, scale: 1.0);
    }

    private static void InverseRealCore<T>(Span<Complex> halfSpectrum, int rows, int cols, Span<T> output)
        where T : unmanaged, INumberBase<T>
    {
        CheckReal(output.Length, rows, cols, halfSpectrum.Length);
        int hw = HalfWidth(cols);
        Columns(halfSpectrum, rows, hw, inverse: true, scale: 1.0 / ((double)rows * cols));
        var rowA = ArrayPool<Complex>.Shared.Rent(cols);
        var rowB = ArrayPool<Complex>.Shared.Rent(cols);
        var fa = rowA.AsSpan(0, cols);
        var fb = rowB.AsSpan(0, cols);
        var rowPlan = FftPlan.Get(cols);
        for (int y = 0; y < rows; y += 2)
        {
            bool pair = y + 1 < rows;
            FillHermitianRow(halfSpectrum.Slice(y * hw, hw), fa);
            if (pair)
            {
                // Both rows are spectra of real rows, so ifft(A + i B) = a + i b.
                FillHermitianRow(halfSpectrum.Slice((y + 1) * hw, hw), fb);
                for (int k = 0; k < cols; k++) fa[k] += new Complex(-fb[k].Imaginary, fb[k].Real);
            }
            rowPlan.Transform(fa, inverse: true);
            var dst = output.Slice(y * cols, cols);
            for (int x = 0; x < cols; x++) dst[x] = T.CreateTruncating(fa[x].Real);
            if (pair)
            {
                var dstB = output.Slice((y + 1) * cols, cols);
                for (int x = 0; x < cols; x++) dstB[x] = T.CreateTruncating(fa[x].Imaginary);
            }
        }
        ArrayPool<Complex>.Shared.Return(rowA);
        ArrayPool<Complex>.Shared.Return(rowB);
    }

    // After the column transforms each row of the half spectrum is the 1-D spectrum of a real
    // row: complete it by conjugate symmetry X[c - k] = conj(X[k]).
    private static void FillHermitianRow(ReadOnlySpan<Complex> half, Span<Complex> full)
    {
        int cols = full.Length, hw = half.Length;
        half.CopyTo(full);
        full[0] = new Complex(full[0].Real, 0);
        if (cols % 2 == 0) full[cols / 2] = new Complex(full[cols / 2].Real, 0);
        for (int k = hw; k < cols; k++) full[k] = Complex.Conjugate(half[cols - k]);
    }

    private static void Transform(Span<Complex> data, int rows, int cols, bool inverse, double scale)
    {
        if (rows < 1 || cols < 1 || data.Length != (long)rows * cols)
            throw new ArgumentException($"2-D FFT of {rows}x{cols} given {data.Length} values", nameof(data));
        var rowPlan = FftPlan.Get(cols);
        for (int y = 0; y < rows; y++) rowPlan.Transform(data.Slice(y * cols, cols), inverse);
        Columns(data, rows, cols, inverse, scale);
    }

    // Column transforms, gathering a few columns at a time so that reads stay in cache lines.
    private static void Columns(Span<Complex> data, int rows, int width, bool inverse, double scale)
    {
        var plan = FftPlan.Get(rows);
        const int Block = 4;
        var buffer = ArrayPool<Complex>.Shared.Rent(rows * Block);
        for (int x0 = 0; x0 < width; x0 += Block)
        {
            int nb = Math.Min(Block, width - x0);
            for (int y = 0; y < rows; y++)
            {
                var src = data.Slice(y * width + x0, nb);
                for (int b = 0; b < nb; b++) buffer[b * rows + y] = src[b];
            }
            for (int b = 0; b < nb; b++)
            {
                var col = buffer.AsSpan(b * rows, rows);
                if (rows > 1) plan.Transform(col, inverse);
            }
            for (int y = 0; y < rows; y++)
            {
                var dst = data.Slice(y * width + x0, nb);
                for (int b = 0; b < nb; b++) dst[b] = buffer[b * rows + y] * scale;
            }
        }
        ArrayPool<Complex>.Shared.Return(buffer);
    }

    private static void CheckReal(int realLength, int rows, int cols, int halfLength)
    {
        if (rows < 1 || cols < 1)
            throw new ArgumentException($"2-D real FFT size {rows}x{cols}: both must be at least 1");
        if (realLength != (long)rows * cols)
            throw new ArgumentException($"2-D real FFT of {rows}x{cols} given a real array of {realLength} values");
        if (halfLength != (long)rows * HalfWidth(cols))
            throw new ArgumentException($"2-D real FFT of {rows}x{cols} needs a half spectrum of {rows}x{HalfWidth(cols)} values, given {halfLength}");
    }
}
