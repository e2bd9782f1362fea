using System.Numerics;
using Galforge.Engine.Fourier;

namespace Galforge.Astro.Rendering;

/// <summary>
/// A PSF prepared for convolution on one square FFT grid: sampled at pixel centres out to a
/// radius holding the requested flux fraction, renormalised to unit sum (so convolution conserves
/// flux exactly), laid out with its centre on pixel (0, 0) with wrap-around, and Fourier
/// transformed (half spectrum). Images are padded by at least the kernel radius before
/// convolving, so the circular convolution never wraps light into the stamp.
/// </summary>
public sealed class PsfKernel
{
    /// <summary>Builds the kernel.</summary>
    /// <param name="psf">The PSF.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="gridSize">FFT grid size (square).</param>
    /// <param name="radiusPixels">Kernel radius in pixels; at most gridSize/2 - 1.</param>
    public PsfKernel(Psf.Psf psf, double pixelScale, int gridSize, int radiusPixels)
    {
        if (radiusPixels > gridSize / 2 - 1) throw new ArgumentException($"kernel radius {radiusPixels} px does not fit a {gridSize} grid");
        Psf = psf;
        GridSize = gridSize;
        RadiusPixels = radiusPixels;
        var kernel = new double[gridSize * gridSize];
        double sum = 0, r2max = (radiusPixels + 0.5) * (radiusPixels + 0.5);
        for (int dy = -radiusPixels; dy <= radiusPixels; dy++)
            for (int dx = -radiusPixels; dx <= radiusPixels; dx++)
            {
                if (dx * dx + dy * dy > r2max) continue;
                double v = psf.Evaluate(dx * pixelScale, dy * pixelScale);
                int x = (dx + gridSize) % gridSize, y = (dy + gridSize) % gridSize;
                kernel[y * gridSize + x] = v;
                sum += v;
            }
        for (int i = 0; i < kernel.Length; i++) kernel[i] /= sum;
        int side = 2 * radiusPixels + 1;
        Image = new double[side * side];
        for (int dy = -radiusPixels; dy <= radiusPixels; dy++)
            for (int dx = -radiusPixels; dx <= radiusPixels; dx++)
                Image[(dy + radiusPixels) * side + dx + radiusPixels] = kernel[((dy + gridSize) % gridSize) * gridSize + (dx + gridSize) % gridSize];
        Spectrum = new Complex[gridSize * Fft2D.HalfWidth(gridSize)];
        Fft2D.ForwardReal(kernel, gridSize, gridSize, Spectrum);
    }

    /// <summary>The PSF.</summary>
    public Psf.Psf Psf { get; }

    /// <summary>FFT grid size.</summary>
    public int GridSize { get; }

    /// <summary>Kernel radius, pixels.</summary>
    public int RadiusPixels { get; }

    /// <summary>The unit-sum kernel as a centred (2R+1)^2 image, row-major.</summary>
    public double[] Image { get; }

    /// <summary>Half spectrum (GridSize x (GridSize/2 + 1)) of the unit-sum kernel.</summary>
    public Complex[] Spectrum { get; }

    /// <summary>
    /// Convolves an image laid out on this kernel's GridSize x GridSize grid (row-major) with the
    /// kernel, in place, by FFT. The convolution is circular: keep a zero margin of at least
    /// <see cref="RadiusPixels"/> around the light so none wraps round. Flux is conserved.
    /// </summary>
    public void Convolve(Span<float> grid)
    {
        if (grid.Length != GridSize * GridSize) throw new ArgumentException($"grid has {grid.Length} pixels, expected {GridSize}x{GridSize}");
        var spectrum = new Complex[GridSize * Fft2D.HalfWidth(GridSize)];
        Fft2D.ForwardReal(grid, GridSize, GridSize, spectrum);
        for (int i = 0; i < spectrum.Length; i++) spectrum[i] *= Spectrum[i];
        Fft2D.InverseReal(spectrum, GridSize, GridSize, grid);
    }

    /// <summary>Kernel radius (pixels) holding <paramref name="fraction"/> of the PSF flux.</summary>
    public static int RadiusFor(Psf.Psf psf, double pixelScale, double fraction) =>
        Math.Max(1, (int)Math.Ceiling(psf.EnclosingRadius(fraction) / pixelScale));
}
