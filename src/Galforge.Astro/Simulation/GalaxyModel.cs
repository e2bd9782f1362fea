namespace Galforge.Astro.Simulation;

/// <summary>
/// A parametric galaxy: components sharing a centre, placed at an offset (arcsec) from the stamp
/// centre. The stamp centre of an N-pixel stamp is pixel coordinate (N - 1) / 2 (pixel-centre
/// convention), i.e. the middle of the stamp.
/// </summary>
/// <param name="Components">The components.</param>
/// <param name="CentreX">Offset of the galaxy centre from the stamp centre, arcsec.</param>
/// <param name="CentreY">As <paramref name="CentreX"/>, along y.</param>
public sealed record GalaxyModel(IReadOnlyList<GalaxyComponent> Components, double CentreX = 0, double CentreY = 0);
