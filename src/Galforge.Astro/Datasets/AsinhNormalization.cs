namespace Galforge.Astro.Datasets;

/// <summary>
/// Invertible per-band arcsinh stretch used for training: y = asinh(x / Scale[b]), x = Scale[b] * sinh(y).
/// Linear (y ~ x / Scale) within about one Scale of zero, logarithmic for bright pixels, so the
/// noise and the galaxy core share a range a network can learn. A natural Scale is a few times
/// the band's noise sigma. Stored in the dataset sidecar so generated images can be mapped back.
/// </summary>
public sealed class AsinhNormalization
{
    /// <summary>Creates the stretch from one positive scale per band (image units).</summary>
    public AsinhNormalization(IReadOnlyList<double> scales)
    {
        foreach (var s in scales)
            if (!(s > 0) || !double.IsFinite(s)) throw new ArgumentException($"arcsinh scales must be positive and finite, got {s}", nameof(scales));
        Scales = scales.ToArray();
    }

    /// <summary>Scale per band, in image units (same order as the dataset's bands).</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <summary>Maps pixels of band <paramref name="band"/> to the stretched range, in place.</summary>
    public void Forward(Span<float> pixels, int band)
    {
        var inv = 1.0 / Scales[band];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (float)Math.Asinh(pixels[i] * inv);
    }

    /// <summary>Undoes <see cref="Forward"/> in place.</summary>
    public void Inverse(Span<float> values, int band)
    {
        var s = Scales[band];
        for (var i = 0; i < values.Length; i++) values[i] = (float)(s * Math.Sinh(values[i]));
    }

    /// <summary>
    /// Scales of <paramref name="factor"/> times the median noise sigma of each band (bands with no
    /// finite sigma get 1).
    /// </summary>
    public static AsinhNormalization FromNoise(GalaxyDataset dataset, double factor = 3.0)
    {
        var scales = new double[dataset.BandCount];
        for (var b = 0; b < scales.Length; b++)
        {
            var sig = new List<double>();
            for (var g = 0; g < dataset.Count; g++)
            {
                var s = dataset.NoiseSigma(g, b);
                if (s > 0 && float.IsFinite(s)) sig.Add(s);
            }
            sig.Sort();
            scales[b] = sig.Count == 0 ? 1.0 : factor * sig[sig.Count / 2];
        }
        return new AsinhNormalization(scales);
    }
}
