using Galforge.Astro.Imaging;

namespace Galforge.Astro.Measurement;

/// <summary>
/// Magnitude, size and ellipticity of a noise-free image of a galaxy before the PSF: the
/// simulator's intrinsic rendering, or what a VAE decoder outputs. Conditioning a generator on
/// these (rather than on the parametric truth, whose relation to any measurement of a bulge +
/// disk + clumps galaxy is loose) and checking control with the same function on the generated
/// image makes requested and measured the same quantity.
/// Definitions, for one band:
/// <list type="bullet">
/// <item>Mag: AB magnitude of the sum of all stamp pixels, ZeroPoint - 2.5 log10(sum); NaN when the sum is not positive.</item>
/// <item>HalfLightRadius: arcsec, radius of the circle (exact pixel overlap, <see cref="PixelApertures.CircleSum"/>) about the centre that holds half of that sum.</item>
/// <item>E1, E2, E: shear-like ellipticity g = (1 - q)/(1 + q) of the adaptive (elliptical Gaussian-weighted) moments, <see cref="AdaptiveMoments.G1"/>, <see cref="AdaptiveMoments.G2"/>, E = |g|; x along columns, y along rows; when they fail (an object much smaller than a pixel) the unweighted quadrupole moments within 3 half-light radii (at least 2 pixels), each pixel counted as a uniform square (+1/12 px^2 per axis), converted the same way.</item>
/// <item>Centre: the adaptive-moments centroid, or the centroid of the positive pixels when the moments fail.</item>
/// </list>
/// </summary>
/// <param name="Mag">AB magnitude of the stamp's flux.</param>
/// <param name="HalfLightRadius">Circular half-light radius, arcsec.</param>
/// <param name="E1">Shear-like ellipticity component along the axes.</param>
/// <param name="E2">Shear-like ellipticity component along the diagonals.</param>
public sealed record IntrinsicShape(double Mag, double HalfLightRadius, double E1, double E2)
{
    /// <summary>|g| = sqrt(E1^2 + E2^2) = (1 - q)/(1 + q).</summary>
    public double E => Math.Sqrt(E1 * E1 + E2 * E2);

    /// <summary>
    /// Measures band <paramref name="band"/> of every galaxy of a cube of <paramref name="count"/>
    /// galaxies x <paramref name="bands"/> bands x size x size (image units, row-major), in parallel.
    /// </summary>
    /// <param name="images">The cube.</param>
    /// <param name="count">Galaxies in the cube.</param>
    /// <param name="bands">Bands per galaxy.</param>
    /// <param name="band">The band to measure.</param>
    /// <param name="size">Side of the stamps, pixels.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="zeroPoint">AB zero point of the band's image units.</param>
    public static IntrinsicShape[] MeasureBand(float[] images, int count, int bands, int band, int size, double pixelScale, double zeroPoint)
    {
        var px = size * size;
        var shapes = new IntrinsicShape[count];
        Parallel.For(0, count, g => shapes[g] = Measure(images.AsSpan(((g * bands) + band) * px, px), size, pixelScale, zeroPoint));
        return shapes;
    }

    /// <summary>Measures the square <paramref name="size"/> x <paramref name="size"/> image (image units, row-major).</summary>
    /// <param name="image">Noise-free pixels before the PSF.</param>
    /// <param name="size">Side of the stamp, pixels.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="zeroPoint">AB zero point of the image units.</param>
    public static IntrinsicShape Measure(ReadOnlySpan<float> image, int size, double pixelScale, double zeroPoint)
    {
        if (image.Length != size * size) throw new ArgumentException($"expected {size} x {size} pixels, got {image.Length}", nameof(image));
        var pixels = image.ToArray();
        var values = new double[pixels.Length];
        double total = 0, sp = 0, sx = 0, sy = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            double v = pixels[i];
            values[i] = v;
            total += v;
            if (v > 0) { sp += v; sx += v * (i % size); sy += v * (i / size); }
        }
        if (!(total > 0) || !(sp > 0)) return new IntrinsicShape(double.NaN, double.NaN, double.NaN, double.NaN);
        var mag = zeroPoint - 2.5 * Math.Log10(total);
        var moments = AdaptiveMoments.Measure(new Image(size, size, pixels, pixelScale));
        double xc = sx / sp, yc = sy / sp, e1 = double.NaN, e2 = double.NaN;
        if (moments.Converged)
        {
            xc = moments.X;
            yc = moments.Y;
            e1 = moments.G1;
            e2 = moments.G2;
        }
        // The circle reaching the farthest stamp corner holds everything.
        var rMax = Math.Sqrt(Math.Pow(Math.Max(xc + 0.5, size - 0.5 - xc), 2) + Math.Pow(Math.Max(yc + 0.5, size - 0.5 - yc), 2));
        double Excess(double r) => PixelApertures.CircleSum(values, size, size, xc, yc, r) - 0.5 * total;
        // First guess from pixel centres sorted by radius, then the exact overlap root in a
        // bracket of +-1.5 px around it (a few cheap evaluations instead of ~30 over the stamp).
        var r0 = PixelCentreRadius(values, size, xc, yc, 0.5 * total);
        double lo = Math.Max(1e-6, r0 - 1.5), hi = Math.Min(rMax, r0 + 1.5);
        if (!(Excess(lo) <= 0 && Excess(hi) >= 0)) { lo = 1e-6; hi = rMax; }
        double hlrPixels;
        try { hlrPixels = RootFinding.Brent(Excess, lo, hi, 1e-5); }
        catch (ArgumentException) { hlrPixels = double.NaN; } // negative wings can break the bracket
        if (!moments.Converged && double.IsFinite(hlrPixels))
            (e1, e2) = UnweightedShape(values, size, xc, yc, Math.Max(3 * hlrPixels, 2));
        var hlr = hlrPixels * pixelScale;
        return new IntrinsicShape(mag, hlr, e1, e2);
    }

    // Radius (pixels) at which the flux of pixels sorted by centre distance first reaches `half`.
    private static double PixelCentreRadius(double[] values, int size, double xc, double yc, double half)
    {
        var r2 = new double[values.Length];
        var order = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            double dx = i % size - xc, dy = i / size - yc;
            r2[i] = dx * dx + dy * dy;
            order[i] = values[i];
        }
        Array.Sort(r2, order);
        double sum = 0;
        for (var i = 0; i < order.Length; i++)
        {
            sum += order[i];
            if (sum >= half) return Math.Sqrt(r2[i]);
        }
        return Math.Sqrt(r2[^1]);
    }

    // Unweighted quadrupole moments of the pixels within radius r of (xc, yc), as g1, g2. The
    // adaptive moments fail for objects much smaller than a pixel (their Gaussian weight
    // collapses); unweighted moments always exist and give the (nearly round) pixelated shape.
    private static (double G1, double G2) UnweightedShape(double[] values, int size, double xc, double yc, double r)
    {
        double s = 0, qxx = 0, qxy = 0, qyy = 0, r2 = r * r;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                double dx = x - xc, dy = y - yc;
                if (dx * dx + dy * dy > r2) continue;
                var v = values[y * size + x];
                s += v; qxx += v * dx * dx; qxy += v * dx * dy; qyy += v * dy * dy;
            }
        if (!(s > 0)) return (double.NaN, double.NaN);
        // Each pixel's light spread over the pixel adds 1/12 px^2 along each axis (so a single
        // pixel is round, not undefined).
        qxx += s / 12;
        qyy += s / 12;
        var tr = qxx + qyy;
        double e1 = (qxx - qyy) / tr, e2 = 2 * qxy / tr, e = Math.Sqrt(e1 * e1 + e2 * e2);
        if (!(e < 1)) return (double.NaN, double.NaN);
        var k = 1 / (1 + Math.Sqrt(1 - e * e));
        return (e1 * k, e2 * k);
    }
}
