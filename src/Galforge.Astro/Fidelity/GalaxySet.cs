using Galforge.Astro.Imaging;

namespace Galforge.Astro.Fidelity;

/// <summary>One galaxy for evaluation: one image per band (same size), optional parameter
/// columns (e.g. the requested magnitude of a conditional generator) and optional per-band
/// masks (true = ignore the pixel).</summary>
/// <param name="Bands">Images in the set's band order.</param>
/// <param name="Parameters">Named parameters (truth or requested conditions); may be empty.</param>
/// <param name="Masks">Per-band masks, or null when nothing is masked.</param>
public sealed record GalaxySample(IReadOnlyList<Image> Bands, IReadOnlyDictionary<string, double> Parameters, IReadOnlyList<bool[]?>? Masks = null);

/// <summary>A named population of galaxies observed in the same bands.</summary>
/// <param name="Name">Shown in reports ("real", "generated", a file name).</param>
/// <param name="BandNames">Band names, e.g. ["g", "r", "i"].</param>
/// <param name="Galaxies">The galaxies.</param>
/// <param name="ZeroPoints">Magnitude zero point per band, or null to use the evaluation's.</param>
public sealed record GalaxySet(string Name, IReadOnlyList<string> BandNames, IReadOnlyList<GalaxySample> Galaxies, IReadOnlyList<double>? ZeroPoints = null);
