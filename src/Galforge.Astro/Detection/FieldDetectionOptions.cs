namespace Galforge.Astro.Detection;

/// <summary>Settings of <see cref="FieldDetector"/>.</summary>
public sealed class FieldDetectionOptions
{
    /// <summary>Detection threshold in sigma of the 3x3-smoothed, band-combined signal-to-noise image.</summary>
    public double Threshold { get; set; } = 3.0;

    /// <summary>Smallest source, pixels.</summary>
    public int MinPixels { get; set; } = 10;

    /// <summary>Background mesh box size, pixels.</summary>
    public int MeshSize { get; set; } = 64;

    /// <summary>Deblending levels between the threshold and a segment's peak.</summary>
    public int DeblendLevels { get; set; } = 32;

    /// <summary>A part must hold this fraction of its segment's flux to be a separate source.</summary>
    public double DeblendContrast { get; set; } = 0.005;

    /// <summary>Sources with a moment radius below this factor times the stellar radius (and bright enough) are stars.</summary>
    public double StarRadiusFactor { get; set; } = 1.15;

    /// <summary>Sources more elongated than this axis ratio are artefacts (trails, spikes).</summary>
    public double ArtefactAxisRatio { get; set; } = 0.12;
}
