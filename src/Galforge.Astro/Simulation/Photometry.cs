namespace Galforge.Astro.Simulation;

/// <summary>Magnitudes and counts: F = 10^(-0.4 (m - zp)).</summary>
public static class Photometry
{
    /// <summary>Counts of a source of magnitude <paramref name="magnitude"/> with zero point <paramref name="zeroPoint"/>.</summary>
    public static double FluxFromMagnitude(double magnitude, double zeroPoint) => Math.Pow(10, -0.4 * (magnitude - zeroPoint));

    /// <summary>Magnitude of <paramref name="flux"/> counts (&gt; 0) with zero point <paramref name="zeroPoint"/>.</summary>
    public static double MagnitudeFromFlux(double flux, double zeroPoint) => zeroPoint - 2.5 * Math.Log10(flux);
}
