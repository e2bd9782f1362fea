namespace Galforge.Astro.Datasets;

/// <summary>Settings of <see cref="DatasetBuilder"/>; every one is recorded in the dataset's provenance.</summary>
public sealed class DatasetBuildOptions
{
    /// <summary>Output stamp size in pixels (square), after re-centring; larger inputs are cropped, smaller padded with noise.</summary>
    public int StampSize { get; set; } = 64;

    /// <summary>Output PSF size (square); 0 picks the largest input PSF dimension (made odd).</summary>
    public int PsfSize { get; set; }

    /// <summary>Pixel scale to resample every band to (arcsec/pixel), or NaN to keep the input scale.</summary>
    public double TargetPixelScale { get; set; } = double.NaN;

    /// <summary>Detection threshold in units of the noise of the 3x3-smoothed signal-to-noise map.</summary>
    public double DetectionThreshold { get; set; } = 2.0;

    /// <summary>Smallest segment kept, in pixels.</summary>
    public int MinPixels { get; set; } = 5;

    /// <summary>Reject when more than this fraction of the stamp's real pixels are masked (bad or neighbour).</summary>
    public double MaxMaskedFraction { get; set; } = 0.25;

    /// <summary>Reject as a blend when a segment within 2 pixels of the galaxy has more than this fraction of its flux.</summary>
    public double BlendFluxRatio { get; set; } = 0.3;

    /// <summary>Reject as truncated when more than this fraction of the galaxy's segment flux falls outside the stamp.</summary>
    public double MaxFluxOutside { get; set; } = 0.1;

    /// <summary>Seed for the noise drawn into padded and masked pixels.</summary>
    public long Seed { get; set; } = 1234;

    /// <summary>Mask neighbouring segments (replaced by noise). When false, neighbours stay in the stamp.</summary>
    public bool MaskNeighbours { get; set; } = true;

    /// <summary>The settings as provenance entries.</summary>
    public Dictionary<string, string> Describe()
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        return new Dictionary<string, string>
        {
            ["stamp_size"] = StampSize.ToString(c),
            ["psf_size"] = PsfSize.ToString(c),
            ["target_pixel_scale"] = double.IsNaN(TargetPixelScale) ? "input" : TargetPixelScale.ToString("R", c),
            ["detection_threshold"] = DetectionThreshold.ToString("R", c),
            ["min_pixels"] = MinPixels.ToString(c),
            ["max_masked_fraction"] = MaxMaskedFraction.ToString("R", c),
            ["blend_flux_ratio"] = BlendFluxRatio.ToString("R", c),
            ["max_flux_outside"] = MaxFluxOutside.ToString("R", c),
            ["mask_neighbours"] = MaskNeighbours ? "true" : "false",
            ["recentring"] = "integer shift to the flux centroid of the galaxy's segment",
        };
    }
}
