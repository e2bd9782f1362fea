namespace Galforge.Astro.Measurement;

/// <summary>Settings for <see cref="GalaxyMeasurer"/>.</summary>
public sealed record MeasurementOptions
{
    /// <summary>Electrons per image unit, for the Poisson part of the noise; null when the
    /// noise is the sky alone (e.g. generated images in arbitrary units).</summary>
    public double? Gain { get; init; }

    /// <summary>Magnitude zero point: mag = ZeroPoint - 2.5 log10(flux in image units).</summary>
    public double ZeroPoint { get; init; }

    /// <summary>Zero points per band for <see cref="GalaxyMeasurer.MeasureBands"/>, in band
    /// order; null to use <see cref="ZeroPoint"/> for every band.</summary>
    public IReadOnlyList<double>? BandZeroPoints { get; init; }

    /// <summary>Detection threshold (sky sigmas) used when no segmentation map is given.</summary>
    public double DetectionSigma { get; init; } = 2.0;
}
