namespace Galforge.Astro.Simulation;

/// <summary>One simulated galaxy: its stamps (one StampSize^2 float array per band, counts) and truth.</summary>
/// <param name="Stamps">Row-major stamps, one per band.</param>
/// <param name="Truth">Everything that went into it.</param>
public sealed record SimulatedGalaxy(float[][] Stamps, GalaxyTruth Truth);
