using Galforge.Astro.Imaging;

namespace Galforge.Astro.Fidelity;

/// <summary>One galaxy for evaluation: one image per band (same size) and optional parameter
/// columns (e.g. the requested magnitude of a conditional generator).</summary>
/// <param name="Bands">Images in the set's band order.</param>
/// <param name="Parameters">Named parameters (truth or requested conditions); may be empty.</param>
public sealed record GalaxySample(IReadOnlyList<Image> Bands, IReadOnlyDictionary<string, double> Parameters);

/// <summary>A named population of galaxies observed in the same bands.</summary>
/// <param name="Name">Shown in reports ("real", "generated", a file name).</param>
/// <param name="BandNames">Band names, e.g. ["g", "r", "i"].</param>
/// <param name="Galaxies">The galaxies.</param>
public sealed record GalaxySet(string Name, IReadOnlyList<string> BandNames, IReadOnlyList<GalaxySample> Galaxies);
