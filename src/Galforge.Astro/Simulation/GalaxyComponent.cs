using Galforge.Astro.Profiles;

namespace Galforge.Astro.Simulation;

/// <summary>
/// One component of a galaxy (bulge, disk, clump, point source) with its own spectral energy
/// distribution, given as the flux in counts in each band of the simulation (from magnitudes
/// and zero points, or flux ratios). Because each component has its own colour, colour
/// gradients come out naturally. A disk may carry spiral arms with their own colour.
/// </summary>
public sealed class GalaxyComponent
{
    /// <summary>An extended component with a Sersic profile.</summary>
    /// <param name="name">Name for the truth table (bulge, disk, clump1, ...).</param>
    /// <param name="profile">Profile (shape and size; unit flux).</param>
    /// <param name="bandFlux">Counts in each band, &gt;= 0.</param>
    /// <param name="offsetX">Offset of the component centre from the galaxy centre, arcsec, in the source plane.</param>
    /// <param name="offsetY">As <paramref name="offsetX"/>, along y.</param>
    /// <param name="arms">Optional spiral arms (their light is taken from this component's profile).</param>
    /// <param name="armBandFlux">Counts of the arm layer in each band (required with arms).</param>
    public GalaxyComponent(string name, SersicProfile? profile, double[] bandFlux, double offsetX = 0, double offsetY = 0,
        SpiralArms? arms = null, double[]? armBandFlux = null)
    {
        for (int b = 0; b < bandFlux.Length; b++)
            if (!(bandFlux[b] >= 0) || double.IsInfinity(bandFlux[b]))
                throw new BadInputException($"component {name}: flux {bandFlux[b]} in band {b}: must be >= 0 and finite");
        if (arms is not null)
        {
            arms.Validate();
            if (armBandFlux is null || armBandFlux.Length != bandFlux.Length)
                throw new ArgumentException("spiral arms need one arm flux per band");
            foreach (var f in armBandFlux)
                if (!(f >= 0) || double.IsInfinity(f)) throw new BadInputException($"component {name}: arm flux {f}: must be >= 0 and finite");
        }
        Name = name;
        Profile = profile;
        BandFlux = bandFlux;
        OffsetX = offsetX;
        OffsetY = offsetY;
        Arms = arms;
        ArmBandFlux = armBandFlux;
    }

    /// <summary>A point source (e.g. an AGN or a compact clump) at an offset.</summary>
    public static GalaxyComponent PointSource(string name, double[] bandFlux, double offsetX = 0, double offsetY = 0) =>
        new(name, null, bandFlux, offsetX, offsetY);

    /// <summary>Name for the truth table.</summary>
    public string Name { get; }

    /// <summary>The profile; null for a point source.</summary>
    public SersicProfile? Profile { get; }

    /// <summary>Counts per band (of the smooth part when there are arms).</summary>
    public double[] BandFlux { get; }

    /// <summary>Offset from the galaxy centre, arcsec (source plane).</summary>
    public double OffsetX { get; }

    /// <summary>Offset from the galaxy centre, arcsec (source plane).</summary>
    public double OffsetY { get; }

    /// <summary>Spiral arms, or null.</summary>
    public SpiralArms? Arms { get; }

    /// <summary>Counts per band of the arm layer, or null.</summary>
    public double[]? ArmBandFlux { get; }
}
