using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;

namespace Galforge.Astro.Detection;

/// <summary>
/// One field imaged in several bands on a common pixel grid (e.g. KiDS u g r i + VIKING Z Y J H
/// Ks): one FITS image per band (plain or tile-compressed), all the same shape.
/// </summary>
public sealed class MultiBandField
{
    private MultiBandField(string[] paths, DatasetBand[] bands, float[][] pixels, int width, int height)
    {
        Paths = paths;
        Bands = bands;
        Pixels = pixels;
        Width = width;
        Height = height;
    }

    /// <summary>The files, one per band.</summary>
    public IReadOnlyList<string> Paths { get; }

    /// <summary>The bands (name, pixel scale, zero point).</summary>
    public IReadOnlyList<DatasetBand> Bands { get; }

    /// <summary>Pixels of each band as read (not background-subtracted), row-major.</summary>
    public float[][] Pixels { get; }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>
    /// Reads one image per band (the first HDU with an image). The pixel scale comes from the
    /// headers (PIXSCALE, CD2_2 or CDELT2) or from <paramref name="pixelScale"/> when given.
    /// </summary>
    /// <exception cref="BadInputException">Counts differ, a file has no image, bands differ in shape, or no pixel scale is known.</exception>
    public static MultiBandField Read(IReadOnlyList<string> paths, IReadOnlyList<string> bandNames, double pixelScale = double.NaN, IReadOnlyList<double>? zeroPoints = null, IProgress<int>? progress = null)
    {
        if (paths.Count == 0) throw new BadInputException("no band images given, expected one FITS file per band");
        if (bandNames.Count != paths.Count)
            throw new BadInputException($"{paths.Count} band images but {bandNames.Count} band names ({string.Join(",", bandNames)}), expected one name per file");
        if (zeroPoints is not null && zeroPoints.Count != paths.Count)
            throw new BadInputException($"{zeroPoints.Count} zero points for {paths.Count} bands, expected one per band");
        var pixels = new float[paths.Count][];
        var bands = new DatasetBand[paths.Count];
        int w = -1, h = -1;
        for (var b = 0; b < paths.Count; b++)
        {
            using var reader = FitsReader.Open(paths[b]);
            var hdu = reader.FirstImage();
            var axes = hdu.Axes;
            if (axes.Length != 2)
                throw new BadInputException($"{paths[b]} HDU {hdu.Index}: image has {axes.Length} axes [{string.Join(" x ", axes)}], expected a 2-D image");
            if (w < 0) { w = axes[0]; h = axes[1]; }
            else if (axes[0] != w || axes[1] != h)
                throw new BadInputException($"{paths[b]} HDU {hdu.Index}: band {bandNames[b]} is {axes[0]}x{axes[1]}, {paths[0]} is {w}x{h}; expected all bands on one pixel grid");
            var image = reader.ReadImage(hdu.Index);
            pixels[b] = image.ToSingles();
            var scale = double.IsFinite(pixelScale) ? pixelScale : FitsFile.PixelScale(image.Header);
            if (!(scale > 0))
                throw new BadInputException($"{paths[b]} HDU {hdu.Index}: no pixel scale in the header (PIXSCALE, CD2_2, CDELT2), give one with --pixel-scale (arcsec/pixel)");
            bands[b] = new DatasetBand(bandNames[b], scale, zeroPoints?[b] ?? double.NaN);
            progress?.Report(b + 1);
        }
        return new MultiBandField(paths.ToArray(), bands, pixels, w, h);
    }
}
