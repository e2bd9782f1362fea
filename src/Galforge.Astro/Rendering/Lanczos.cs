namespace Galforge.Astro.Rendering;

/// <summary>
/// Lanczos-a interpolation of a pixel grid: f(x) = sum_i f_i L(x - i), L(t) = sinc(t) sinc(t/a)
/// for |t| &lt; a. The kernel weights are renormalised to sum to 1 at each position, so a constant
/// image stays constant and flux is conserved to high order. Coordinates are pixel-centre
/// coordinates (pixel (x, y) centred on (x, y)); positions off the grid read zeros.
/// </summary>
public static class Lanczos
{
    /// <summary>The Lanczos kernel L_a(t).</summary>
    public static double Kernel(double t, int a)
    {
        t = Math.Abs(t);
        if (t < 1e-12) return 1;
        if (t >= a) return 0;
        double pt = Math.PI * t;
        return a * Math.Sin(pt) * Math.Sin(pt / a) / (pt * pt);
    }

    /// <summary>Interpolated value of a row-major grid at (x, y).</summary>
    public static double Interpolate(ReadOnlySpan<float> pixels, int width, int height, double x, double y, int a)
    {
        int ix = (int)Math.Floor(x), iy = (int)Math.Floor(y);
        if (ix + a < 0 || iy + a < 0 || ix - a + 1 >= width || iy - a + 1 >= height) return 0;
        Span<double> wx = stackalloc double[2 * a];
        Span<double> wy = stackalloc double[2 * a];
        double sx = 0, sy = 0;
        for (int k = 0; k < 2 * a; k++)
        {
            wx[k] = Kernel(x - (ix - a + 1 + k), a); sx += wx[k];
            wy[k] = Kernel(y - (iy - a + 1 + k), a); sy += wy[k];
        }
        double sum = 0;
        for (int j = 0; j < 2 * a; j++)
        {
            int yy = iy - a + 1 + j;
            if ((uint)yy >= (uint)height || wy[j] == 0) continue;
            double row = 0;
            int baseIndex = yy * width;
            for (int i = 0; i < 2 * a; i++)
            {
                int xx = ix - a + 1 + i;
                if ((uint)xx >= (uint)width) continue;
                row += wx[i] * pixels[baseIndex + xx];
            }
            sum += wy[j] * row;
        }
        return sum / (sx * sy);
    }
}
