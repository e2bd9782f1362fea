using Galforge.Engine;
using Galforge.Engine.Fourier;

namespace Galforge.Models.Vae;

/// <summary>
/// Linear (non-circular) convolution of S x S images with a different PSF per galaxy and band,
/// with gradients to the unconvolved image: the image is zero-padded to an M x M canvas
/// (M ≥ S + PSF half-extent, so nothing wraps around into the S x S window), transformed with
/// the engine's differentiable <see cref="Functional.Rfft2"/>, multiplied by the PSF's half
/// spectrum, transformed back and cropped.
/// </summary>
public sealed class PsfConvolution
{
    /// <summary>Prepares the transform for S x S images and PSFs with the given half-extent in pixels.</summary>
    /// <param name="imageSize">Side S of the square images.</param>
    /// <param name="psfHalfExtent">Largest distance in pixels from the PSF centre to its edge (capped at S, farther pixels never couple the window).</param>
    public PsfConvolution(int imageSize, int psfHalfExtent)
    {
        if (imageSize < 1) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "image size must be >= 1");
        ImageSize = imageSize;
        CanvasSize = Fft2D.GoodSize(imageSize + Math.Clamp(psfHalfExtent, 0, imageSize));
    }

    /// <summary>Side S of the images, pixels.</summary>
    public int ImageSize { get; }

    /// <summary>Side M of the Fourier canvas, pixels.</summary>
    public int CanvasSize { get; }

    /// <summary>Shape of one PSF half spectrum: [M, M/2+1, 2].</summary>
    public int[] SpectrumShape => [CanvasSize, Fft2D.HalfWidth(CanvasSize), 2];

    /// <summary>The half-extent of a PSF stamp of <paramref name="height"/> x <paramref name="width"/> centred at (height/2, width/2).</summary>
    public static int HalfExtent(int height, int width) => Math.Max(Math.Max(height / 2, height - 1 - height / 2), Math.Max(width / 2, width - 1 - width / 2));

    /// <summary>
    /// PSF half spectra [count, M, M/2+1, 2] of PSF stamps <paramref name="psfs"/> (count x Hp x Wp,
    /// centre pixel at (Hp/2, Wp/2)), centre moved to the canvas origin. Pixels farther than S
    /// from the centre are dropped: they never connect two pixels of the S x S window.
    /// </summary>
    public Tensor Spectra(ReadOnlySpan<float> psfs, int count, int psfHeight, int psfWidth)
    {
        int m = CanvasSize, s = ImageSize, cy = psfHeight / 2, cx = psfWidth / 2;
        var canvas = new float[count * m * m];
        for (var n = 0; n < count; n++)
        {
            var psf = psfs.Slice(n * psfHeight * psfWidth, psfHeight * psfWidth);
            for (var y = 0; y < psfHeight; y++)
            {
                var dy = y - cy;
                if (Math.Abs(dy) >= s) continue;
                for (var x = 0; x < psfWidth; x++)
                {
                    var dx = x - cx;
                    if (Math.Abs(dx) >= s) continue;
                    canvas[n * m * m + ((dy + m) % m) * m + (dx + m) % m] += psf[y * psfWidth + x];
                }
            }
        }
        using var _ = Autograd.NoGrad();
        return Functional.Rfft2(Tensor.Wrap(canvas, count, m, m));
    }

    /// <summary>
    /// Convolves images <paramref name="x"/> [N, B, S, S] with PSF half spectra
    /// [N, B, M, M/2+1, 2] (from <see cref="Spectra"/>); differentiable in <paramref name="x"/>.
    /// </summary>
    public Tensor Apply(Tensor x, Tensor psfSpectra)
    {
        if (x.Rank != 4 || x.Shape[2] != ImageSize || x.Shape[3] != ImageSize)
            throw new TensorShapeException("psf convolution", $"input [{string.Join(", ", x.Shape)}] must be [N, B, {ImageSize}, {ImageSize}]");
        int n = x.Shape[0], b = x.Shape[1], s = ImageSize, m = CanvasSize;
        var padded = m == s ? x : Tensor.Concat([x, Tensor.Zeros(n, b, s, m - s)], 3);
        if (m != s) padded = Tensor.Concat([padded, Tensor.Zeros(n, b, m - s, m)], 2);
        var conv = Functional.Irfft2(Functional.ComplexMul(Functional.Rfft2(padded), psfSpectra), m);
        return m == s ? conv : conv.Narrow(2, 0, s).Narrow(3, 0, s);
    }
}
