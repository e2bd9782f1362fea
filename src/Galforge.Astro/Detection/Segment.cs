namespace Galforge.Astro.Detection;

/// <summary>
/// One connected source in a segmentation map, with flux-weighted moments. Coordinates are in
/// pixels, pixel-centre convention (pixel (x, y) has its centre at (x, y)).
/// </summary>
public sealed class Segment
{
    /// <summary>Label in the segmentation map (1-based; 0 is sky).</summary>
    public int Label { get; init; }

    /// <summary>Number of pixels.</summary>
    public int PixelCount { get; set; }

    /// <summary>Sum of the measured image over the segment (image units).</summary>
    public double Flux { get; set; }

    /// <summary>Highest pixel value.</summary>
    public double Peak { get; set; }

    /// <summary>Flux-weighted centroid x (positive pixels only).</summary>
    public double X { get; set; }

    /// <summary>Flux-weighted centroid y.</summary>
    public double Y { get; set; }

    /// <summary>Second moments about the centroid, flux-weighted (pixels squared).</summary>
    public double Mxx { get; set; }

    /// <summary>Second moment yy.</summary>
    public double Myy { get; set; }

    /// <summary>Second moment xy.</summary>
    public double Mxy { get; set; }

    /// <summary>Bounding box, inclusive.</summary>
    public int XMin { get; set; }

    /// <summary>Bounding box, inclusive.</summary>
    public int XMax { get; set; }

    /// <summary>Bounding box, inclusive.</summary>
    public int YMin { get; set; }

    /// <summary>Bounding box, inclusive.</summary>
    public int YMax { get; set; }

    /// <summary>Semi-major axis from the second moments (pixels, RMS along the major axis).</summary>
    public double A => Math.Sqrt(Math.Max(0, (Mxx + Myy) / 2 + Math.Sqrt(Math.Pow((Mxx - Myy) / 2, 2) + Mxy * Mxy)));

    /// <summary>Semi-minor axis (pixels).</summary>
    public double B => Math.Sqrt(Math.Max(0, (Mxx + Myy) / 2 - Math.Sqrt(Math.Pow((Mxx - Myy) / 2, 2) + Mxy * Mxy)));

    /// <summary>Axis ratio b/a from the moments (1 for a round source).</summary>
    public double AxisRatio => A > 0 ? B / A : 1;

    /// <summary>Position angle of the major axis, degrees counter-clockwise from +x.</summary>
    public double PositionAngle => 0.5 * Math.Atan2(2 * Mxy, Mxx - Myy) * 180 / Math.PI;
}
