using Galforge.Astro.Detection;
using Galforge.Astro.Imaging;

namespace Galforge.Astro.Measurement;

/// <summary>
/// A simple detection for stamps without a segmentation map: the sky level and noise from
/// robust clipped statistics (<see cref="NoiseEstimate"/>), a threshold of <c>nSigma</c> noise
/// above the sky on the image smoothed by a 1-pixel Gaussian, and 8-connected regions
/// (<see cref="SegmentationMap"/>). The region at (or, failing that, nearest to) the stamp
/// centre is label 1; every other region gets its own label so that morphology masks it as a
/// neighbour.
/// </summary>
public static class Segmentation
{
    /// <summary>Result of <see cref="Detect"/>.</summary>
    /// <param name="Segmap">Labels (0 background, 1 the central galaxy, 2.. neighbours).</param>
    /// <param name="Background">Robust median of the sky, image units.</param>
    /// <param name="Noise">Robust standard deviation of the sky, image units.</param>
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
        var use = new bool[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            use[i] = float.IsFinite(image.Pixels[i]) && (mask is null || !mask[i]);
            raw[i] = use[i] ? image.Pixels[i] : 0;
            any |= use[i];
        }
        var seg = new int[n];
        if (!any) return new Result(seg, double.NaN, double.NaN, "every pixel is masked or not finite");
        var (skyLevel, skyNoise) = NoiseEstimate.Robust(image.Pixels, use);
        var smooth = ImageFilters.Gaussian(raw, nx, ny, 1.0);
        var detection = new float[n];
        double peak = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            detection[i] = use[i] ? (float)smooth[i] : float.NaN;
            if (use[i]) peak = Math.Max(peak, smooth[i]);
        }
        var (bkg, noise) = NoiseEstimate.Robust(detection, use);
        // A noiseless image has zero sky noise: fall back to a tiny fraction of the peak so
        // that numerical dust around zero is not detected.
        double threshold = bkg + Math.Max(nSigma * noise, 1e-6 * Math.Abs(peak - bkg));
        var map = SegmentationMap.Detect(detection, image.Pixels, nx, ny, (float)threshold);
        var labels = map.Labels;
        if (map.Segments.Count == 0) return new Result(seg, skyLevel, skyNoise, "no pixel above the detection threshold");
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
        return new Result(seg, skyLevel, skyNoise, null);
    }
}
