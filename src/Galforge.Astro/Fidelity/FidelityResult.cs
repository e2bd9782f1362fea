using Galforge.Astro.Measurement;

namespace Galforge.Astro.Fidelity;

/// <summary>One statistic in one band: distances between the populations and the real-vs-real
/// baseline (the real set split in halves, averaged over <see cref="FidelityOptions.BaselineSplits"/>
/// seeded splits).</summary>
public sealed record StatisticComparison
{
    /// <summary>Measurement key (e.g. "gini") or colour ("g-r").</summary>
    public required string Statistic { get; init; }

    /// <summary>Band name ("" for colours).</summary>
    public required string Band { get; init; }

    /// <summary>Valid real values.</summary>
    public required double[] Real { get; init; }

    /// <summary>Valid generated values.</summary>
    public required double[] Generated { get; init; }

    /// <summary>1-Wasserstein distance real vs generated (units of the statistic).</summary>
    public double Wasserstein { get; init; }

    /// <summary>KS statistic real vs generated.</summary>
    public double KolmogorovSmirnov { get; init; }

    /// <summary>1-Wasserstein distance between two real halves, mean over the baseline splits.</summary>
    public double BaselineWasserstein { get; init; }

    /// <summary>16th percentile of the baseline Wasserstein distance over the splits (equal to the mean for one split).</summary>
    public double BaselineWassersteinLow { get; init; }

    /// <summary>84th percentile of the baseline Wasserstein distance over the splits.</summary>
    public double BaselineWassersteinHigh { get; init; }

    /// <summary>Number of half splits averaged into the baselines.</summary>
    public int BaselineSplits { get; init; } = 1;

    /// <summary>KS statistic between two real halves, mean over the baseline splits.</summary>
    public double BaselineKolmogorovSmirnov { get; init; }

    /// <summary>Wasserstein / baseline (1 means as close as real galaxies are to each other).</summary>
    public double WassersteinRatio => BaselineWasserstein > 0 ? Wasserstein / BaselineWasserstein : double.NaN;

    /// <summary>
    /// The ratio a single split would give at the 16th and 84th percentiles of the split-to-split
    /// spread (low ratio from the high baseline): how much one split could have moved it.
    /// </summary>
    public (double Low, double High) WassersteinRatioSplitRange =>
        (BaselineWassersteinHigh > 0 ? Wasserstein / BaselineWassersteinHigh : double.NaN, BaselineWassersteinLow > 0 ? Wasserstein / BaselineWassersteinLow : double.NaN);

    /// <summary>KS / baseline.</summary>
    public double KolmogorovSmirnovRatio => BaselineKolmogorovSmirnov > 0 ? KolmogorovSmirnov / BaselineKolmogorovSmirnov : double.NaN;
}

/// <summary>Frechet distance of the morphology feature vectors in one band.</summary>
/// <param name="Band">Band name.</param>
/// <param name="Distance">Real vs generated.</param>
/// <param name="Baseline">Real half vs real half.</param>
/// <param name="Features">Feature keys used.</param>
public sealed record FrechetComparison(string Band, double Distance, double Baseline, IReadOnlyList<string> Features)
{
    /// <summary>Distance / baseline.</summary>
    public double Ratio => Baseline > 0 ? Distance / Baseline : double.NaN;
}

/// <summary>Mean power spectra in one band: 2-D and azimuthally averaged.</summary>
/// <param name="Band">Band name.</param>
/// <param name="Frequency">Ring centres, cycles per pixel.</param>
/// <param name="Real">Mean normalised azimuthal power of the real stamps.</param>
/// <param name="Generated">Mean normalised azimuthal power of the generated stamps.</param>
/// <param name="LogDistance">Mean |log10(generated / real)| over the rings with power.</param>
/// <param name="BaselineLogDistance">The same between the real halves.</param>
/// <param name="Width">Columns of the 2-D spectra (the stamp width).</param>
/// <param name="Height">Rows of the 2-D spectra.</param>
/// <param name="Real2D">Mean 2-D power of the real stamps, zero frequency at (W/2, H/2), row-major.</param>
/// <param name="Generated2D">Mean 2-D power of the generated stamps.</param>
/// <param name="LogDistance2D">Mean |log10(generated / real)| over the 2-D frequencies.</param>
/// <param name="BaselineLogDistance2D">The same between the real halves.</param>
public sealed record PowerSpectrumComparison(string Band, double[] Frequency, double[] Real, double[] Generated, double LogDistance, double BaselineLogDistance,
    int Width, int Height, double[] Real2D, double[] Generated2D, double LogDistance2D, double BaselineLogDistance2D);

/// <summary>Requested vs measured parameter of a conditional generator.</summary>
/// <param name="Parameter">Requested column name.</param>
/// <param name="MeasuredKey">Measurement key it is compared with.</param>
/// <param name="Band">Band measured.</param>
/// <param name="Requested">Requested values (pairs with a valid measurement).</param>
/// <param name="Measured">Measured values.</param>
/// <param name="Bias">mean(measured - requested).</param>
/// <param name="Scatter">std(measured - requested).</param>
/// <param name="Pearson">Pearson correlation.</param>
public sealed record ConditionalComparison(string Parameter, string MeasuredKey, string Band, double[] Requested, double[] Measured,
    double Bias, double Scatter, double Pearson);

/// <summary>Everything <see cref="FidelityEvaluator"/> computes.</summary>
public sealed record FidelityResult
{
    /// <summary>Real set name, size and band names.</summary>
    public required GalaxySet Real { get; init; }

    /// <summary>Generated set.</summary>
    public required GalaxySet Generated { get; init; }

    /// <summary>Per-galaxy measurements of the real set.</summary>
    public required IReadOnlyList<MultiBandMeasurement> RealMeasurements { get; init; }

    /// <summary>Per-galaxy measurements of the generated set.</summary>
    public required IReadOnlyList<MultiBandMeasurement> GeneratedMeasurements { get; init; }

    /// <summary>Per statistic and band, then per colour.</summary>
    public required IReadOnlyList<StatisticComparison> Statistics { get; init; }

    /// <summary>Colour distributions (statistic = "g-r", band "").</summary>
    public required IReadOnlyList<StatisticComparison> Colours { get; init; }

    /// <summary>Frechet distances per band.</summary>
    public required IReadOnlyList<FrechetComparison> Frechet { get; init; }

    /// <summary>Power spectra per band.</summary>
    public required IReadOnlyList<PowerSpectrumComparison> PowerSpectra { get; init; }

    /// <summary>Conditional control (empty when the generated set has no matching columns).</summary>
    public required IReadOnlyList<ConditionalComparison> Conditional { get; init; }

    /// <summary>
    /// The same comparison for the real set's own parameters and measurements, when its galaxies
    /// carry the parameters (empty otherwise): the control a perfect generator would show.
    /// </summary>
    public IReadOnlyList<ConditionalComparison> RealConditional { get; init; } = [];

    /// <summary>Seed of the real-set split.</summary>
    public required int Seed { get; init; }

    /// <summary>Indices of the real galaxies in the first half of the baseline split.</summary>
    public required int[] BaselineHalfA { get; init; }
}
