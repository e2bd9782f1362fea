using System.Collections.Concurrent;
using System.Numerics;

namespace Galforge.Engine.Fourier;

/// <summary>
/// A one-dimensional complex discrete Fourier transform of one length, in double precision.
/// Lengths whose prime factors are all small use a self-sorting mixed-radix Cooley-Tukey
/// algorithm (radix 4, 2, 3 specialised, any other prime by a generic butterfly, after
/// KISS FFT); lengths with a large prime factor use Bluestein's chirp-z algorithm on a
/// power-of-two length, so every length costs O(n log n).
/// Conventions (as numpy): forward X[k] = sum_j x[j] exp(-2 pi i j k / n), unscaled; inverse
/// uses exp(+2 pi i j k / n) and is scaled by 1/n, so Inverse(Forward(x)) = x.
/// Plans are immutable and cached per length (<see cref="Get"/>); one plan may be used by many
/// threads at once (scratch space is per call).
/// </summary>
public sealed class FftPlan
{
    // Above this prime factor the generic O(p^2) butterfly loses to Bluestein.
    private const int MaxDirectPrime = 47;

    private static readonly ConcurrentDictionary<int, FftPlan> s_cache = new();

    private readonly Complex[] _twForward;
    private readonly Complex[] _twInverse;
    private readonly int[] _factors; // pairs (p, m): radix p, remaining length m = n / (p * ...)

    // Bluestein: chirp w[k] = exp(-i pi k^2 / n), and the FFT of the padded conjugate chirp.
    private readonly FftPlan? _bluesteinPlan;
    private readonly Complex[]? _chirp;
    private readonly Complex[]? _chirpSpectrum;

    private FftPlan(int n)
    {
        Length = n;
        _factors = Factorize(n, out var largestPrime);
        _twForward = new Complex[n];
        _twInverse = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            // Angles reduced to [0, 2 pi) in exact integer arithmetic first, for accuracy.
            double phase = -2.0 * Math.PI * i / n;
            _twForward[i] = new Complex(Math.Cos(phase), Math.Sin(phase));
            _twInverse[i] = Complex.Conjugate(_twForward[i]);
        }
        if (largestPrime > MaxDirectPrime)
        {
            int m = 1;
            while (m < 2 * n - 1) m <<= 1;
            _bluesteinPlan = Get(m);
            _chirp = new Complex[n];
            for (long k = 0; k < n; k++)
            {
                long k2 = k * k % (2L * n); // exp(-i pi k^2/n) has period 2n in k^2
                double phase = -Math.PI * k2 / n;
                _chirp[k] = new Complex(Math.Cos(phase), Math.Sin(phase));
            }
            var b = new Complex[m];
            b[0] = Complex.Conjugate(_chirp[0]);
            for (int k = 1; k < n; k++)
                b[k] = b[m - k] = Complex.Conjugate(_chirp[k]);
            _bluesteinPlan.Forward(b);
            _chirpSpectrum = b;
        }
    }

    /// <summary>The transform length.</summary>
    public int Length { get; }

    /// <summary>True when this length is done by Bluestein's algorithm (it has a large prime factor).</summary>
    public bool UsesBluestein => _bluesteinPlan is not null;

    /// <summary>The cached plan for length <paramref name="n"/> (at least 1).</summary>
    public static FftPlan Get(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"FFT length {n}: must be at least 1");
        return s_cache.GetOrAdd(n, static len => new FftPlan(len));
    }

    /// <summary>In-place forward transform of <paramref name="data"/> (length <see cref="Length"/>), unscaled.</summary>
    public void Forward(Span<Complex> data) => Transform(data, inverse: false);

    /// <summary>In-place inverse transform, scaled by 1/n.</summary>
    public void Inverse(Span<Complex> data)
    {
        Transform(data, inverse: true);
        double s = 1.0 / Length;
        for (int i = 0; i < data.Length; i++) data[i] *= s;
    }

    /// <summary>In-place transform without any scaling: forward (exp -i) or inverse direction (exp +i).</summary>
    public void Transform(Span<Complex> data, bool inverse)
    {
        if (data.Length != Length)
            throw new ArgumentException($"FFT plan of length {Length} given {data.Length} values", nameof(data));
        if (Length == 1) return;
        if (_bluesteinPlan is not null)
        {
            Bluestein(data, inverse);
            return;
        }
        Complex[]? rented = null;
        Span<Complex> input = Length <= 512 ? stackalloc Complex[Length] : (rented = System.Buffers.ArrayPool<Complex>.Shared.Rent(Length)).AsSpan(0, Length);
        data.CopyTo(input);
        unsafe
        {
            fixed (Complex* pin = input)
            fixed (Complex* pout = data)
            fixed (Complex* tw = inverse ? _twInverse : _twForward)
            {
                Work(pout, pin, 1, 1, 0, tw, inverse);
            }
        }
        if (rented is not null) System.Buffers.ArrayPool<Complex>.Shared.Return(rented);
    }

    private void Bluestein(Span<Complex> data, bool inverse)
    {
        int n = Length, m = _bluesteinPlan!.Length;
        var chirp = _chirp!;
        var spectrum = _chirpSpectrum!;
        var a = System.Buffers.ArrayPool<Complex>.Shared.Rent(m);
        var span = a.AsSpan(0, m);
        // The inverse transform is the forward one of the conjugate, conjugated.
        for (int k = 0; k < n; k++)
        {
            var x = inverse ? Complex.Conjugate(data[k]) : data[k];
            span[k] = x * chirp[k];
        }
        span[n..].Clear();
        _bluesteinPlan.Forward(span);
        for (int k = 0; k < m; k++) span[k] *= spectrum[k];
        _bluesteinPlan.Inverse(span);
        for (int k = 0; k < n; k++)
        {
            var y = span[k] * chirp[k];
            data[k] = inverse ? Complex.Conjugate(y) : y;
        }
        System.Buffers.ArrayPool<Complex>.Shared.Return(a);
    }

    private static int[] Factorize(int n, out int largestPrime)
    {
        var factors = new List<int>();
        largestPrime = 1;
        int rest = n;
        // Radix 4 first (cheapest per point), then 2, 3, and odd primes.
        while (rest % 4 == 0) { factors.Add(4); rest /= 4; }
        int p = 2;
        while (rest > 1)
        {
            while (rest % p != 0)
            {
                p = p == 2 ? 3 : p + 2;
                if ((long)p * p > rest) p = rest;
            }
            factors.Add(p);
            rest /= p;
        }
        var pairs = new int[factors.Count * 2];
        int remaining = n;
        for (int i = 0; i < factors.Count; i++)
        {
            remaining /= factors[i];
            pairs[2 * i] = factors[i];
            pairs[2 * i + 1] = remaining;
            largestPrime = Math.Max(largestPrime, factors[i] == 4 ? 2 : factors[i]);
        }
        return pairs;
    }

    // Decimation in time: the p sub-sequences (stride fstride*p) are transformed into
    // consecutive blocks of m outputs, then combined by a radix-p butterfly.
    private unsafe void Work(Complex* fout, Complex* f, int fstride, int inStride, int fi, Complex* tw, bool inverse)
    {
        int p = _factors[fi], m = _factors[fi + 1];
        Complex* begin = fout;
        Complex* end = fout + p * m;
        if (m == 1)
        {
            do { *fout = *f; f += fstride * inStride; } while (++fout != end);
        }
        else
        {
            do
            {
                Work(fout, f, fstride * p, inStride, fi + 2, tw, inverse);
                f += fstride * inStride;
            } while ((fout += m) != end);
        }
        fout = begin;
        switch (p)
        {
            case 2: Butterfly2(fout, fstride, m, tw); break;
            case 3: Butterfly3(fout, fstride, m, tw); break;
            case 4: Butterfly4(fout, fstride, m, tw, inverse); break;
            default: ButterflyGeneric(fout, fstride, m, p, tw); break;
        }
    }

    private static unsafe void Butterfly2(Complex* fout, int fstride, int m, Complex* tw)
    {
        Complex* fout2 = fout + m;
        for (int k = 0; k < m; k++)
        {
            var t = fout2[k] * tw[k * fstride];
            fout2[k] = fout[k] - t;
            fout[k] += t;
        }
    }

    private static unsafe void Butterfly4(Complex* fout, int fstride, int m, Complex* tw, bool inverse)
    {
        for (int k = 0; k < m; k++)
        {
            var s0 = fout[k + m] * tw[k * fstride];
            var s1 = fout[k + 2 * m] * tw[2 * k * fstride];
            var s2 = fout[k + 3 * m] * tw[3 * k * fstride];
            var s5 = fout[k] - s1;
            var f0 = fout[k] + s1;
            var s3 = s0 + s2;
            var s4 = s0 - s2;
            fout[k + 2 * m] = f0 - s3;
            fout[k] = f0 + s3;
            if (inverse)
            {
                fout[k + m] = new Complex(s5.Real - s4.Imaginary, s5.Imaginary + s4.Real);
                fout[k + 3 * m] = new Complex(s5.Real + s4.Imaginary, s5.Imaginary - s4.Real);
            }
            else
            {
                fout[k + m] = new Complex(s5.Real + s4.Imaginary, s5.Imaginary - s4.Real);
                fout[k + 3 * m] = new Complex(s5.Real - s4.Imaginary, s5.Imaginary + s4.Real);
            }
        }
    }

    private static unsafe void Butterfly3(Complex* fout, int fstride, int m, Complex* tw)
    {
        double epi3 = tw[fstride * m].Imaginary; // sin(-+2 pi / 3)
        for (int k = 0; k < m; k++)
        {
            var s1 = fout[k + m] * tw[k * fstride];
            var s2 = fout[k + 2 * m] * tw[2 * k * fstride];
            var s3 = s1 + s2;
            var s0 = (s1 - s2) * epi3;
            var a = fout[k] - s3 * 0.5;
            fout[k] += s3;
            fout[k + 2 * m] = new Complex(a.Real + s0.Imaginary, a.Imaginary - s0.Real);
            fout[k + m] = new Complex(a.Real - s0.Imaginary, a.Imaginary + s0.Real);
        }
    }

    private unsafe void ButterflyGeneric(Complex* fout, int fstride, int m, int p, Complex* tw)
    {
        int n = Length;
        Complex* scratch = stackalloc Complex[p];
        for (int u = 0; u < m; u++)
        {
            int k = u;
            for (int q1 = 0; q1 < p; q1++, k += m) scratch[q1] = fout[k];
            k = u;
            for (int q1 = 0; q1 < p; q1++, k += m)
            {
                int twidx = 0;
                var acc = scratch[0];
                for (int q = 1; q < p; q++)
                {
                    twidx += fstride * k;
                    if (twidx >= n) twidx -= n;
                    acc += scratch[q] * tw[twidx];
                }
                fout[k] = acc;
            }
        }
    }
}
