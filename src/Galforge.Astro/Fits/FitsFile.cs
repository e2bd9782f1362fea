using Galforge.Astro.Imaging;

namespace Galforge.Astro.Fits;

/// <summary>
/// One-call helpers: read an image or table from a file, write images atomically (a temporary
/// file beside the target, renamed over it when complete, so a failure leaves nothing half-written).
/// </summary>
public static class FitsFile
{
    /// <summary>
    /// Reads one 2-D image plane as an <see cref="Image"/>. With <paramref name="hdu"/> null, the
    /// first HDU holding an image. The pixel scale comes from PIXSCALE (arcsec/px), or CDELT2 /
    /// CD2_2 (degrees), when present; else NaN.
    /// </summary>
    /// <exception cref="BadInputException">Missing file, HDU, or not an image.</exception>
    public static Image ReadImage(string path, int? hdu = null, int plane = 0)
    {
        using var reader = FitsReader.Open(path);
        var index = hdu ?? reader.FirstImage().Index;
        var image = reader.ReadImage(index);
        return image.ToImage(plane, PixelScale(image.Header));
    }

    /// <summary>Reads one 2-D image plane from the HDU with this EXTNAME.</summary>
    public static Image ReadImage(string path, string extname, int plane = 0)
    {
        using var reader = FitsReader.Open(path);
        var image = reader.ReadImage(extname);
        return image.ToImage(plane, PixelScale(image.Header));
    }

    /// <summary>Reads a whole image HDU (any dimension, physical units).</summary>
    public static FitsImage ReadFitsImage(string path, int hdu)
    {
        using var reader = FitsReader.Open(path);
        return reader.ReadImage(hdu);
    }

    /// <summary>Reads a BINTABLE by HDU index.</summary>
    public static FitsTable ReadTable(string path, int hdu = 1)
    {
        using var reader = FitsReader.Open(path);
        return reader.ReadTable(hdu);
    }

    /// <summary>
    /// Writes an image as the primary HDU of a new file (atomically). The pixel scale, when known,
    /// is written as PIXSCALE in arcsec/px.
    /// </summary>
    public static void WriteImage(string path, Image image, FitsHeader? header = null, FitsStorage storage = FitsStorage.Float32)
    {
        var fits = new FitsImage([image.Width, image.Height], image.Pixels) { Header = header?.Clone() ?? new FitsHeader() };
        if (!double.IsNaN(image.PixelScale)) fits.Header.Set("PIXSCALE", image.PixelScale, "[arcsec/pixel] pixel scale");
        WriteAtomically(path, w => w.WriteImage(fits, storage));
    }

    /// <summary>
    /// Creates a file through a <see cref="FitsWriter"/> atomically: written to a temporary file
    /// in the same folder, renamed over <paramref name="path"/> only when <paramref name="write"/> succeeds.
    /// </summary>
    public static void WriteAtomically(string path, Action<FitsWriter> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new BadInputException($"{path}: folder {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var w = new FitsWriter(new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)))
                write(w);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Pixel scale in arcsec/px from PIXSCALE, or from CD2_2 / CDELT2 (degrees); NaN when none is given.</summary>
    public static double PixelScale(FitsHeader header)
    {
        var p = header.GetDouble("PIXSCALE", double.NaN);
        if (!double.IsNaN(p)) return p;
        var cd = header.GetDouble("CD2_2", double.NaN);
        if (!double.IsNaN(cd)) return Math.Abs(cd) * 3600.0;
        var cdelt = header.GetDouble("CDELT2", double.NaN);
        return double.IsNaN(cdelt) ? double.NaN : Math.Abs(cdelt) * 3600.0;
    }
}
