namespace Galforge.Astro.Profiles;

/// <summary>
/// The shape of elliptical isophotes: axis ratio q = b/a in (0, 1] and position angle beta
/// (radians, counter-clockwise from the +x axis of the image). Equivalent to the reduced-shear
/// style ellipticity (e1, e2) = |e| (cos 2 beta, sin 2 beta) with |e| = (1 - q) / (1 + q), the
/// convention of GalSim's <c>Shear(g1, g2)</c>, so that a shear g applied to a round source gives
/// e = g.
/// </summary>
public readonly record struct Ellipticity
{
    /// <summary>A round shape.</summary>
    public static Ellipticity Round => new(1.0, 0.0);

    /// <summary>Creates a shape from axis ratio and position angle.</summary>
    /// <param name="axisRatio">b/a in (0, 1].</param>
    /// <param name="positionAngle">Radians counter-clockwise from +x.</param>
    public Ellipticity(double axisRatio, double positionAngle)
    {
        if (!(axisRatio > 0 && axisRatio <= 1))
            throw new BadInputException($"axis ratio q = {axisRatio}: allowed range is (0, 1]");
        AxisRatio = axisRatio;
        PositionAngle = positionAngle;
    }

    /// <summary>Axis ratio b/a, in (0, 1].</summary>
    public double AxisRatio { get; }

    /// <summary>Position angle of the major axis, radians counter-clockwise from +x.</summary>
    public double PositionAngle { get; }

    /// <summary>Ellipticity modulus (1 - q) / (1 + q).</summary>
    public double Modulus => (1 - AxisRatio) / (1 + AxisRatio);

    /// <summary>First component e1 = |e| cos 2 beta.</summary>
    public double E1 => Modulus * Math.Cos(2 * PositionAngle);

    /// <summary>Second component e2 = |e| sin 2 beta.</summary>
    public double E2 => Modulus * Math.Sin(2 * PositionAngle);

    /// <summary>Creates a shape from (e1, e2) with |e| &lt; 1.</summary>
    public static Ellipticity FromComponents(double e1, double e2)
    {
        double e = Math.Sqrt(e1 * e1 + e2 * e2);
        if (!(e < 1))
            throw new BadInputException($"ellipticity |e| = {e}: allowed range is [0, 1)");
        double beta = e > 0 ? 0.5 * Math.Atan2(e2, e1) : 0;
        return new Ellipticity((1 - e) / (1 + e), beta);
    }
}
