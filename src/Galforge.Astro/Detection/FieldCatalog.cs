namespace Galforge.Astro.Detection;

/// <summary>The result of detection on a field: per-band background and noise, the background-subtracted images, the segmentation and the sources.</summary>
public sealed class FieldCatalog
{
    /// <summary>Background and noise per band.</summary>
    public required Background[] Backgrounds { get; init; }

    /// <summary>Background-subtracted pixels per band.</summary>
    public required float[][] Subtracted { get; init; }

    /// <summary>Segmentation label per pixel (0 sky; source i has label i + 1).</summary>
    public required int[] Labels { get; init; }

    /// <summary>The sources.</summary>
    public required List<DetectedSource> Sources { get; init; }

    /// <summary>Moment radius of point sources in this field (pixels), from the bright compact sources; NaN when there were too few.</summary>
    public required double StellarRadius { get; init; }
}
