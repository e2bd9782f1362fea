using Galforge.Astro.Catalogs;
using Galforge.Astro.Noise;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Galaxies drawn as whole rows (so magnitude, size, Sersic index, axis ratio and redshift keep
/// their joint distribution) from the CANDELS/3D-HST structural catalogue, uniformly with
/// replacement. Rows whose Sersic index is outside the simulator's range [0.3, 6.2] (GALFIT's
/// limits are 0.2 and 8) or whose size or axis ratio is not positive are left out; the count is in
/// <see cref="Description"/>.
/// </summary>
public sealed class CandelsPopulation : IPopulation
{
    private readonly CandelsGalaxy[] _rows;

    /// <summary>Selects the usable rows of a catalogue.</summary>
    public CandelsPopulation(IReadOnlyList<CandelsGalaxy> catalogue, string source)
    {
        var kept = new List<CandelsGalaxy>(catalogue.Count);
        foreach (var g in catalogue)
            if (g.SersicIndex >= Profiles.SersicProfile.MinIndex && g.SersicIndex <= Profiles.SersicProfile.MaxIndex
                && g.HalfLightRadius > 0 && g.AxisRatio > 0 && g.AxisRatio <= 1 && g.Redshift >= 0 && double.IsFinite(g.MagF160W))
                kept.Add(g);
        if (kept.Count == 0) throw new BadInputException($"{source}: no usable rows (good fits with n in [0.3, 6.2])");
        _rows = [.. kept];
        Description = $"CANDELS/3D-HST COSMOS structural catalogue (van der Wel et al. 2014) {source}: {kept.Count} of {catalogue.Count} good F160W fits with n in [0.3, 6.2], drawn as whole rows with replacement";
    }

    /// <summary>Number of usable rows.</summary>
    public int Count => _rows.Length;

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public GalaxyParameters Draw(long index, CounterRandom random)
    {
        var g = _rows[random.NextInt(_rows.Length)];
        return new GalaxyParameters($"candels:{g.Id}", g.MagF160W, GalaxyParameters.F160WWavelength, g.HalfLightRadius,
            g.SersicIndex, g.AxisRatio, g.PositionAngle, g.Redshift, g.LogSpecificSfr);
    }
}
