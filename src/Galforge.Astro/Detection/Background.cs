namespace Galforge.Astro.Detection;

/// <summary>
/// Sky background and noise of one band: a sigma-clipped median in each mesh box, a 3x3 median
/// filter over the mesh (so a large galaxy does not raise its box), bilinear interpolation back
/// to every pixel; the noise sigma is the robust (MAD) sigma of the background-subtracted image.
/// </summary>
public sealed class Background
{
    private Background(float[] map, double sigma)
    {
        Map = map;
        Sigma = sigma;
    }

    /// <summary>Background per pixel (image units), row-major.</summary>
    public float[] Map { get; }

    /// <summary>Per-pixel noise sigma after background subtraction (image units).</summary>
    public double Sigma { get; }

    /// <summary>Estimates the background of a width x height image (NaN pixels ignored).</summary>
    public static Background Estimate(float[] pixels, int width, int height, int meshSize = 64)
    {
        var nx = Math.Max(1, (width + meshSize / 2) / meshSize);
        var ny = Math.Max(1, (height + meshSize / 2) / meshSize);
        var mesh = new double[nx * ny];
        var box = new List<float>(meshSize * meshSize * 2);
        for (var j = 0; j < ny; j++)
            for (var i = 0; i < nx; i++)
            {
                int x0 = i * width / nx, x1 = (i + 1) * width / nx, y0 = j * height / ny, y1 = (j + 1) * height / ny;
                box.Clear();
                for (var y = y0; y < y1; y++)
                    for (var x = x0; x < x1; x++) box.Add(pixels[y * width + x]);
                mesh[j * nx + i] = NoiseEstimate.Robust(box.ToArray()).Median;
            }
        // Boxes with no finite pixel take the median of the others.
        var finite = mesh.Where(double.IsFinite).Order().ToArray();
        var fill = finite.Length > 0 ? finite[finite.Length / 2] : 0;
        for (var k = 0; k < mesh.Length; k++) if (!double.IsFinite(mesh[k])) mesh[k] = fill;
        var filtered = new double[mesh.Length];
        var window = new List<double>(9);
        for (var j = 0; j < ny; j++)
            for (var i = 0; i < nx; i++)
            {
                window.Clear();
                for (var jj = Math.Max(0, j - 1); jj <= Math.Min(ny - 1, j + 1); jj++)
                    for (var ii = Math.Max(0, i - 1); ii <= Math.Min(nx - 1, i + 1); ii++) window.Add(mesh[jj * nx + ii]);
                window.Sort();
                var med = window[window.Count / 2];
                // Replace only outlier boxes (a large galaxy lifting its box), not a smooth gradient.
                var dev = window.Select(v => Math.Abs(v - med)).Order().ToList();
                var spread = dev[dev.Count / 2];
                var own = mesh[j * nx + i];
                filtered[j * nx + i] = Math.Abs(own - med) > 3 * spread && spread >= 0 && Math.Abs(own - med) > 1e-12 ? med : own;
            }
        var map = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            // Mesh centres sit at (i + 0.5) * width / nx; interpolate between them, clamped at the borders.
            var fy = Math.Clamp((y + 0.5) * ny / height - 0.5, 0, ny - 1);
            var j0 = (int)Math.Floor(fy);
            var j1 = Math.Min(ny - 1, j0 + 1);
            var ty = fy - j0;
            for (var x = 0; x < width; x++)
            {
                var fx = Math.Clamp((x + 0.5) * nx / width - 0.5, 0, nx - 1);
                var i0 = (int)Math.Floor(fx);
                var i1 = Math.Min(nx - 1, i0 + 1);
                var tx = fx - i0;
                var v = (1 - ty) * ((1 - tx) * filtered[j0 * nx + i0] + tx * filtered[j0 * nx + i1])
                        + ty * ((1 - tx) * filtered[j1 * nx + i0] + tx * filtered[j1 * nx + i1]);
                map[y * width + x] = (float)v;
            }
        }
        var residual = new float[pixels.Length];
        for (var p = 0; p < residual.Length; p++) residual[p] = pixels[p] - map[p];
        return new Background(map, NoiseEstimate.Robust(residual).Sigma);
    }
}
