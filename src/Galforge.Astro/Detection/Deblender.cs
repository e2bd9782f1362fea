namespace Galforge.Astro.Detection;

/// <summary>
/// Simple multi-threshold deblending (the idea of SExtractor's deblending, Bertin and Arnouts
/// 1996): a segment is re-thresholded at levels spaced logarithmically between the detection
/// threshold and its peak; if at some level it splits into two or more parts that each hold
/// more than <c>contrast</c> of the segment's flux, those parts are separate sources. Pixels of
/// the segment below the splitting level go to the nearest part.
/// </summary>
public static class Deblender
{
    /// <summary>
    /// Splits segment <paramref name="label"/> of <paramref name="labels"/> (row-major, width w)
    /// measured on <paramref name="image"/>. Returns the parts as lists of pixel indices (one
    /// list when the segment does not split).
    /// </summary>
    public static List<List<int>> Split(int[] labels, ReadOnlySpan<float> image, int w, int h, int label, double threshold, int levels = 16, double contrast = 0.05)
    {
        var pixels = new List<int>();
        for (var p = 0; p < labels.Length; p++)
            if (labels[p] == label) pixels.Add(p);
        return Split(pixels, image, w, h, threshold, levels, contrast);
    }

    /// <summary>Splits the segment made of <paramref name="pixels"/> (row-major indices in a w x h image).</summary>
    public static List<List<int>> Split(List<int> pixels, ReadOnlySpan<float> image, int w, int h, double threshold, int levels = 16, double contrast = 0.05)
        => Split(pixels, image, w, h, threshold, levels, contrast, out _);

    /// <summary>
    /// As <see cref="Split(List{int}, ReadOnlySpan{float}, int, int, double, int, double)"/>, also giving the flux of each
    /// part's core: its pixels above the level where the segment split (before the lower pixels are shared out).
    /// </summary>
    public static List<List<int>> Split(List<int> pixels, ReadOnlySpan<float> image, int w, int h, double threshold, int levels, double contrast, out double[] coreFlux)
    {
        coreFlux = [];
        double peak = double.NegativeInfinity, total = 0;
        foreach (var p in pixels)
        {
            var v = image[p];
            if (v > peak) peak = v;
            if (v > 0) total += v;
        }
        var single = new List<List<int>> { pixels };
        if (pixels.Count < 4 || !(peak > threshold) || threshold <= 0 || total <= 0) return single;
        var inSeg = new HashSet<int>(pixels);
        for (var k = 1; k < levels; k++)
        {
            var level = threshold * Math.Pow(peak / threshold, (double)k / levels);
            var parts = Components(pixels, inSeg, image, w, h, level);
            var big = new List<List<int>>();
            foreach (var part in parts)
            {
                double f = 0;
                foreach (var p in part) f += Math.Max(0, image[p]);
                if (f > contrast * total) big.Add(part);
            }
            if (big.Count >= 2)
            {
                coreFlux = new double[big.Count];
                for (var i = 0; i < big.Count; i++)
                    foreach (var p in big[i]) coreFlux[i] += Math.Max(0, image[p]);
            }
            if (big.Count < 2) continue;
            // Give every pixel of the segment to the part whose nearest pixel is closest (ties: brighter part first).
            var owner = new Dictionary<int, int>();
            for (var i = 0; i < big.Count; i++) foreach (var p in big[i]) owner[p] = i;
            var result = big.Select(b => new List<int>(b)).ToList();
            var frontier = new Queue<int>(owner.Keys);
            while (frontier.Count > 0)
            {
                var p = frontier.Dequeue();
                int px = p % w, py = p / w;
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int x = px + dx, y = py + dy;
                        if (x < 0 || x >= w || y < 0 || y >= h) continue;
                        var q = y * w + x;
                        if (!inSeg.Contains(q) || owner.ContainsKey(q)) continue;
                        owner[q] = owner[p];
                        result[owner[p]].Add(q);
                        frontier.Enqueue(q);
                    }
            }
            return result;
        }
        return single;
    }

    private static List<List<int>> Components(List<int> pixels, HashSet<int> inSeg, ReadOnlySpan<float> image, int w, int h, double level)
    {
        var seen = new HashSet<int>();
        var parts = new List<List<int>>();
        var stack = new Stack<int>();
        foreach (var start in pixels)
        {
            if (seen.Contains(start) || !(image[start] > level)) continue;
            var part = new List<int>();
            stack.Push(start);
            seen.Add(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                part.Add(p);
                int px = p % w, py = p / w;
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int x = px + dx, y = py + dy;
                        if (x < 0 || x >= w || y < 0 || y >= h) continue;
                        var q = y * w + x;
                        if (inSeg.Contains(q) && !seen.Contains(q) && image[q] > level)
                        {
                            seen.Add(q);
                            stack.Push(q);
                        }
                    }
            }
            parts.Add(part);
        }
        return parts;
    }
}
