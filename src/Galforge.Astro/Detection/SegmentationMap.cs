namespace Galforge.Astro.Detection;

/// <summary>
/// Connected components above a threshold: a label per pixel (0 = sky, 1..N = sources) and the
/// sources with their moments measured on a chosen image.
/// </summary>
public sealed class SegmentationMap
{
    private SegmentationMap(int width, int height, int[] labels, List<Segment> segments)
    {
        Width = width;
        Height = height;
        Labels = labels;
        Segments = segments;
    }

    /// <summary>Columns.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>Label per pixel, row-major; 0 for sky.</summary>
    public int[] Labels { get; }

    /// <summary>The sources; Segments[i].Label == i + 1.</summary>
    public IReadOnlyList<Segment> Segments { get; }

    /// <summary>
    /// Labels 8-connected pixels where <paramref name="detection"/> exceeds <paramref name="threshold"/>,
    /// drops components smaller than <paramref name="minPixels"/>, and measures each remaining
    /// component on <paramref name="measure"/> (flux, peak, centroid and second moments of its positive pixels).
    /// </summary>
    public static SegmentationMap Detect(ReadOnlySpan<float> detection, ReadOnlySpan<float> measure, int width, int height, float threshold, int minPixels = 1)
    {
        var n = width * height;
        if (detection.Length != n || measure.Length != n) throw new ArgumentException($"images must have {width}x{height} pixels");
        var labels = new int[n];
        var stack = new int[Math.Max(16, n)];
        var segments = new List<Segment>();
        var next = 1;
        for (var start = 0; start < n; start++)
        {
            if (labels[start] != 0 || !(detection[start] > threshold)) continue;
            // Flood fill with an explicit stack (no recursion, no per-pixel allocation).
            var label = next;
            var sp = 0;
            stack[sp++] = start;
            labels[start] = label;
            var count = 0;
            var pixels = new List<int>();
            while (sp > 0)
            {
                var p = stack[--sp];
                pixels.Add(p);
                count++;
                int px = p % width, py = p / width;
                for (var dy = -1; dy <= 1; dy++)
                {
                    var y = py + dy;
                    if (y < 0 || y >= height) continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var x = px + dx;
                        if (x < 0 || x >= width || (dx == 0 && dy == 0)) continue;
                        var q = y * width + x;
                        if (labels[q] == 0 && detection[q] > threshold)
                        {
                            labels[q] = label;
                            stack[sp++] = q;
                        }
                    }
                }
            }
            if (count < minPixels)
            {
                foreach (var p in pixels) labels[p] = -1; // too small: remembered as visited, cleared below
                continue;
            }
            segments.Add(Measure(label, pixels, measure, width));
            next++;
        }
        for (var i = 0; i < n; i++) if (labels[i] < 0) labels[i] = 0;
        return new SegmentationMap(width, height, labels, segments);
    }

    /// <summary>Measures one component (pixels given as row-major indices).</summary>
    internal static Segment Measure(int label, List<int> pixels, ReadOnlySpan<float> measure, int width)
    {
        double flux = 0, wsum = 0, sx = 0, sy = 0, peak = double.NegativeInfinity;
        int xmin = int.MaxValue, xmax = -1, ymin = int.MaxValue, ymax = -1;
        foreach (var p in pixels)
        {
            int x = p % width, y = p / width;
            double v = measure[p];
            if (double.IsNaN(v)) continue;
            flux += v;
            if (v > peak) peak = v;
            if (v > 0) { wsum += v; sx += v * x; sy += v * y; }
            xmin = Math.Min(xmin, x); xmax = Math.Max(xmax, x); ymin = Math.Min(ymin, y); ymax = Math.Max(ymax, y);
        }
        double cx = wsum > 0 ? sx / wsum : (xmin + xmax) / 2.0, cy = wsum > 0 ? sy / wsum : (ymin + ymax) / 2.0;
        double mxx = 0, myy = 0, mxy = 0;
        if (wsum > 0)
        {
            foreach (var p in pixels)
            {
                double v = measure[p];
                if (!(v > 0)) continue;
                double dx = p % width - cx, dy = p / width - cy;
                mxx += v * dx * dx; myy += v * dy * dy; mxy += v * dx * dy;
            }
            mxx /= wsum; myy /= wsum; mxy /= wsum;
        }
        return new Segment
        {
            Label = label, PixelCount = pixels.Count, Flux = flux, Peak = peak, X = cx, Y = cy,
            Mxx = mxx, Myy = myy, Mxy = mxy, XMin = xmin, XMax = xmax, YMin = ymin, YMax = ymax,
        };
    }

    /// <summary>The label of the segment at or nearest to (x, y) within <paramref name="maxDistance"/> pixels, or 0.</summary>
    public int LabelNear(double x, double y, double maxDistance)
    {
        var ix = (int)Math.Round(x);
        var iy = (int)Math.Round(y);
        if (ix >= 0 && ix < Width && iy >= 0 && iy < Height && Labels[iy * Width + ix] > 0) return Labels[iy * Width + ix];
        var best = 0;
        var bestD = maxDistance * maxDistance;
        var r = (int)Math.Ceiling(maxDistance);
        for (var yy = Math.Max(0, iy - r); yy <= Math.Min(Height - 1, iy + r); yy++)
            for (var xx = Math.Max(0, ix - r); xx <= Math.Min(Width - 1, ix + r); xx++)
            {
                var l = Labels[yy * Width + xx];
                if (l == 0) continue;
                var d = (xx - x) * (xx - x) + (yy - y) * (yy - y);
                if (d <= bestD) { bestD = d; best = l; }
            }
        return best;
    }
}
