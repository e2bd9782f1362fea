namespace Galforge.Astro.Imaging;

/// <summary>
/// A single-band image: float32 pixels, row-major (row y, column x; x varies fastest, as in a
/// FITS image), with its pixel scale. Pixel (x, y) covers [x, x+1) x [y, y+1) in pixel units;
/// its centre is at (x + 0.5, y + 0.5) in those coordinates, and at (x, y) in the
/// pixel-centre convention used for centroids.
/// </summary>
public sealed class Image
{
    /// <summary>Creates an image of zeros.</summary>
    /// <param name="width">Number of columns (pixels along x), at least 1.</param>
    /// <param name="height">Number of rows (pixels along y), at least 1.</param>
    /// <param name="pixelScale">Arcseconds per pixel; NaN when unknown.</param>
    public Image(int width, int height, double pixelScale = double.NaN)
        : this(width, height, new float[checked(width * height)], pixelScale) { }

    /// <summary>Wraps an existing pixel array (not copied) of length width*height.</summary>
    public Image(int width, int height, float[] pixels, double pixelScale = double.NaN)
    {
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height}: both must be at least 1");
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"pixel array has {pixels.Length} values, expected {width}x{height} = {width * height}", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
        PixelScale = pixelScale;
    }

    /// <summary>Number of columns.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major: index y * Width + x.</summary>
    public float[] Pixels { get; }

    /// <summary>Arcseconds per pixel; NaN when unknown.</summary>
    public double PixelScale { get; set; }

    /// <summary>Pixel value at column x, row y.</summary>
    public float this[int x, int y]
    {
        get => Pixels[y * Width + x];
        set => Pixels[y * Width + x] = value;
    }

    /// <summary>Sum of all pixel values (flux in image units), accumulated in double.</summary>
    public double Sum()
    {
        double s = 0;
        foreach (var v in Pixels) s += v;
        return s;
    }

    /// <summary>A deep copy.</summary>
    public Image Clone() => new(Width, Height, (float[])Pixels.Clone(), PixelScale);
}
