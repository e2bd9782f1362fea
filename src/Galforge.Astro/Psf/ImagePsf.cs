using Galforge.Astro.Imaging;
using Galforge.Astro.Rendering;

namespace Galforge.Astro.Psf;

/// <summary>
/// A PSF given as an image (e.g. a real HST PSF), centred on its flux-weighted centroid and
/// evaluated anywhere by Lanczos-5 interpolation. The image is taken as sampled surface density
/// at its own pixel scale; its flux is normalised to 1.
/// </summary>
public sealed class ImagePsf : Psf
{
    private readonly float[] _pixels;
    private readonly int _width, _height;
    private readonly double _scale, _cx, _cy, _norm;
    private readonly double[] _radii; // sorted pixel radii (arcsec) with cumulative flux, for EnclosingRadius
    private readonly double[] _cumulative;

    /// <summary>Creates the PSF from an image with a known pixel scale (arcsec/px).</summary>
    public ImagePsf(Image image, string source = "image")
    {
        if (!(image.PixelScale > 0)) throw new BadInputException($"PSF image {source}: pixel scale unknown; give scale=ARCSEC in the PSF spec");
        _pixels = image.Pixels;
        _width = image.Width;
        _height = image.Height;
        _scale = image.PixelScale;
        Source = source;
        double sum = 0, mx = 0, my = 0;
        for (int y = 0; y < _height; y++)
            for (int x = 0; x < _width; x++)
            {
                double v = _pixels[y * _width + x];
                sum += v; mx += v * x; my += v * y;
            }
        if (!(sum > 0)) throw new BadInputException($"PSF image {source}: total flux {sum} must be positive");
        _cx = mx / sum;
        _cy = my / sum;
        _norm = 1 / (sum * _scale * _scale);
        var r = new double[_pixels.Length];
        var f = new double[_pixels.Length];
        for (int y = 0, i = 0; y < _height; y++)
            for (int x = 0; x < _width; x++, i++)
            {
                r[i] = _scale * Math.Sqrt((x - _cx) * (x - _cx) + (y - _cy) * (y - _cy));
                f[i] = _pixels[i] / sum;
            }
        Array.Sort(r, f);
        for (int i = 1; i < f.Length; i++) f[i] += f[i - 1];
        _radii = r;
        _cumulative = f;
        // Half-maximum radius by bisection of the interpolated profile along +x, -x, +y and -y
        // (sub-pixel, so a PSF sampled with 1.5 pixels per FWHM is not rounded to whole pixels).
        double peak = Evaluate(0, 0), outer = r[^1], half = 0;
        foreach (var (ux, uy) in new[] { (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0) })
        {
            // Walk out in quarter pixels to the first point below half maximum (never past a
            // ring), then bisect between it and the previous step.
            double step = 0.25 * _scale, hi = step;
            while (hi < outer && Evaluate(hi * ux, hi * uy) >= 0.5 * peak) hi += step;
            double lo = hi - step;
            for (int k = 0; k < 40; k++)
            {
                double mid = 0.5 * (lo + hi);
                if (Evaluate(mid * ux, mid * uy) >= 0.5 * peak) lo = mid; else hi = mid;
            }
            half += 0.25 * lo;
        }
        Fwhm = 2 * half;
    }

    /// <summary>Where the image came from (file and HDU), for reports.</summary>
    public string Source { get; }

    /// <inheritdoc />
    public override double Fwhm { get; }

    /// <inheritdoc />
    public override double Evaluate(double x, double y) =>
        _norm * Lanczos.Interpolate(_pixels, _width, _height, _cx + x / _scale, _cy + y / _scale, 5);

    /// <inheritdoc />
    public override double EnclosingRadius(double fraction)
    {
        for (int i = 0; i < _cumulative.Length; i++)
            if (_cumulative[i] >= fraction) return _radii[i] + _scale;
        return _radii[^1] + _scale;
    }

    /// <inheritdoc />
    public override string Spec => $"image:{Source}";
}
