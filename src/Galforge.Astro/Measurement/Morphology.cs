namespace Galforge.Astro.Measurement;

/// <summary>
/// Non-parametric morphology of one galaxy with the definitions and key names of statmorph
/// (Rodriguez-Gomez et al. 2019; Lotz et al. 2004; Conselice 2003). Positions and radii are in
/// pixels (pixel-centre convention, x = column), angles in radians counter-clockwise from +x,
/// fluxes in image units. Invalid values are -99, as in statmorph. <see cref="Flag"/>: 0 good,
/// 1 suspect, 2 bad, 4 catastrophic (nothing measured).
/// </summary>
public sealed class Morphology
{
    /// <summary>The statmorph keys this class fills, in statmorph's order.</summary>
    public static readonly IReadOnlyList<string> Keys =
    [
        "xc_centroid", "yc_centroid", "ellipticity_centroid", "elongation_centroid", "orientation_centroid",
        "xc_asymmetry", "yc_asymmetry", "ellipticity_asymmetry", "elongation_asymmetry", "orientation_asymmetry",
        "flux_circ", "flux_ellip", "rpetro_circ", "rpetro_ellip", "rmax_circ", "rmax_ellip",
        "rhalf_circ", "rhalf_ellip", "r20", "r50", "r80", "gini", "m20", "gini_m20_bulge", "gini_m20_merger",
        "sn_per_pixel", "concentration", "asymmetry", "smoothness", "outer_asymmetry", "shape_asymmetry",
        "sky_mean", "sky_median", "sky_sigma", "xmin_stamp", "ymin_stamp", "xmax_stamp", "ymax_stamp", "nx_stamp", "ny_stamp",
    ];

    /// <summary>
    /// Measures the segment <paramref name="label"/> of <paramref name="segmap"/> in a
    /// background-subtracted image. Never throws for bad data: problems set <see cref="Flag"/>
    /// and add a line to <see cref="Warnings"/>.
    /// </summary>
    /// <param name="image">The image (background subtracted).</param>
    /// <param name="segmap">Segment labels, row-major like the image; 0 is background.</param>
    /// <param name="label">The segment to measure.</param>
    /// <param name="mask">True where a pixel must be ignored; null for none.</param>
    /// <param name="gain">Electrons per image unit (Poisson term of the weight map); null to use
    /// the sky noise alone.</param>
    public static Morphology Measure(Imaging.Image image, int[] segmap, int label, bool[]? mask = null, double? gain = null)
    {
        if (segmap.Length != image.Pixels.Length)
            throw new ArgumentException($"segmap has {segmap.Length} pixels, image {image.Width}x{image.Height}", nameof(segmap));
        if (mask is not null && mask.Length != image.Pixels.Length)
            throw new ArgumentException($"mask has {mask.Length} pixels, image {image.Width}x{image.Height}", nameof(mask));
        return new MorphologyMeasurer().Measure(image.Pixels, image.Width, image.Height, segmap, label, mask ?? [], gain ?? double.PositiveInfinity);
    }

    /// <summary>Value used for quantities that could not be measured.</summary>
    public const double Invalid = -99.0;

    private readonly Dictionary<string, double> _values;

    internal Morphology(Dictionary<string, double> values, int flag, IReadOnlyList<string> warnings)
    {
        _values = values;
        Flag = flag;
        Warnings = warnings;
    }

    /// <summary>statmorph's quality flag: 0 good, 1 suspect, 2 bad, 4 catastrophic.</summary>
    public int Flag { get; }

    /// <summary>One line per problem met while measuring (statmorph's warnings).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>A value by its statmorph key (see <see cref="Keys"/>).</summary>
    public double this[string key] => _values.TryGetValue(key, out var v) ? v : throw new KeyNotFoundException($"no morphology key '{key}'");

    /// <summary>Gini coefficient of the pixel fluxes in the Gini segmap (Lotz et al. 2004).</summary>
    public double Gini => this["gini"];

    /// <summary>M20: log10 of the second moment of the brightest 20% of the light over the total.</summary>
    public double M20 => this["m20"];

    /// <summary>Concentration C = 5 log10(r80 / r20).</summary>
    public double Concentration => this["concentration"];

    /// <summary>Rotational asymmetry with the background asymmetry removed.</summary>
    public double Asymmetry => this["asymmetry"];

    /// <summary>Smoothness (clumpiness) S, Lotz et al. (2004) eq. 11.</summary>
    public double Smoothness => this["smoothness"];

    /// <summary>Circular half-light radius about the asymmetry centre, pixels.</summary>
    public double HalfLightRadius => this["rhalf_circ"];

    /// <summary>Circular Petrosian radius (eta = 0.2), pixels.</summary>
    public double PetrosianRadius => this["rpetro_circ"];

    /// <summary>All values keyed by statmorph name, in <see cref="Keys"/> order.</summary>
    public IEnumerable<KeyValuePair<string, double>> Values
    {
        get { foreach (var k in Keys) yield return new(k, _values[k]); }
    }
}
