namespace Galforge.Astro.Catalogs;

/// <summary>
/// One object of the CANDELS/3D-HST structural catalogue (van der Wel et al. 2014): its F160W
/// single-Sersic fit, its F125W fit where there is a good one, and its FAST photometric redshift
/// and stellar-population values.
/// </summary>
/// <param name="Id">3D-HST id (NUMBER).</param>
/// <param name="MagF160W">Total AB magnitude of the F160W Sersic model.</param>
/// <param name="HalfLightRadius">F160W half-light radius along the major axis, arcsec.</param>
/// <param name="SersicIndex">F160W Sersic index.</param>
/// <param name="AxisRatio">F160W axis ratio b/a.</param>
/// <param name="PositionAngle">F160W position angle, degrees from North through East.</param>
/// <param name="MagF125W">F125W model magnitude when its fit is good (flag 0), else NaN.</param>
/// <param name="Redshift">FAST photometric redshift.</param>
/// <param name="LogStellarMass">log10 stellar mass / Msun.</param>
/// <param name="LogSpecificSfr">log10 specific SFR / yr^-1 (-99 when the SFR is zero).</param>
/// <param name="Av">V-band dust attenuation, mag.</param>
public sealed record CandelsGalaxy(
    long Id, double MagF160W, double HalfLightRadius, double SersicIndex, double AxisRatio, double PositionAngle,
    double MagF125W, double Redshift, double LogStellarMass, double LogSpecificSfr, double Av);
