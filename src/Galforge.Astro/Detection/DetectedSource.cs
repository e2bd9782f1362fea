namespace Galforge.Astro.Detection;

/// <summary>A source found in a multi-band field, with its shape on the detection image and its flux per band.</summary>
public sealed class DetectedSource
{
    /// <summary>Running number in the catalogue (0-based).</summary>
    public required int Id { get; init; }

    /// <summary>Centroid x in the field, pixels (pixel-centre convention).</summary>
    public required double X { get; init; }

    /// <summary>Centroid y in the field, pixels.</summary>
    public required double Y { get; init; }

    /// <summary>Pixels in the (deblended) segment.</summary>
    public required int PixelCount { get; init; }

    /// <summary>Moment radius sqrt((Mxx + Myy) / 2) on the detection image, pixels.</summary>
    public required double Radius { get; init; }

    /// <summary>Axis ratio b/a from the moments.</summary>
    public required double AxisRatio { get; init; }

    /// <summary>Position angle, degrees counter-clockwise from +x.</summary>
    public required double PositionAngle { get; init; }

    /// <summary>Peak of the detection (signal-to-noise) image.</summary>
    public required double PeakSnr { get; init; }

    /// <summary>Background-subtracted flux in each band summed over the segment (image units).</summary>
    public required double[] Flux { get; init; }

    /// <summary>Flags.</summary>
    public SourceFlags Flags { get; set; }
}
