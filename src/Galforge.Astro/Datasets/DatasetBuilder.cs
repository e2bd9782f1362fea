using Galforge.Astro.Detection;
using Galforge.Astro.Imaging;

namespace Galforge.Astro.Datasets;

/// <summary>
/// Turns raw galaxy stamps into a clean <see cref="GalaxyDataset"/>: optional resampling to a
/// common pixel scale, segmentation of a signal-to-noise detection image, rejection rules
/// (all bands missing, NaN in the galaxy, empty, non-positive flux, blend, truncated, too many
/// masked pixels), neighbour masking, re-centring on the flux centroid, crop or pad to a fixed
/// size. Masked and padded pixels get Gaussian noise of the band's sigma from a seeded generator,
/// never zeros; missing bands are kept, flagged and filled with noise of the band's median sigma.
/// </summary>
public sealed class DatasetBuilder
{
    private readonly DatasetBuildOptions _options;

    /// <summary>A builder with these settings.</summary>
    public DatasetBuildOptions Options => _options;

    /// <summary>Creates a builder.</summary>
    public DatasetBuilder(DatasetBuildOptions? options = null)
    {
        _options = options ?? new DatasetBuildOptions();
        if (_options.StampSize < 4) throw new BadInputException($"stamp size {_options.StampSize}: expected at least 4 pixels");
    }

    /// <summary>
    /// Builds the dataset. Row i of <paramref name="parameters"/> describes input i; kept rows
    /// are carried over and extended with flux_BAND, mag_BAND (when the zero point is known),
    /// x_source and y_source (centroid in the input stamp, pixels).
    /// </summary>
    /// <exception cref="BadInputException">Bands of one galaxy differ in shape, or sizes disagree with the band list.</exception>
    public (GalaxyDataset Dataset, BuildReport Report) Build(IReadOnlyList<DatasetBand> bands, IReadOnlyList<StampInput> inputs, ParameterTable parameters, DatasetProvenance provenance, IProgress<int>? progress = null)
    {
        if (parameters.RowCount != inputs.Count)
            throw new BadInputException($"parameter table has {parameters.RowCount} rows for {inputs.Count} galaxies, expected one row per galaxy");
        var report = new BuildReport { Read = inputs.Count };
        var kept = new List<Processed>();
        var keptIndex = new List<int>();
        var psfSize = _options.PsfSize > 0 ? _options.PsfSize : AutoPsfSize(inputs);
        for (var i = 0; i < inputs.Count; i++)
        {
            var (result, rule) = Process(i, inputs[i], bands);
            if (rule is not null)
            {
                report.Rejected[rule]++;
                report.Rejections.Add((i, rule));
            }
            else
            {
                kept.Add(result!);
                keptIndex.Add(i);
            }
            progress?.Report(i + 1);
        }

        var s = _options.StampSize;
        var dataset = new GalaxyDataset(bands.Select(b => double.IsNaN(_options.TargetPixelScale) ? b : b with { PixelScale = _options.TargetPixelScale }).ToArray(),
            kept.Count, s, s, psfSize, psfSize);
        // Sigma for missing bands: the median of the band's sigma over the kept galaxies that have it.
        var fallback = new double[bands.Count];
        for (var b = 0; b < bands.Count; b++)
        {
            var sig = kept.Where(k => k.Pixels[b] is not null).Select(k => k.Sigma[b]).Where(double.IsFinite).Order().ToList();
            fallback[b] = sig.Count > 0 ? sig[sig.Count / 2] : double.NaN;
        }
        var flux = new double[bands.Count][];
        for (var b = 0; b < bands.Count; b++) flux[b] = new double[kept.Count];
        var xs = new double[kept.Count];
        var ys = new double[kept.Count];
        for (var g = 0; g < kept.Count; g++)
        {
            var k = kept[g];
            var rng = new Random(unchecked((int)(_options.Seed * 1_000_003 + keptIndex[g] * 7919)));
            var missing = false;
            for (var b = 0; b < bands.Count; b++)
            {
                var img = dataset.Image(g, b);
                var mask = dataset.Mask(g, b);
                if (k.Pixels[b] is { } px)
                {
                    px.CopyTo(img);
                    k.Masks[b]!.CopyTo(mask);
                    dataset.SetNoiseSigma(g, b, (float)k.Sigma[b]);
                }
                else
                {
                    missing = true;
                    mask.Fill(MaskBits.MissingBand);
                    var sigma = fallback[b];
                    dataset.SetNoiseSigma(g, b, (float)sigma);
                    for (var p = 0; p < img.Length; p++) img[p] = double.IsFinite(sigma) ? (float)(sigma * Gaussian(rng)) : 0f;
                }
                // Fill masked pixels with noise now that the generator is fixed per galaxy.
                var sg = dataset.NoiseSigma(g, b);
                if (k.Pixels[b] is not null)
                    for (var p = 0; p < img.Length; p++)
                        if (mask[p] != 0) img[p] = float.IsFinite(sg) ? (float)(sg * Gaussian(rng)) : 0f;
                flux[b][g] = k.Flux[b];
                if (k.Psfs[b] is { } psf) FitPsf(psf, psfSize, dataset.Psf(g, b));
            }
            if (missing) report.WithMissingBands++;
            xs[g] = k.X;
            ys[g] = k.Y;
        }

        var table = parameters.Select(keptIndex);
        for (var b = 0; b < bands.Count; b++)
        {
            table.Set("flux_" + bands[b].Name, flux[b], "image units");
            if (double.IsFinite(bands[b].ZeroPoint))
                table.Set("mag_" + bands[b].Name, flux[b].Select(f => f > 0 ? bands[b].ZeroPoint - 2.5 * Math.Log10(f) : double.NaN).ToArray(), "mag");
        }
        table.Set("x_source", xs, "pixel").Set("y_source", ys, "pixel");
        dataset.Parameters = table;
        report.Kept = kept.Count;
        foreach (var (key, value) in _options.Describe()) provenance.Settings[key] = value;
        provenance.Seed = _options.Seed;
        report.CopyTo(provenance);
        dataset.Provenance = provenance;
        return (dataset, report);
    }

    private sealed class Processed
    {
        public required float[]?[] Pixels;
        public required byte[]?[] Masks;
        public required double[] Sigma;
        public required double[] Flux;
        public required Image?[] Psfs;
        public double X, Y;
    }

    private (Processed? Result, string? Rule) Process(int index, StampInput input, IReadOnlyList<DatasetBand> bands)
    {
        var nb = bands.Count;
        if (input.Bands.Length != nb || input.NoiseSigmas.Length != nb || input.Psfs.Length != nb)
            throw new BadInputException($"galaxy {index}: {input.Bands.Length} band images, {input.NoiseSigmas.Length} sigmas and {input.Psfs.Length} PSFs given, expected {nb} of each ({string.Join(",", bands.Select(b => b.Name))})");
        var images = new Image?[nb];
        var psfs = new Image?[nb];
        int w = -1, h = -1;
        for (var b = 0; b < nb; b++)
        {
            var img = input.Bands[b];
            if (img is null) continue;
            var psf = input.Psfs[b];
            if (double.IsFinite(_options.TargetPixelScale) && double.IsFinite(img.PixelScale) && Math.Abs(img.PixelScale / _options.TargetPixelScale - 1) > 1e-6)
            {
                psf = psf is null ? null : Resampling.Resample(psf, _options.TargetPixelScale);
                img = Resampling.Resample(img, _options.TargetPixelScale);
            }
            if (w < 0) { w = img.Width; h = img.Height; }
            else if (img.Width != w || img.Height != h)
                throw new BadInputException($"galaxy {index}: band {bands[b].Name} is {img.Width}x{img.Height}, other bands are {w}x{h}; expected bands on one pixel grid");
            images[b] = img;
            psfs[b] = psf;
        }
        if (w < 0) return (null, "all_bands_missing");

        var n = w * h;
        var sigma = new double[nb];
        var snr = new float[n];
        var bad = new bool[n];
        var present = 0;
        for (var b = 0; b < nb; b++)
        {
            if (images[b] is not { } img) continue;
            present++;
            var sg = input.NoiseSigmas[b];
            if (!(sg > 0) || !double.IsFinite(sg) || img != input.Bands[b]) sg = NoiseEstimate.Robust(img.Pixels).Sigma;
            if (!(sg > 0)) sg = 1e-30; // a noiseless image: every positive pixel is signal
            sigma[b] = sg;
            for (var p = 0; p < n; p++)
            {
                var v = img.Pixels[p];
                if (!float.IsFinite(v)) { bad[p] = true; continue; }
                snr[p] += (float)(v / sg);
            }
        }
        var norm = 1 / Math.Sqrt(present);
        for (var p = 0; p < n; p++) snr[p] = (float)(snr[p] * norm);
        // Smooth with a 3x3 box: its noise is 1/3 of the per-pixel noise, so the threshold scales by 1/3.
        var smooth = FieldDetector.Box3(snr, w, h);
        var seg = SegmentationMap.Detect(smooth, snr, w, h, (float)(_options.DetectionThreshold / 3.0), _options.MinPixels);
        var central = seg.LabelNear((w - 1) / 2.0, (h - 1) / 2.0, Math.Max(3, Math.Min(w, h) / 8.0));
        if (central == 0) return (null, CountNaN(bad) == n ? "nan" : "empty");
        var gal = seg.Segments[central - 1];

        // NaN inside the galaxy's footprint cannot be repaired honestly.
        for (var y = gal.YMin; y <= gal.YMax; y++)
            for (var x = gal.XMin; x <= gal.XMax; x++)
                if (bad[y * w + x] && Near(seg.Labels, w, h, x, y, central, 1)) return (null, "nan");

        var flux = new double[nb];
        double total = 0;
        for (var b = 0; b < nb; b++)
        {
            if (images[b] is not { } img) continue;
            double f = 0;
            for (var p = 0; p < n; p++) if (seg.Labels[p] == central && float.IsFinite(img.Pixels[p])) f += img.Pixels[p];
            flux[b] = f;
            total += f;
        }
        if (!(total > 0)) return (null, "nonpositive_flux");

        // Blend: a segment touching the galaxy (within 2 pixels) with a large share of its flux.
        var neighbourFlux = new Dictionary<int, double>();
        for (var p = 0; p < n; p++)
        {
            var l = seg.Labels[p];
            if (l <= 0 || l == central) continue;
            if (Near(seg.Labels, w, h, p % w, p / w, central, 2)) neighbourFlux.TryAdd(l, seg.Segments[l - 1].Flux);
        }
        foreach (var (_, f) in neighbourFlux)
            if (f > _options.BlendFluxRatio * gal.Flux) return (null, "blend");
        // Touching sources merge into one segment: split it by multi-threshold deblending and
        // call it a blend when a second part holds a large share of the flux.
        // Compare the parts' cores (above the splitting level), so a bright clump in a disk is not a second galaxy.
        var members = new List<int>();
        for (var p = 0; p < n; p++) if (seg.Labels[p] == central) members.Add(p);
        var parts = Deblender.Split(members, smooth, w, h, _options.DetectionThreshold / 3.0, 16, 0.05, out var cores);
        if (parts.Count > 1)
        {
            var sorted = cores.OrderDescending().ToArray();
            if (sorted[1] > _options.BlendFluxRatio * sorted[0]) return (null, "blend");
        }

        // Re-centre: integer shift putting the flux centroid at the stamp centre.
        var s = _options.StampSize;
        var x0 = (int)Math.Round(gal.X) - s / 2;
        var y0 = (int)Math.Round(gal.Y) - s / 2;
        double inside = 0, all = 0;
        for (var p = 0; p < n; p++)
        {
            if (seg.Labels[p] != central) continue;
            var v = Math.Max(0, snr[p]);
            all += v;
            int x = p % w - x0, y = p / w - y0;
            if (x >= 0 && x < s && y >= 0 && y < s) inside += v;
        }
        if (all > 0 && 1 - inside / all > _options.MaxFluxOutside) return (null, "truncated");

        var pixels = new float[nb][];
        var masks = new byte[nb][];
        int real = 0, masked = 0;
        for (var b = 0; b < nb; b++)
        {
            if (images[b] is not { } img) continue;
            var outPx = new float[s * s];
            var outMask = new byte[s * s];
            for (var y = 0; y < s; y++)
                for (var x = 0; x < s; x++)
                {
                    int sx = x + x0, sy = y + y0, o = y * s + x;
                    if (sx < 0 || sx >= w || sy < 0 || sy >= h) { outMask[o] = MaskBits.Padded; continue; }
                    var p = sy * w + sx;
                    byte m = 0;
                    if (bad[p]) m |= MaskBits.Bad;
                    var l = seg.Labels[p];
                    if (_options.MaskNeighbours && l != central && (l > 0 || NearOther(seg.Labels, w, h, sx, sy, central))) m |= MaskBits.Neighbour;
                    outMask[o] = m;
                    outPx[o] = m == 0 ? img.Pixels[p] : 0f;
                    if (b == FirstPresent(images)) { real++; if (m != 0) masked++; }
                }
            pixels[b] = outPx;
            masks[b] = outMask;
        }
        if (real > 0 && (double)masked / real > _options.MaxMaskedFraction) return (null, "masked");
        return (new Processed { Pixels = pixels, Masks = masks, Sigma = sigma, Flux = flux, Psfs = psfs, X = gal.X, Y = gal.Y }, null);
    }

    private static int FirstPresent(Image?[] images)
    {
        for (var b = 0; b < images.Length; b++) if (images[b] is not null) return b;
        return -1;
    }

    private static int CountNaN(bool[] bad) => bad.Count(x => x);

    // True when a pixel within r (Chebyshev distance) of (x, y) carries the label.
    private static bool Near(int[] labels, int w, int h, int x, int y, int label, int r)
    {
        for (var yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
            for (var xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++)
                if (labels[yy * w + xx] == label) return true;
        return false;
    }

    // A sky pixel next to a neighbour's segment (its faint wings): masked with it.
    private static bool NearOther(int[] labels, int w, int h, int x, int y, int central)
    {
        for (var yy = Math.Max(0, y - 1); yy <= Math.Min(h - 1, y + 1); yy++)
            for (var xx = Math.Max(0, x - 1); xx <= Math.Min(w - 1, x + 1); xx++)
            {
                var l = labels[yy * w + xx];
                if (l > 0 && l != central) return true;
            }
        return false;
    }

    private static int AutoPsfSize(IReadOnlyList<StampInput> inputs)
    {
        var m = 1;
        foreach (var i in inputs)
            foreach (var p in i.Psfs)
                if (p is not null) m = Math.Max(m, Math.Max(p.Width, p.Height));
        return m % 2 == 1 ? m : m + 1;
    }

    /// <summary>Centre-crops or zero-pads a PSF to size x size and normalises it to unit sum.</summary>
    private static void FitPsf(Image psf, int size, Span<float> dst)
    {
        dst.Clear();
        // Align the array centres (pixel (W-1)/2 of the input onto (size-1)/2 of the output, rounding down).
        var ox = (size - 1) / 2 - (psf.Width - 1) / 2;
        var oy = (size - 1) / 2 - (psf.Height - 1) / 2;
        double sum = 0;
        for (var y = 0; y < psf.Height; y++)
            for (var x = 0; x < psf.Width; x++)
            {
                int tx = x + ox, ty = y + oy;
                if (tx < 0 || tx >= size || ty < 0 || ty >= size) continue;
                var v = psf[x, y];
                if (!float.IsFinite(v)) continue;
                dst[ty * size + tx] = v;
                sum += v;
            }
        if (sum > 0) for (var i = 0; i < dst.Length; i++) dst[i] = (float)(dst[i] / sum);
    }

    internal static double Gaussian(Random rng)
    {
        // Box-Muller; 1 - NextDouble() avoids log(0).
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
