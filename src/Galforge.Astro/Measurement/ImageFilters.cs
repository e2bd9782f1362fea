namespace Galforge.Astro.Measurement;

/// <summary>
/// Small image operations with the boundary rules of scipy.ndimage (the definitions statmorph
/// uses): Gaussian and box filters with "reflect" edges (d c b a | a b c d | d c b a),
/// and 8-connected labelling.
/// </summary>
public static class ImageFilters
{
    private static int Reflect(int i, int n)
    {
        if (n == 1) return 0;
        int p = 2 * n;
        i %= p;
        if (i < 0) i += p;
        return i < n ? i : p - 1 - i;
    }

    /// <summary>Gaussian filter with standard deviation sigma (pixels), truncated at 4 sigma.</summary>
    public static double[] Gaussian(ReadOnlySpan<double> image, int nx, int ny, double sigma)
    {
        int radius = (int)(4.0 * sigma + 0.5);
        var w = new double[2 * radius + 1];
        double s = 0;
        for (int k = -radius; k <= radius; k++) { w[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma)); s += w[k + radius]; }
        for (int k = 0; k < w.Length; k++) w[k] /= s;
        return Separable(image, nx, ny, w, radius);
    }

    /// <summary>Box (uniform) filter of the given integer size; for even sizes the window is
    /// [i - size/2, i + size/2 - 1], as in scipy.</summary>
    public static double[] Uniform(ReadOnlySpan<double> image, int nx, int ny, int size)
    {
        size = Math.Max(size, 1);
        var w = new double[size];
        Array.Fill(w, 1.0 / size);
        return Separable(image, nx, ny, w, size / 2);
    }

    /// <summary>
    /// Correlates the rows and then the columns of <paramref name="image"/> (nx x ny, row-major)
    /// with the 1-D kernel <paramref name="w"/>, whose element j sits at offset j − <paramref name="origin"/>;
    /// reflect edges as above.
    /// </summary>
    public static double[] Separable(ReadOnlySpan<double> image, int nx, int ny, double[] w, int origin)
    {
        var tmp = new double[nx * ny];
        var line = new double[Math.Max(nx, ny) + w.Length];
        for (int y = 0; y < ny; y++)
        {
            for (int i = 0; i < nx + w.Length - 1; i++) line[i] = image[y * nx + Reflect(i - origin, nx)];
            for (int x = 0; x < nx; x++)
            {
                double acc = 0;
                for (int j = 0; j < w.Length; j++) acc += w[j] * line[x + j];
                tmp[y * nx + x] = acc;
            }
        }
        var result = new double[nx * ny];
        for (int x = 0; x < nx; x++)
        {
            for (int i = 0; i < ny + w.Length - 1; i++) line[i] = tmp[Reflect(i - origin, ny) * nx + x];
            for (int y = 0; y < ny; y++)
            {
                double acc = 0;
                for (int j = 0; j < w.Length; j++) acc += w[j] * line[y + j];
                result[y * nx + x] = acc;
            }
        }
        return result;
    }

    /// <summary>Labels the 8-connected regions of <paramref name="on"/>: 0 is background,
    /// regions are numbered from 1 in raster order of their first pixel.</summary>
    public static int[] Label(ReadOnlySpan<bool> on, int nx, int ny, out int count)
    {
        var labels = new int[nx * ny];
        var stack = new Stack<int>();
        count = 0;
        for (int start = 0; start < labels.Length; start++)
        {
            if (!on[start] || labels[start] != 0) continue;
            count++;
            labels[start] = count;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int p = stack.Pop();
                int px = p % nx, py = p / nx;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int qy = py + dy;
                    if (qy < 0 || qy >= ny) continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int qx = px + dx;
                        if (qx < 0 || qx >= nx) continue;
                        int q = qy * nx + qx;
                        if (on[q] && labels[q] == 0) { labels[q] = count; stack.Push(q); }
                    }
                }
            }
        }
        return labels;
    }
}
