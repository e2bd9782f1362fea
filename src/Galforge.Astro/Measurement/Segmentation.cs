using Galforge.Astro.Imaging;

namespace Galforge.Astro.Measurement;

/// <summary>
/// A simple detection for stamps without a segmentation map: the background level and noise
/// from iterative 3-sigma clipping, a threshold of <c>nSigma</c> noise above the background
/// on the image smoothed by a 1-pixel Gaussian, and 8-connected regions. The region at (or,
/// failing that, nearest to) the stamp centre is label 1; every other region gets its own
/// label so that morphology masks it as a neighbour.
/// </summary>
public static class Segmentation
{
    /// <summary>Result of <see cref="Detect"/>.</summary>
    /// <param name="Segmap">Labels (0 background, 1 the central galaxy, 2.. neighbours).</param>
    /// <param name="Background">Clipped median of the sky, image units.</param>
    /// <param name="Noise">Clipped standard deviation of the sky, image units.</param>
    /// <param name="Warning">Why no central segment was found, or null.</param>
    public sealed record Result(int[] Segmap, double Background, double Noise, string? Warning);

    /// <summary>Detects the central galaxy.</summary>
    /// <param name="image">The image.</param>
    /// <param name="mask">True where pixels are ignored; null for none.</param>
    /// <param name="nSigma">Threshold in units of the smoothed sky noise.</param>
    public static Result Detect(Image image, bool[]? mask = null, double nSigma = 2.0)
    {
        int nx = image.Width, ny = image.Height, n = nx * ny;
        var raw = new double[n];
        var valid = new List<double>(n);
        for (int i = 0; i < n; i++)
        {
            bool ok = float.IsFinite(image.Pixels[i]) && (mask is null || !mask[i]);
            raw[i] = ok ? image.Pixels[i] : 0;
            if (ok) valid.Add(raw[i]);
        }
        var seg = new int[n];
        if (valid.Count == 0) return new Result(seg, double.NaN, double.NaN, "every pixel is masked or not finite");
        var smooth = ImageFilters.Gaussian(raw, nx, ny, 1.0);
        var sv = new List<double>(valid.Count);
        for (int i = 0; i < n; i++) if (float.IsFinite(image.Pixels[i]) && (mask is null || !mask[i])) sv.Add(smooth[i]);
        var smoothClip = new SigmaClip(sv);
        var (slo, shi) = smoothClip.ClipMedian(0, smoothClip.Count, 3.0, 0);
        var st = smoothClip.Describe(slo, shi);
        double bkg = st.Median, noise = st.Std;
        var rawClip = new SigmaClip(valid);
        var (rlo, rhi) = rawClip.ClipMedian(0, rawClip.Count, 3.0, 0);
        var rawStats = rawClip.Describe(rlo, rhi);
        // A noiseless image has zero clipped noise: fall back to a tiny fraction of the peak so
        // that numerical dust around zero is not detected.
        double peak = double.NegativeInfinity;
        foreach (var v in smooth) peak = Math.Max(peak, v);
        double threshold = bkg + Math.Max(nSigma * noise, 1e-6 * Math.Abs(peak - bkg));
        var above = new bool[n];
        for (int i = 0; i < n; i++) above[i] = smooth[i] > threshold && float.IsFinite(image.Pixels[i]) && (mask is null || !mask[i]);
        var labels = ImageFilters.Label(above, nx, ny, out int count);
        if (count == 0) return new Result(seg, rawStats.Median, rawStats.Std, "no pixel above the detection threshold");
        int cx = nx / 2, cy = ny / 2;
        int central = labels[cy * nx + cx];
        if (central == 0)
        {
            double best = double.PositiveInfinity;
            for (int i = 0; i < n; i++)
            {
                if (labels[i] == 0) continue;
                double d = Math.Pow(i % nx - cx, 2) + Math.Pow(i / nx - cy, 2);
                if (d < best) { best = d; central = labels[i]; }
            }
        }
        for (int i = 0; i < n; i++)
            seg[i] = labels[i] == 0 ? 0 : labels[i] == central ? 1 : labels[i] < central ? labels[i] + 1 : labels[i];
        return new Result(seg, rawStats.Median, rawStats.Std, null);
    }
}
