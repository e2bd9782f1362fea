using System.Numerics;
using System.Numerics.Tensors;
using Galforge.Astro.Lensing;
using Galforge.Astro.Rendering;
using Galforge.Engine.Fourier;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Renders multi-band postage stamps of parametric galaxies: every extended component is drawn
/// once (lensed, integrated over pixels) on a padded grid, the bands are formed as sums of the
/// components weighted by their band fluxes, point sources are added in Fourier space (exact
/// sub-pixel position, pixel response included), and each band is convolved with its own PSF
/// by FFT. The padding is at least the PSF kernel radius, so no light wraps around into the stamp.
/// Holds scratch buffers (and an FFT workspace, FFTW when installed): one instance per thread.
/// </summary>
public sealed class StampRenderer : IDisposable
{
    private readonly Band[] _bands;
    private readonly PsfKernel[] _kernels;
    private readonly double[][] _bandImages;
    private readonly double[] _layer;
    private readonly double[] _armLayer;
    private readonly RealFft2D _fft;
    private readonly float[][] _psfSpectra; // interleaved (re, im) half spectra, one per band

    /// <summary>Prepares PSF kernels and buffers.</summary>
    /// <param name="bands">The bands.</param>
    /// <param name="stampSize">Stamp side, pixels.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="psfFluxFraction">PSF flux fraction inside the kernel (the rest is cut and the kernel renormalised).</param>
    public StampRenderer(IReadOnlyList<Band> bands, int stampSize, double pixelScale, double psfFluxFraction = 0.999)
        : this(bands, stampSize, pixelScale, BuildKernels(bands, stampSize, pixelScale, psfFluxFraction)) { }

    /// <summary>Shares already built kernels (they are immutable) with a new set of buffers.</summary>
    public StampRenderer(IReadOnlyList<Band> bands, int stampSize, double pixelScale, PsfKernel[] kernels)
    {
        if (stampSize < 1) throw new BadInputException($"stamp size {stampSize}: must be at least 1");
        if (!(pixelScale > 0)) throw new BadInputException($"pixel scale {pixelScale}: must be positive");
        _bands = [.. bands];
        _kernels = kernels;
        StampSize = stampSize;
        PixelScale = pixelScale;
        GridSize = kernels.Length > 0 ? kernels[0].GridSize : stampSize;
        Padding = (GridSize - stampSize) / 2;
        _bandImages = new double[_bands.Length][];
        for (int b = 0; b < _bands.Length; b++) _bandImages[b] = new double[GridSize * GridSize];
        _layer = new double[GridSize * GridSize];
        _armLayer = new double[GridSize * GridSize];
        _fft = new RealFft2D(GridSize, GridSize);
        _psfSpectra = new float[kernels.Length][];
        for (int b = 0; b < kernels.Length; b++)
        {
            var k = kernels[b].Spectrum;
            var f = _psfSpectra[b] = new float[2 * k.Length];
            for (int i = 0; i < k.Length; i++) { f[2 * i] = (float)k[i].Real; f[2 * i + 1] = (float)k[i].Imaginary; }
        }
    }

    /// <summary>The FFT backend in use ("fftw" or "managed").</summary>
    public string FftBackend => _fft.Backend;

    /// <inheritdoc />
    public void Dispose() => _fft.Dispose();

    /// <summary>The PSF kernels, one per band (shareable between renderers).</summary>
    public PsfKernel[] Kernels => _kernels;

    /// <summary>Stamp side, pixels.</summary>
    public int StampSize { get; }

    /// <summary>Arcsec per pixel.</summary>
    public double PixelScale { get; }

    /// <summary>Side of the padded FFT grid.</summary>
    public int GridSize { get; }

    /// <summary>Padding on each side, pixels.</summary>
    public int Padding { get; }

    /// <summary>Builds one kernel per band on a common grid big enough for every band's kernel.</summary>
    public static PsfKernel[] BuildKernels(IReadOnlyList<Band> bands, int stampSize, double pixelScale, double psfFluxFraction)
    {
        int radius = 1;
        foreach (var band in bands) radius = Math.Max(radius, PsfKernel.RadiusFor(band.Psf, pixelScale, psfFluxFraction));
        int grid = Fft2D.GoodSize(stampSize + 2 * radius + 2);
        if ((grid - stampSize) % 2 != 0) grid = Fft2D.GoodSize(grid + 1);
        while ((grid - stampSize) % 2 != 0) grid = Fft2D.GoodSize(grid + 1);
        var kernels = new PsfKernel[bands.Count];
        for (int b = 0; b < bands.Count; b++)
            kernels[b] = new PsfKernel(bands[b].Psf, pixelScale, grid, Math.Min(radius, grid / 2 - 1));
        return kernels;
    }

    /// <summary>
    /// Renders the noise-free, PSF-convolved stamps of <paramref name="galaxy"/> under
    /// <paramref name="lens"/> into <paramref name="stamps"/> (one array of StampSize^2 per band);
    /// with <paramref name="applyPsf"/> false, the intrinsic (lensed, pixel-integrated, not
    /// PSF-convolved) stamps instead.
    /// </summary>
    public void Render(GalaxyModel galaxy, LensDistortion lens, float[][] stamps, bool applyPsf = true)
    {
        int n = GridSize, nb = _bands.Length;
        foreach (var img in _bandImages) Array.Clear(img);
        double centre = Padding + (StampSize - 1) / 2.0;
        // The galaxy centre itself is not moved by the lens (it defines the lens-frame origin).
        double gx = centre + galaxy.CentreX / PixelScale, gy = centre + galaxy.CentreY / PixelScale;
        double mu = lens.Magnification;
        var points = new List<(double X, double Y, double[] Flux)>();
        foreach (var c in galaxy.Components)
        {
            var (ox, oy) = lens.ToImage(c.OffsetX, c.OffsetY);
            double cx = gx + ox / PixelScale, cy = gy + oy / PixelScale;
            if (c.Profile is null)
            {
                points.Add((cx, cy, c.BandFlux));
                continue;
            }
            bool arms = c.Arms is not null && c.Arms.Fraction > 0;
            var (row0, row1) = ProfileRenderer.Render(c.Profile, cx, cy, PixelScale, lens, _layer, n, n, arms ? c.Arms : null, arms ? _armLayer : default);
            if (row1 < row0) continue;
            // Only the rows the component was drawn on; vectorised multiply-adds.
            int start = row0 * n, length = (row1 - row0 + 1) * n;
            var layer = _layer.AsSpan(start, length);
            var armLayer = _armLayer.AsSpan(start, length);
            double smoothShare = arms ? 1 - c.Arms!.Fraction : 1;
            for (int b = 0; b < nb; b++)
            {
                var dst = _bandImages[b].AsSpan(start, length);
                double w = smoothShare > 0 ? c.BandFlux[b] / smoothShare : 0;
                if (w != 0) TensorPrimitives.MultiplyAdd(layer, w, dst, dst);
                if (arms)
                {
                    double wa = c.ArmBandFlux![b] / c.Arms!.Fraction;
                    if (wa != 0) TensorPrimitives.MultiplyAdd(armLayer, wa, dst, dst);
                }
            }
        }
        for (int b = 0; b < nb; b++)
        {
            var real = _fft.Real;
            TensorPrimitives.ConvertTruncating<double, float>(_bandImages[b], real);
            _fft.Forward();
            var spectrum = _fft.Spectrum;
            foreach (var (px, py, flux) in points)
                if (flux[b] != 0) AddPointSource(spectrum, n, px, py, flux[b] * mu);
            if (applyPsf) MultiplyComplex(spectrum, _psfSpectra[b]);
            _fft.Inverse();
            real = _fft.Real;
            var stamp = stamps[b];
            for (int y = 0; y < StampSize; y++)
                real.Slice((y + Padding) * n + Padding, StampSize).CopyTo(stamp.AsSpan(y * StampSize, StampSize));
        }
    }

    // a *= b for interleaved complex arrays.
    private static void MultiplyComplex(Span<float> a, ReadOnlySpan<float> b)
    {
        for (int i = 0; i < a.Length; i += 2)
        {
            float ar = a[i], ai = a[i + 1], br = b[i], bi = b[i + 1];
            a[i] = ar * br - ai * bi;
            a[i + 1] = ar * bi + ai * br;
        }
    }

    // Fourier transform of a pixel-integrated point source at (x0, y0): flux exp(-i k.x0) sinc(kx/2) sinc(ky/2).
    private static void AddPointSource(Span<float> spectrum, int n, double x0, double y0, double flux)
    {
        int hw = Fft2D.HalfWidth(n);
        Span<Complex> phaseX = stackalloc Complex[hw];
        for (int kx = 0; kx < hw; kx++)
        {
            double k = 2 * Math.PI * kx / n;
            phaseX[kx] = Complex.FromPolarCoordinates(Sinc(k / 2), -k * x0);
        }
        for (int ky = 0; ky < n; ky++)
        {
            int fy = ky <= n / 2 ? ky : ky - n;
            double k = 2 * Math.PI * fy / n;
            var py = Complex.FromPolarCoordinates(flux * Sinc(k / 2), -k * y0);
            var row = spectrum.Slice(2 * ky * hw, 2 * hw);
            for (int kx = 0; kx < hw; kx++)
            {
                var v = py * phaseX[kx];
                row[2 * kx] += (float)v.Real;
                row[2 * kx + 1] += (float)v.Imaginary;
            }
        }
    }

    private static double Sinc(double x) => Math.Abs(x) < 1e-12 ? 1 : Math.Sin(x) / x;
}
