using Galforge.Astro.Imaging;

namespace Galforge.Astro.Measurement;

/// <summary>
/// Measures galaxies band by band. Bad data (empty segment, everything masked, non-positive
/// flux, centroid off the stamp) never throws: the measurement carries a flag and warnings.
/// Only programming errors (mismatched array sizes) throw.
/// </summary>
public static class GalaxyMeasurer
{
    /// <summary>Measures one band.</summary>
    /// <param name="image">Background-subtracted image.</param>
    /// <param name="segmap">Labels (0 background); null to detect the central galaxy.</param>
    /// <param name="mask">True where pixels are ignored; null for none.</param>
    /// <param name="options">Gain, zero point, detection threshold.</param>
    /// <param name="label">Segment to measure (1 for a detected segmap).</param>
    /// <param name="band">Band name for reports.</param>
    public static GalaxyMeasurement Measure(Image image, int[]? segmap = null, bool[]? mask = null, MeasurementOptions? options = null,
        int label = 1, string band = "")
    {
        options ??= new MeasurementOptions();
        var warnings = new List<string>();
        if (segmap is null)
        {
            var det = Segmentation.Detect(image, mask, options.DetectionSigma);
            if (det.Warning is not null) warnings.Add("segmentation: " + det.Warning);
            segmap = det.Segmap;
            label = 1;
        }
        return MeasureWithSegmap(image, segmap, mask, options, label, band, warnings);
    }

    /// <summary>
    /// Measures every band of one galaxy with a common segmentation map (given, or detected on
    /// the sum of the bands so that all bands measure the same pixels), plus colours between
    /// consecutive bands.
    /// </summary>
    /// <param name="bands">Images, one per band, same size.</param>
    /// <param name="bandNames">Band names.</param>
    /// <param name="segmap">Labels (0 background, galaxy = 1); null to detect.</param>
    /// <param name="mask">A mask for every band; null for none.</param>
    /// <param name="options">Gain, zero points, detection threshold.</param>
    /// <param name="bandMasks">Per-band masks (overriding <paramref name="mask"/>); an entry may be null.</param>
    public static MultiBandMeasurement MeasureBands(IReadOnlyList<Image> bands, IReadOnlyList<string> bandNames, int[]? segmap = null,
        bool[]? mask = null, MeasurementOptions? options = null, IReadOnlyList<bool[]?>? bandMasks = null)
    {
        if (bands.Count == 0) throw new ArgumentException("no bands", nameof(bands));
        if (bandNames.Count != bands.Count) throw new ArgumentException($"{bandNames.Count} band names for {bands.Count} bands", nameof(bandNames));
        if (bandMasks is not null && bandMasks.Count != bands.Count) throw new ArgumentException($"{bandMasks.Count} band masks for {bands.Count} bands", nameof(bandMasks));
        options ??= new MeasurementOptions();
        if (options.BandZeroPoints is { } zps && zps.Count != bands.Count)
            throw new ArgumentException($"{zps.Count} zero points for {bands.Count} bands", nameof(options));
        var masks = new bool[]?[bands.Count];
        for (int b = 0; b < bands.Count; b++) masks[b] = bandMasks is not null ? bandMasks[b] : mask;
        var warnings = new List<string>();
        if (segmap is null)
        {
            int n = bands[0].Pixels.Length;
            var sum = new Image(bands[0].Width, bands[0].Height, bands[0].PixelScale);
            // Detect on the bands that have data; a pixel masked in any of them is masked.
            bool[]? detectMask = null;
            for (int b = 0; b < bands.Count; b++)
            {
                var img = bands[b];
                if (img.Width != sum.Width || img.Height != sum.Height)
                    throw new ArgumentException($"band sizes differ: {img.Width}x{img.Height} vs {sum.Width}x{sum.Height}", nameof(bands));
                if (masks[b] is { } m && Array.TrueForAll(m, v => v)) continue; // a missing band
                for (int i = 0; i < n; i++) sum.Pixels[i] += img.Pixels[i];
                if (masks[b] is { } mb)
                {
                    detectMask ??= new bool[n];
                    for (int i = 0; i < n; i++) detectMask[i] |= mb[i];
                }
            }
            var det = Segmentation.Detect(sum, detectMask, options.DetectionSigma);
            if (det.Warning is not null) warnings.Add("segmentation: " + det.Warning);
            segmap = det.Segmap;
        }
        var results = new GalaxyMeasurement[bands.Count];
        for (int b = 0; b < bands.Count; b++)
        {
            var bandOptions = options.BandZeroPoints is { } z ? options with { ZeroPoint = z[b] } : options;
            results[b] = MeasureWithSegmap(bands[b], segmap, masks[b], bandOptions, 1, bandNames[b], [.. warnings]);
        }
        return new MultiBandMeasurement(results);
    }

    private static GalaxyMeasurement MeasureWithSegmap(Image image, int[] segmap, bool[]? mask, MeasurementOptions options, int label,
        string band, List<string> warnings)
    {
        if (segmap.Length != image.Pixels.Length)
            throw new ArgumentException($"segmap has {segmap.Length} pixels, image {image.Width}x{image.Height}", nameof(segmap));
        var morph = Morphology.Measure(image, segmap, label, mask, options.Gain);
        warnings.AddRange(morph.Warnings);
        // Moments on the galaxy's own pixels plus background: neighbours and the mask are
        // zeroed, started from statmorph's centroid and a size from r50 when available.
        var hsmMask = new bool[segmap.Length];
        for (int i = 0; i < segmap.Length; i++) hsmMask[i] = (segmap[i] != 0 && segmap[i] != label) || (mask is not null && mask[i]);
        AdaptiveMoments moments;
        if (morph.Flag >= 4)
            moments = new AdaptiveMoments { Mxx = double.NaN, Mxy = double.NaN, Myy = double.NaN, Rho4 = double.NaN, Problem = "morphology failed" };
        else
        {
            double r50 = morph["r50"];
            moments = AdaptiveMoments.Measure(image, hsmMask, morph["xc_centroid"], morph["yc_centroid"], r50 > 0 ? r50 / 1.1774 : 2.0);
        }
        if (!moments.Converged) warnings.Add($"adaptive moments: {moments.Problem}");
        double flux = morph["flux_circ"];
        double fluxError = Morphology.Invalid;
        if (flux != Morphology.Invalid)
        {
            double sky = morph["sky_sigma"];
            double r = 2 * morph["rpetro_circ"];
            double variance = (sky > 0 ? Math.PI * r * r * sky * sky : 0) + (options.Gain is { } g && g > 0 ? Math.Abs(flux) / g : 0);
            fluxError = variance > 0 ? Math.Sqrt(variance) : Morphology.Invalid;
        }
        return new GalaxyMeasurement(band, morph, moments, flux, fluxError, options.ZeroPoint, warnings);
    }
}
