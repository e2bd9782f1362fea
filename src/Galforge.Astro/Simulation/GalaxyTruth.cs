using Galforge.Astro.Lensing;
using Galforge.Astro.Profiles;

namespace Galforge.Astro.Simulation;

/// <summary>Everything that went into one simulated galaxy, for the truth table.</summary>
public sealed class GalaxyTruth
{
    /// <summary>Index of the galaxy in the run.</summary>
    public long Index { get; set; }

    /// <summary>The run's seed (with <see cref="Index"/> it fixes every draw).</summary>
    public ulong Seed { get; set; }

    /// <summary>The population row.</summary>
    public GalaxyParameters Parameters { get; set; } = null!;

    /// <summary>Reference-band bulge-to-total ratio of the colour model.</summary>
    public double BulgeToTotal { get; set; }

    /// <summary>Number of star-forming clumps.</summary>
    public int Clumps { get; set; }

    /// <summary>Fraction of the disk's reference-band light in clumps.</summary>
    public double ClumpFraction { get; set; }

    /// <summary>Spiral arms, or null.</summary>
    public SpiralArms? Arms { get; set; }

    /// <summary>The components as rendered.</summary>
    public GalaxyModel Model { get; set; } = null!;

    /// <summary>
    /// Per band, <see cref="Measurement.IntrinsicShape"/> of the noise-free stamp before the PSF
    /// (lensed, pixel-integrated, cut to the stamp); null when not measured.
    /// </summary>
    public Measurement.IntrinsicShape[]? Intrinsic { get; set; }

    /// <summary>The lensing applied.</summary>
    public LensDistortion Lens { get; set; }
}
