using Galforge.Engine;

namespace Galforge.Models.Vae;

/// <summary>
/// Linear (non-circular) convolution of S x S images with a different PSF per galaxy and band,
/// written with differentiable engine ops so gradients flow back to the unconvolved image.
/// The convolution is done in Fourier space on an M x M canvas (M = S + PSF half-extent, so no
/// wrap-around reaches the S x S window) with the discrete Fourier transform expressed as
/// matrix products: X̂ = F X Fᵀ with F the M x S block of the DFT matrix (zero padding folded
/// in), and the inverse cropped back to S x S the same way. Matrix DFTs cost more flops than an
/// FFT but are ordinary differentiable matmuls, so the engine's autograd handles them.
/// </summary>
public sealed class PsfConvolution
{
    private readonly Tensor _fr, _fi; // [M, S] real and imaginary parts of exp(-2πi k j / M)

    /// <summary>Prepares the transform for S x S images and PSFs with the given half-extent in pixels.</summary>
    /// <param name="imageSize">Side S of the square images.</param>
    /// <param name="psfHalfExtent">Largest distance in pixels from the PSF centre to its edge (capped at S, farther pixels never couple the window).</param>
    public PsfConvolution(int imageSize, int psfHalfExtent)
    {
        if (imageSize < 1) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "image size must be >= 1");
        ImageSize = imageSize;
        var h = Math.Clamp(psfHalfExtent, 0, imageSize);
        CanvasSize = imageSize + h + (imageSize + h) % 2;
        int m = CanvasSize, s = imageSize;
        var fr = new float[m * s];
        var fi = new float[m * s];
        for (var k = 0; k < m; k++)
            for (var j = 0; j < s; j++)
            {
                // Reduce k*j modulo M first so the angle is exact for large indices.
                var a = -2.0 * Math.PI * ((long)k * j % m) / m;
                fr[k * s + j] = (float)Math.Cos(a);
                fi[k * s + j] = (float)Math.Sin(a);
            }
        _fr = Tensor.FromArray(fr, m, s);
        _fi = Tensor.FromArray(fi, m, s);
    }

    /// <summary>Side S of the images, pixels.</summary>
    public int ImageSize { get; }

    /// <summary>Side M of the Fourier canvas, pixels.</summary>
    public int CanvasSize { get; }

    /// <summary>The half-extent of a PSF stamp of <paramref name="height"/> x <paramref name="width"/> centred at (height/2, width/2).</summary>
    public static int HalfExtent(int height, int width) => Math.Max(Math.Max(height / 2, height - 1 - height / 2), Math.Max(width / 2, width - 1 - width / 2));

    /// <summary>
    /// The PSF spectra (real, imaginary), each [count, M, M], of PSF stamps
    /// <paramref name="psfs"/> (count x Hp x Wp, centre pixel at (Hp/2, Wp/2)). Pixels farther
    /// than S from the centre are dropped: they never connect two pixels of the S x S window.
    /// </summary>
    public (Tensor Real, Tensor Imag) Spectra(ReadOnlySpan<float> psfs, int count, int psfHeight, int psfWidth)
    {
        int m = CanvasSize, s = ImageSize, cy = psfHeight / 2, cx = psfWidth / 2;
        var re = new float[count * m * m];
        var im = new float[count * m * m];
        var canvas = new double[m * m];
        var cos = new double[m];
        var sin = new double[m];
        for (var k = 0; k < m; k++) { cos[k] = Math.Cos(2 * Math.PI * k / m); sin[k] = -Math.Sin(2 * Math.PI * k / m); }
        var rowRe = new double[m * m];
        var rowIm = new double[m * m];
        for (var n = 0; n < count; n++)
        {
            Array.Clear(canvas);
            var psf = psfs.Slice(n * psfHeight * psfWidth, psfHeight * psfWidth);
            for (var y = 0; y < psfHeight; y++)
            {
                var dy = y - cy;
                if (Math.Abs(dy) >= s) continue;
                for (var x = 0; x < psfWidth; x++)
                {
                    var dx = x - cx;
                    if (Math.Abs(dx) >= s) continue;
                    canvas[((dy % m + m) % m) * m + (dx % m + m) % m] += psf[y * psfWidth + x];
                }
            }
            // Separable DFT in double: rows then columns (runs once per galaxy, not per step).
            for (var y = 0; y < m; y++)
                for (var k = 0; k < m; k++)
                {
                    double sr = 0, si = 0;
                    for (var x = 0; x < m; x++)
                    {
                        var v = canvas[y * m + x];
                        if (v == 0) continue;
                        var idx = (int)((long)k * x % m);
                        sr += v * cos[idx];
                        si += v * sin[idx];
                    }
                    rowRe[y * m + k] = sr;
                    rowIm[y * m + k] = si;
                }
            var o = n * m * m;
            for (var l = 0; l < m; l++)
                for (var k = 0; k < m; k++)
                {
                    double sr = 0, si = 0;
                    for (var y = 0; y < m; y++)
                    {
                        var idx = (int)((long)l * y % m);
                        double c = cos[idx], sn = sin[idx], ar = rowRe[y * m + k], ai = rowIm[y * m + k];
                        sr += ar * c - ai * sn;
                        si += ar * sn + ai * c;
                    }
                    re[o + l * m + k] = (float)sr;
                    im[o + l * m + k] = (float)si;
                }
        }
        return (Tensor.FromArray(re, count, m, m), Tensor.FromArray(im, count, m, m));
    }

    /// <summary>
    /// Convolves images <paramref name="x"/> [N, B, S, S] with PSF spectra [N, B, M, M] (from
    /// <see cref="Spectra"/>, reshaped); differentiable in <paramref name="x"/>.
    /// </summary>
    public Tensor Apply(Tensor x, Tensor psfReal, Tensor psfImag)
    {
        if (x.Rank != 4 || x.Shape[2] != ImageSize || x.Shape[3] != ImageSize)
            throw new TensorShapeException("psf convolution", $"input [{string.Join(", ", x.Shape)}] must be [N, B, {ImageSize}, {ImageSize}]");
        // Forward DFT with zero padding: Y = F X Fᵀ, F = Fr + i Fi  ([M, S]).
        var ar = _fr.MatMul(x);
        var ai = _fi.MatMul(x);
        var yr = Tensor.MatMul(ar, _fr, false, true) - Tensor.MatMul(ai, _fi, false, true);
        var yi = Tensor.MatMul(ar, _fi, false, true) + Tensor.MatMul(ai, _fr, false, true);
        // Multiply by the PSF transfer function.
        var zr = yr * psfReal - yi * psfImag;
        var zi = yr * psfImag + yi * psfReal;
        // Inverse DFT cropped to the S x S window: G = conj(F)ᵀ = Frᵀ - i Fiᵀ ([S, M]); out = Re(G Z Gᵀ) / M².
        var br = Tensor.MatMul(_fr, zr, true, false) + Tensor.MatMul(_fi, zi, true, false);
        var bi = Tensor.MatMul(_fr, zi, true, false) - Tensor.MatMul(_fi, zr, true, false);
        var outRe = Tensor.MatMul(br, _fr, false, false) + Tensor.MatMul(bi, _fi, false, false);
        return outRe * (1f / ((float)CanvasSize * CanvasSize));
    }
}
