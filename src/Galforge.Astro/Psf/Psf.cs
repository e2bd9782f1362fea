namespace Galforge.Astro.Psf;

/// <summary>
/// A point-spread function: the image of a point source, normalised to unit total flux. Positions
/// are in arcsec from the PSF centre; values are flux per arcsec^2. The simulator samples it at
/// pixel centres (the galaxy is already integrated over pixels, so the PSF must not be again).
/// </summary>
public abstract class Psf
{
    /// <summary>Surface density at (x, y) arcsec from the centre, per arcsec^2.</summary>
    public abstract double Evaluate(double x, double y);

    /// <summary>Full width at half maximum, arcsec (for reports and sizing).</summary>
    public abstract double Fwhm { get; }

    /// <summary>Radius (arcsec) that holds <paramref name="fraction"/> of the flux; sets the kernel and padding size.</summary>
    public abstract double EnclosingRadius(double fraction);

    /// <summary>A spec string that recreates this PSF, e.g. <c>moffat:fwhm=0.12,beta=3</c>.</summary>
    public abstract string Spec { get; }

    /// <inheritdoc />
    public override string ToString() => Spec;
}
