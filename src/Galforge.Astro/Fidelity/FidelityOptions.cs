using Galforge.Astro.Measurement;

namespace Galforge.Astro.Fidelity;

/// <summary>Settings for <see cref="FidelityEvaluator"/>.</summary>
public sealed record FidelityOptions
{
    /// <summary>Seed of the random splits of the real set into halves for the baseline.</summary>
    public int Seed { get; init; } = 12345;

    /// <summary>
    /// Number of seeded random half splits of the real set whose real-vs-real Wasserstein and KS
    /// distances are averaged into the baseline (the first split is also the one the Frechet and
    /// power-spectrum baselines use). One split is a noisy denominator: on 600 simulated galaxies
    /// the M20 baseline of single splits ranges over a factor of 4, so a ratio could pass or fail
    /// by the luck of one draw. 1 gives the single-split baseline of earlier versions.
    /// </summary>
    public int BaselineSplits { get; init; } = 64;

    /// <summary>Measurement settings (gain, zero point) used for both sets.</summary>
    public MeasurementOptions Measurement { get; init; } = new();

    /// <summary>Per-galaxy statistics compared between the sets (measurement keys).</summary>
    public IReadOnlyList<string> Statistics { get; init; } =
    [
        "mag", "snr", "rhalf_circ", "rpetro_circ", "concentration", "asymmetry", "smoothness", "gini", "m20",
        "gini_m20_bulge", "gini_m20_merger", "ellipticity_asymmetry", "hsm_sigma", "hsm_e1", "hsm_e2", "hsm_e",
    ];

    /// <summary>Features of the morphology vector for the Frechet distance.</summary>
    public IReadOnlyList<string> FrechetFeatures { get; init; } =
        ["concentration", "asymmetry", "smoothness", "gini", "m20", "rhalf_circ", "ellipticity_asymmetry", "mag"];

    /// <summary>
    /// Band whose measurements the conditional control uses (and that the report shows); null
    /// for the first band. A model conditioned on one band's quantities (e.g. the simulator's
    /// reference band, which its mag_ref refers to) is checked in that band.
    /// </summary>
    public string? ConditionalBand { get; init; }

    /// <summary>Requested parameter name -> measured key, for conditional control. A parameter
    /// present in the generated set's columns is compared with the measurement in
    /// <see cref="ConditionalBand"/> (default the first band). Parameters in <see cref="ArcsecondParameters"/> are compared with the measured
    /// radius times the pixel scale; "axis_ratio" is 1 - ellipticity_asymmetry.</summary>
    public IReadOnlyDictionary<string, string> ConditionalParameters { get; init; } = new Dictionary<string, string>
    {
        ["mag"] = "mag", ["hlr_arcsec"] = "rhalf_circ", ["half_light_radius"] = "rhalf_circ", ["rhalf_circ"] = "rhalf_circ", ["q"] = "axis_ratio",
        ["e1"] = "hsm_e1", ["e2"] = "hsm_e2", ["g1"] = "hsm_g1", ["g2"] = "hsm_g2",
    };

    /// <summary>Conditional parameters given in arcseconds (the dataset's half_light_radius).</summary>
    public IReadOnlySet<string> ArcsecondParameters { get; init; } = new HashSet<string> { "hlr_arcsec", "half_light_radius" };
}
