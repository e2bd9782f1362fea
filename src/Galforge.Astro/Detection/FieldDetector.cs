namespace Galforge.Astro.Detection;

/// <summary>
/// Source detection on a multi-band field: background and noise per band, a combined
/// signal-to-noise detection image (sum of S/N over bands / sqrt(B), 3x3 smoothed), threshold and
/// 8-connected components, multi-threshold deblending of touching sources, per-band fluxes and
/// moments, and star/artefact/edge flags from size and shape.
/// </summary>
public static class FieldDetector
{
    /// <summary>Runs detection.</summary>
    public static FieldCatalog Detect(MultiBandField field, FieldDetectionOptions? options = null, IProgress<int>? progress = null)
    {
        var o = options ?? new FieldDetectionOptions();
        int w = field.Width, h = field.Height, n = w * h, nb = field.Bands.Count;
        var backgrounds = new Background[nb];
        var subtracted = new float[nb][];
        var snr = new float[n];
        for (var b = 0; b < nb; b++)
        {
            var bg = Background.Estimate(field.Pixels[b], w, h, o.MeshSize);
            backgrounds[b] = bg;
            var sub = new float[n];
            var src = field.Pixels[b];
            var inv = bg.Sigma > 0 ? 1 / bg.Sigma : 0;
            for (var p = 0; p < n; p++)
            {
                var v = src[p] - bg.Map[p];
                sub[p] = v;
                if (float.IsFinite(v)) snr[p] += (float)(v * inv);
            }
            subtracted[b] = sub;
            progress?.Report(b + 1);
        }
        var norm = (float)(1 / Math.Sqrt(nb));
        for (var p = 0; p < n; p++) snr[p] *= norm;
        var smooth = Box3(snr, w, h);
        var threshold = (float)(o.Threshold / 3.0);
        var seg = SegmentationMap.Detect(smooth, snr, w, h, threshold, o.MinPixels);

        // Pixels of each segment in one pass, then deblend each.
        var members = new List<int>[seg.Segments.Count];
        for (var i = 0; i < members.Length; i++) members[i] = new List<int>();
        for (var p = 0; p < n; p++) if (seg.Labels[p] > 0) members[seg.Labels[p] - 1].Add(p);
        var labels = new int[n];
        var sources = new List<DetectedSource>();
        foreach (var group in members)
        {
            var parts = Deblender.Split(group, smooth, w, h, threshold, o.DeblendLevels, o.DeblendContrast);
            foreach (var part in parts)
            {
                if (part.Count < o.MinPixels && parts.Count > 1) continue;
                var id = sources.Count;
                foreach (var p in part) labels[p] = id + 1;
                var m = SegmentationMap.Measure(id + 1, part, snr, w);
                var flux = new double[nb];
                for (var b = 0; b < nb; b++)
                {
                    double f = 0;
                    foreach (var p in part) if (float.IsFinite(subtracted[b][p])) f += subtracted[b][p];
                    flux[b] = f;
                }
                var flags = parts.Count > 1 ? SourceFlags.Deblended : SourceFlags.None;
                if (m.XMin == 0 || m.YMin == 0 || m.XMax == w - 1 || m.YMax == h - 1) flags |= SourceFlags.Edge;
                sources.Add(new DetectedSource
                {
                    Id = id, X = m.X, Y = m.Y, PixelCount = part.Count, Radius = Math.Sqrt(Math.Max(0, (m.Mxx + m.Myy) / 2)),
                    AxisRatio = m.AxisRatio, PositionAngle = m.PositionAngle, PeakSnr = m.Peak, Flux = flux, Flags = flags,
                });
            }
        }

        // Stellar locus: the compact end of the bright sources' radii.
        var bright = sources.Where(s => s.PeakSnr > 30 && (s.Flags & SourceFlags.Edge) == 0).Select(s => s.Radius).Order().ToList();
        var stellar = bright.Count >= 5 ? bright[bright.Count / 5] : double.NaN;
        foreach (var s in sources)
        {
            if (double.IsFinite(stellar) && s.PeakSnr > 10 && s.Radius < o.StarRadiusFactor * stellar) s.Flags |= SourceFlags.Star;
            if (s.AxisRatio < o.ArtefactAxisRatio || s.Radius < 0.5) s.Flags |= SourceFlags.Artefact;
        }
        return new FieldCatalog { Backgrounds = backgrounds, Subtracted = subtracted, Labels = labels, Sources = sources, StellarRadius = stellar };
    }

    internal static float[] Box3(float[] src, int w, int h)
    {
        var dst = new float[src.Length];
        Parallel.For(0, h, y =>
        {
            for (var x = 0; x < w; x++)
            {
                double sum = 0;
                var cnt = 0;
                for (var yy = Math.Max(0, y - 1); yy <= Math.Min(h - 1, y + 1); yy++)
                    for (var xx = Math.Max(0, x - 1); xx <= Math.Min(w - 1, x + 1); xx++) { sum += src[yy * w + xx]; cnt++; }
                dst[y * w + x] = (float)(sum / cnt);
            }
        });
        return dst;
    }
}
