using Galforge.Astro.Imaging;

namespace Galforge.Astro.Fits;

/// <summary>
/// An N-dimensional FITS image (1 to 4 axes) in physical units (BSCALE and BZERO applied, BLANK
/// pixels as NaN). Data is in FITS order: NAXIS1 varies fastest. Values are held as float32
/// unless the file stores 32/64-bit integers or float64, which are held as float64 so no value
/// is rounded.
/// </summary>
public sealed class FitsImage
{
    /// <summary>An image holding float32 values.</summary>
    public FitsImage(int[] axes, float[] data)
    {
        Axes = CheckAxes(axes, data.LongLength);
        Singles = data;
    }

    /// <summary>An image holding float64 values.</summary>
    public FitsImage(int[] axes, double[] data)
    {
        Axes = CheckAxes(axes, data.LongLength);
        Doubles = data;
    }

    /// <summary>Axis lengths, NAXIS1 first (fastest varying).</summary>
    public int[] Axes { get; }

    /// <summary>The float32 values, or null when held as float64.</summary>
    public float[]? Singles { get; }

    /// <summary>The float64 values, or null when held as float32.</summary>
    public double[]? Doubles { get; }

    /// <summary>Extra header cards (read from the file, or to be written with the image).</summary>
    public FitsHeader Header { get; init; } = new();

    /// <summary>Number of pixels (product of the axes).</summary>
    public long Length => Singles?.LongLength ?? Doubles!.LongLength;

    /// <summary>NAXIS1.</summary>
    public int Width => Axes[0];

    /// <summary>NAXIS2, or 1 for a 1-D image.</summary>
    public int Height => Axes.Length > 1 ? Axes[1] : 1;

    /// <summary>The values as float32 (the held array itself when float32, else a converted copy).</summary>
    public float[] ToSingles()
    {
        if (Singles is not null) return Singles;
        var f = new float[Doubles!.Length];
        for (var i = 0; i < f.Length; i++) f[i] = (float)Doubles[i];
        return f;
    }

    /// <summary>The values as float64 (the held array itself when float64, else a converted copy).</summary>
    public double[] ToDoubles()
    {
        if (Doubles is not null) return Doubles;
        var d = new double[Singles!.Length];
        for (var i = 0; i < d.Length; i++) d[i] = Singles[i];
        return d;
    }

    /// <summary>One 2-D plane (index over NAXIS3 x NAXIS4, NAXIS3 fastest) as a float32 <see cref="Image"/>.</summary>
    /// <param name="plane">Plane index, 0 for 2-D images.</param>
    /// <param name="pixelScale">Arcseconds per pixel; NaN when unknown.</param>
    public Image ToImage(int plane = 0, double pixelScale = double.NaN)
    {
        var planeSize = (long)Width * Height;
        var planes = Length / planeSize;
        if (plane < 0 || plane >= planes)
            throw new BadInputException($"image plane {plane} does not exist: the image has {planes} plane(s) of {Width}x{Height}");
        var pixels = new float[planeSize];
        var start = plane * planeSize;
        if (Singles is not null) Array.Copy(Singles, start, pixels, 0, planeSize);
        else for (long i = 0; i < planeSize; i++) pixels[i] = (float)Doubles![start + i];
        return new Image(Width, Height, pixels, pixelScale);
    }

    /// <summary>A 2-D FITS image holding (not copying) the pixels of an <see cref="Image"/>.</summary>
    public static FitsImage FromImage(Image image) => new([image.Width, image.Height], image.Pixels);

    private static int[] CheckAxes(int[] axes, long length)
    {
        if (axes.Length is < 1 or > 999) throw new ArgumentException($"an image needs 1 to 999 axes, got {axes.Length}", nameof(axes));
        long n = 1;
        foreach (var a in axes)
        {
            if (a < 1) throw new ArgumentException($"axis lengths must be at least 1, got [{string.Join(", ", axes)}]", nameof(axes));
            n *= a;
        }
        if (n != length) throw new ArgumentException($"axes [{string.Join(" x ", axes)}] need {n} values, got {length}", nameof(axes));
        return (int[])axes.Clone();
    }
}
