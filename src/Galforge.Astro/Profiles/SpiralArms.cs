namespace Galforge.Astro.Profiles;

/// <summary>
/// Logarithmic spiral-arm modulation of a disk: the arm light is
/// I_disk(rho) (1 + cos(m (phi - ln(rho) / tan(pitch) - phase)) w(rho)), with phi the azimuth in the
/// disk plane (before projection by the axis ratio) and w(rho) = 1 - exp(-(rho / 0.5)^2) fading the
/// arms out in the centre where the spiral winds up. The cosine averages to zero on every ellipse,
/// so the arm layer holds exactly <see cref="Fraction"/> of the disk flux, which the disk gives up.
/// </summary>
/// <param name="Fraction">Fraction of the disk light in the arm layer, in [0, 1].</param>
/// <param name="Arms">Number of arms m (1 to 6).</param>
/// <param name="PitchAngle">Pitch angle, radians, in (0, pi/2).</param>
/// <param name="Phase">Rotation of the pattern, radians.</param>
public sealed record SpiralArms(double Fraction, int Arms, double PitchAngle, double Phase)
{
    /// <summary>Throws <see cref="BadInputException"/> when a parameter is out of range.</summary>
    public void Validate()
    {
        if (!(Fraction >= 0 && Fraction <= 1)) throw new BadInputException($"spiral arm fraction {Fraction}: allowed range is [0, 1]");
        if (Arms < 1 || Arms > 6) throw new BadInputException($"spiral arm count {Arms}: allowed range is 1 to 6");
        if (!(PitchAngle > 0 && PitchAngle < Math.PI / 2)) throw new BadInputException($"spiral pitch angle {PitchAngle} rad: allowed range is (0, pi/2)");
    }

    /// <summary>Modulation factor (1 + w cos(...)) at disk-plane coordinates (u, v) in half-light radii.</summary>
    public double Modulation(double u, double v)
    {
        double rho2 = u * u + v * v;
        if (rho2 <= 1e-300) return 1;
        double phi = Math.Atan2(v, u);
        double w = 1 - Math.Exp(-4 * rho2);
        return 1 + w * Math.Cos(Arms * (phi - 0.5 * Math.Log(rho2) / Math.Tan(PitchAngle) - Phase));
    }
}
