namespace Galforge.Astro.Simulation;

/// <summary>
/// The parameters of one galaxy as drawn from a population (one catalogue or table row, so
/// joint distributions are kept): a single-Sersic description in a reference band plus redshift
/// and star formation, which <see cref="ColourModel"/> turns into components with colours.
/// </summary>
/// <param name="Source">Where the row came from (catalogue id or table row), for the truth table.</param>
/// <param name="Magnitude">Total AB magnitude in the reference band.</param>
/// <param name="ReferenceWavelength">Wavelength of the reference band, micron (F160W: 1.537).</param>
/// <param name="HalfLightRadius">Half-light radius along the major axis, arcsec.</param>
/// <param name="SersicIndex">Sersic index, in [0.3, 6.2].</param>
/// <param name="AxisRatio">Axis ratio b/a, in (0, 1].</param>
/// <param name="PositionAngle">Position angle, degrees from North through East (image +y is North, -x East).</param>
/// <param name="Redshift">Redshift (photometric), &gt;= 0.</param>
/// <param name="LogSpecificSfr">log10 sSFR / yr^-1; -99 for quiescent or unknown.</param>
public sealed record GalaxyParameters(
    string Source, double Magnitude, double ReferenceWavelength, double HalfLightRadius, double SersicIndex,
    double AxisRatio, double PositionAngle, double Redshift, double LogSpecificSfr)
{
    /// <summary>The F160W pivot wavelength, micron: the reference band of the CANDELS catalogue.</summary>
    public const double F160WWavelength = 1.5369;

    /// <summary>
    /// The image angle of the major axis, radians counter-clockwise from +x (x along columns, y
    /// along rows, as <see cref="Profiles.Ellipticity"/> takes it), of a sky position angle in
    /// degrees from North through East (North = +y, East = -x).
    /// </summary>
    public static double ImageAngle(double positionAngleDegrees) => (positionAngleDegrees + 90) * Math.PI / 180;

    /// <summary>Throws <see cref="BadInputException"/> naming <paramref name="where"/> when a value is unphysical.</summary>
    public void Validate(string where)
    {
        if (!double.IsFinite(Magnitude)) throw new BadInputException($"{where} column 'mag': {Magnitude} is not a finite magnitude");
        if (!(HalfLightRadius > 0) || !double.IsFinite(HalfLightRadius)) throw new BadInputException($"{where} column 're': {HalfLightRadius} outside the allowed range (0, inf) arcsec");
        if (!(SersicIndex >= Profiles.SersicProfile.MinIndex && SersicIndex <= Profiles.SersicProfile.MaxIndex))
            throw new BadInputException($"{where} column 'n': {SersicIndex} outside the allowed range [{Profiles.SersicProfile.MinIndex}, {Profiles.SersicProfile.MaxIndex}]");
        if (!(AxisRatio > 0 && AxisRatio <= 1)) throw new BadInputException($"{where} column 'q': {AxisRatio} outside the allowed range (0, 1]");
        if (!double.IsFinite(PositionAngle)) throw new BadInputException($"{where} column 'pa': {PositionAngle} is not a finite angle");
        if (!(Redshift >= 0) || !double.IsFinite(Redshift)) throw new BadInputException($"{where} column 'z': {Redshift} outside the allowed range [0, inf)");
        if (!(ReferenceWavelength > 0)) throw new BadInputException($"{where}: reference wavelength {ReferenceWavelength} micron must be positive");
    }
}
