namespace Galforge.Astro.Measurement;

/// <summary>
/// Everything measured for one galaxy in one band: photometry, adaptive moments and
/// statmorph morphology. Invalid numbers are -99 (statmorph's convention) so that tables and
/// JSON stay numeric; <see cref="Flag"/> and <see cref="Warnings"/> say what went wrong.
/// </summary>
public sealed class GalaxyMeasurement
{
    internal GalaxyMeasurement(string band, Morphology morphology, AdaptiveMoments moments, double flux, double fluxError,
        double zeroPoint, IReadOnlyList<string> warnings)
    {
        Band = band;
        Morphology = morphology;
        Moments = moments;
        Flux = flux;
        FluxError = fluxError;
        Magnitude = flux > 0 ? zeroPoint - 2.5 * Math.Log10(flux) : Morphology.Invalid;
        Warnings = warnings;
    }

    /// <summary>Band name.</summary>
    public string Band { get; }

    /// <summary>statmorph morphology.</summary>
    public Morphology Morphology { get; }

    /// <summary>Adaptive (HSM) moments.</summary>
    public AdaptiveMoments Moments { get; }

    /// <summary>Petrosian flux (circular aperture of 2 Petrosian radii), image units; -99 when
    /// it could not be measured.</summary>
    public double Flux { get; }

    /// <summary>One-sigma flux error from the sky noise over the aperture plus Poisson noise
    /// (when a gain is known), image units.</summary>
    public double FluxError { get; }

    /// <summary>Signal-to-noise ratio Flux / FluxError.</summary>
    public double SignalToNoise => Flux > 0 && FluxError > 0 ? Flux / FluxError : Morphology.Invalid;

    /// <summary>AB-like magnitude with the zero point of the options; -99 for non-positive flux.</summary>
    public double Magnitude { get; }

    /// <summary>statmorph's flag (0 good, 1 suspect, 2 bad, 4 nothing measured).</summary>
    public int Flag => Morphology.Flag;

    /// <summary>1 when the adaptive moments did not converge, else 0.</summary>
    public int HsmFlag => Moments.Converged ? 0 : 1;

    /// <summary>Problems met, one line each (segmentation, morphology, moments).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Our keys that follow the statmorph ones in <see cref="Values"/>.</summary>
    public static readonly IReadOnlyList<string> OwnKeys =
        ["flux", "flux_err", "snr", "mag", "hsm_x", "hsm_y", "hsm_sigma", "hsm_e1", "hsm_e2", "hsm_g1", "hsm_g2", "hsm_rho4", "flag_hsm"];

    /// <summary>All numbers: statmorph keys (<see cref="Morphology.Keys"/>), then "flag", then
    /// <see cref="OwnKeys"/>.</summary>
    public IEnumerable<KeyValuePair<string, double>> Values
    {
        get
        {
            foreach (var kv in Morphology.Values) yield return kv;
            yield return new("flag", Flag);
            yield return new("flux", Flux);
            yield return new("flux_err", FluxError);
            yield return new("snr", SignalToNoise);
            yield return new("mag", Magnitude);
            var m = Moments;
            bool ok = m.Converged;
            yield return new("hsm_x", ok ? m.X : Morphology.Invalid);
            yield return new("hsm_y", ok ? m.Y : Morphology.Invalid);
            yield return new("hsm_sigma", ok ? m.Sigma : Morphology.Invalid);
            yield return new("hsm_e1", ok ? m.E1 : Morphology.Invalid);
            yield return new("hsm_e2", ok ? m.E2 : Morphology.Invalid);
            yield return new("hsm_g1", ok ? m.G1 : Morphology.Invalid);
            yield return new("hsm_g2", ok ? m.G2 : Morphology.Invalid);
            yield return new("hsm_rho4", ok ? m.Rho4 : Morphology.Invalid);
            yield return new("flag_hsm", HsmFlag);
        }
    }

    /// <summary>A value by key (statmorph or ours).</summary>
    public double this[string key]
    {
        get
        {
            foreach (var kv in Values) if (kv.Key == key) return kv.Value;
            throw new KeyNotFoundException($"no measurement key '{key}'");
        }
    }
}
