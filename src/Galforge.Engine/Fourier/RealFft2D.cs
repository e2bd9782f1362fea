using System.Numerics;
using System.Runtime.InteropServices;
using Galforge.Engine.Backends;

namespace Galforge.Engine.Fourier;

/// <summary>
/// A reusable workspace for real 2-D FFTs of one size in single precision, for hot loops (one
/// instance per thread): a real buffer <see cref="Real"/> (rows x cols) and its half spectrum
/// <see cref="Spectrum"/> (rows x (cols/2+1) complex values, interleaved re, im).
/// <see cref="Forward"/> maps Real to Spectrum (unscaled); <see cref="Inverse"/> maps Spectrum back to
/// Real scaled by 1/(rows*cols) and overwrites Spectrum. Uses FFTW (libfftw3f, planned once per size
/// with FFTW_ESTIMATE, executed with the thread-safe new-array interface) when it is installed, and
/// the managed <see cref="Fft2D"/> otherwise or when GALFORGE_FFT=managed.
/// </summary>
public sealed unsafe class RealFft2D : IDisposable
{
    private static readonly object s_planLock = new();
    private static readonly Dictionary<(int, int), (nint Forward, nint Inverse)> s_plans = new();
    private static readonly Lazy<FftwApi?> s_fftw = new(FftwApi.TryLoad);

    private readonly float* _real;
    private readonly float* _spectrum;
    private readonly nint _forwardPlan, _inversePlan;
    private readonly Complex[]? _managedSpectrum;
    private bool _disposed;

    /// <summary>Creates the workspace for rows x cols.</summary>
    public RealFft2D(int rows, int cols)
    {
        if (rows < 1 || cols < 1) throw new ArgumentOutOfRangeException(nameof(rows), $"FFT size {rows}x{cols}");
        Rows = rows;
        Cols = cols;
        HalfWidth = Fft2D.HalfWidth(cols);
        var fftw = UseFftw ? s_fftw.Value : null;
        nuint realBytes = (nuint)((long)rows * cols * sizeof(float));
        nuint specBytes = (nuint)((long)rows * HalfWidth * 2 * sizeof(float));
        if (fftw is not null)
        {
            _real = (float*)fftw.Malloc(realBytes);
            _spectrum = (float*)fftw.Malloc(specBytes);
            (_forwardPlan, _inversePlan) = fftw.Plans(rows, cols);
            Backend = "fftw";
        }
        else
        {
            _real = (float*)NativeMemory.AlignedAlloc(realBytes, 64);
            _spectrum = (float*)NativeMemory.AlignedAlloc(specBytes, 64);
            _managedSpectrum = new Complex[rows * HalfWidth];
            Backend = "managed";
        }
        Real.Clear();
        Spectrum.Clear();
    }

    /// <summary>True when FFTW is installed and not disabled by GALFORGE_FFT=managed.</summary>
    public static bool UseFftw =>
        !string.Equals(Environment.GetEnvironmentVariable("GALFORGE_FFT"), "managed", StringComparison.OrdinalIgnoreCase)
        && s_fftw.Value is not null;

    /// <summary>"fftw" or "managed".</summary>
    public string Backend { get; }

    /// <summary>Rows.</summary>
    public int Rows { get; }

    /// <summary>Columns.</summary>
    public int Cols { get; }

    /// <summary>Complex columns of the half spectrum, cols/2 + 1.</summary>
    public int HalfWidth { get; }

    /// <summary>The real buffer, row-major.</summary>
    public Span<float> Real => new(_real, Rows * Cols);

    /// <summary>The half spectrum, interleaved (re, im), row-major.</summary>
    public Span<float> Spectrum => new(_spectrum, Rows * HalfWidth * 2);

    /// <summary>Real to Spectrum, unscaled.</summary>
    public void Forward()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_managedSpectrum is null)
        {
            s_fftw.Value!.ExecuteR2C(_forwardPlan, _real, _spectrum);
            return;
        }
        Fft2D.ForwardReal(Real, Rows, Cols, _managedSpectrum);
        var s = Spectrum;
        for (int i = 0; i < _managedSpectrum.Length; i++)
        {
            s[2 * i] = (float)_managedSpectrum[i].Real;
            s[2 * i + 1] = (float)_managedSpectrum[i].Imaginary;
        }
    }

    /// <summary>Spectrum to Real, scaled by 1/(rows*cols); Spectrum is overwritten.</summary>
    public void Inverse()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_managedSpectrum is null)
        {
            s_fftw.Value!.ExecuteC2R(_inversePlan, _spectrum, _real);
            System.Numerics.Tensors.TensorPrimitives.Multiply(Real, 1f / (Rows * Cols), Real);
            return;
        }
        var s = Spectrum;
        for (int i = 0; i < _managedSpectrum.Length; i++) _managedSpectrum[i] = new Complex(s[2 * i], s[2 * i + 1]);
        Fft2D.InverseReal(_managedSpectrum, Rows, Cols, Real);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_managedSpectrum is null)
        {
            s_fftw.Value!.Free(_real);
            s_fftw.Value!.Free(_spectrum);
        }
        else
        {
            NativeMemory.AlignedFree(_real);
            NativeMemory.AlignedFree(_spectrum);
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the buffers if Dispose was not called.</summary>
    ~RealFft2D() => Dispose();

    /// <summary>The few FFTW entry points used, bound once.</summary>
    private sealed class FftwApi
    {
        private const uint Estimate = 1u << 6;
        private delegate* unmanaged[Cdecl]<int, int, float*, float*, uint, nint> _planR2C;
        private delegate* unmanaged[Cdecl]<int, int, float*, float*, uint, nint> _planC2R;
        private delegate* unmanaged[Cdecl]<nint, float*, float*, void> _execR2C;
        private delegate* unmanaged[Cdecl]<nint, float*, float*, void> _execC2R;
        private delegate* unmanaged[Cdecl]<nuint, void*> _malloc;
        private delegate* unmanaged[Cdecl]<void*, void> _free;

        public static FftwApi? TryLoad()
        {
            var lib = NativeLibraries.FftwSingle;
            if (!lib.IsAvailable) return null;
            try
            {
                return new FftwApi
                {
                    _planR2C = (delegate* unmanaged[Cdecl]<int, int, float*, float*, uint, nint>)lib.GetExport("fftwf_plan_dft_r2c_2d"),
                    _planC2R = (delegate* unmanaged[Cdecl]<int, int, float*, float*, uint, nint>)lib.GetExport("fftwf_plan_dft_c2r_2d"),
                    _execR2C = (delegate* unmanaged[Cdecl]<nint, float*, float*, void>)lib.GetExport("fftwf_execute_dft_r2c"),
                    _execC2R = (delegate* unmanaged[Cdecl]<nint, float*, float*, void>)lib.GetExport("fftwf_execute_dft_c2r"),
                    _malloc = (delegate* unmanaged[Cdecl]<nuint, void*>)lib.GetExport("fftwf_malloc"),
                    _free = (delegate* unmanaged[Cdecl]<void*, void>)lib.GetExport("fftwf_free"),
                };
            }
            catch (EntryPointNotFoundException)
            {
                return null;
            }
        }

        public void* Malloc(nuint bytes) => _malloc(bytes);

        public void Free(void* p) => _free(p);

        // FFTW's planner is not thread-safe: plans are made once per size under a lock, on
        // scratch arrays from fftwf_malloc (so every later array has the same alignment).
        public (nint Forward, nint Inverse) Plans(int rows, int cols)
        {
            lock (s_planLock)
            {
                if (s_plans.TryGetValue((rows, cols), out var p)) return p;
                int hw = cols / 2 + 1;
                var real = (float*)_malloc((nuint)((long)rows * cols * 4));
                var spec = (float*)_malloc((nuint)((long)rows * hw * 8));
                var f = _planR2C(rows, cols, real, spec, Estimate);
                var i = _planC2R(rows, cols, spec, real, Estimate);
                _free(real);
                _free(spec);
                if (f == 0 || i == 0) throw new InvalidOperationException($"FFTW could not plan a {rows}x{cols} real transform");
                s_plans[(rows, cols)] = (f, i);
                return (f, i);
            }
        }

        public void ExecuteR2C(nint plan, float* input, float* output) => _execR2C(plan, input, output);

        public void ExecuteC2R(nint plan, float* input, float* output) => _execC2R(plan, input, output);
    }
}
