namespace Galforge.Astro.Measurement;

/// <summary>One galaxy measured in several bands, with colours between consecutive bands.</summary>
public sealed class MultiBandMeasurement
{
    internal MultiBandMeasurement(IReadOnlyList<GalaxyMeasurement> bands)
    {
        Bands = bands;
        var colours = new List<KeyValuePair<string, double>>();
        for (int b = 0; b + 1 < bands.Count; b++)
        {
            double m1 = bands[b].Magnitude, m2 = bands[b + 1].Magnitude;
            bool ok = m1 != Morphology.Invalid && m2 != Morphology.Invalid;
            colours.Add(new($"{bands[b].Band}-{bands[b + 1].Band}", ok ? m1 - m2 : Morphology.Invalid));
        }
        Colours = colours;
    }

    /// <summary>Per-band measurements, in band order.</summary>
    public IReadOnlyList<GalaxyMeasurement> Bands { get; }

    /// <summary>Colours mag(band i) - mag(band i+1), keyed "g-r"; -99 when a magnitude is invalid.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Colours { get; }
}
