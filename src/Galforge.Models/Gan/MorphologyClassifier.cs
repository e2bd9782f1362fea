using Galforge.Astro.Fidelity;
using Galforge.Astro.Measurement;

namespace Galforge.Models.Gan;

/// <summary>
/// An independent classifier of a galaxy's class (e.g. disk- vs bulge-dominated) from its
/// measured statistics: multinomial logistic regression on standardised non-parametric
/// morphology (concentration, Gini, M20, asymmetry, log half-light radius) in a reference band
/// and the colour of the first band minus the reference band. It is fitted on real training
/// galaxies and then judges generated ones: the fraction of generated galaxies it puts in the
/// class they were conditioned on is the class-conditional GAN's class accuracy, to be read next
/// to its accuracy on real held-out galaxies (the ceiling the measurements allow).
/// </summary>
public sealed class MorphologyClassifier
{
    /// <summary>Measurement keys used in the reference band (rhalf_circ enters as its logarithm, pixels).</summary>
    public static readonly string[] Statistics = ["concentration", "gini", "m20", "asymmetry", "rhalf_circ"];

    private readonly double[] _means;
    private readonly double[] _stds;
    private readonly double[] _weights;   // [classes, features + 1], bias last

    private MorphologyClassifier(int classes, double[] means, double[] stds, double[] weights)
    {
        ClassCount = classes;
        _means = means;
        _stds = stds;
        _weights = weights;
    }

    /// <summary>Number of classes.</summary>
    public int ClassCount { get; }

    /// <summary>Number of features: the statistics, plus one colour when there is more than one band.</summary>
    public int FeatureCount => _means.Length;

    /// <summary>
    /// The feature vector of one measured galaxy: <see cref="Statistics"/> in band
    /// <paramref name="referenceBand"/> and, with two or more bands, mag(band 0) - mag(reference)
    /// (or mag(reference) - mag(band 1) when the reference is band 0); null when the reference band
    /// is flagged bad or any value is missing.
    /// </summary>
    public static double[]? Features(MultiBandMeasurement measurement, int referenceBand)
    {
        var bands = measurement.Bands;
        var m = bands[referenceBand];
        if (m.Flag >= 2) return null;
        var f = new double[Statistics.Length + (bands.Count > 1 ? 1 : 0)];
        for (var k = 0; k < Statistics.Length; k++)
        {
            var v = FidelityEvaluator.Value(m, Statistics[k]);
            if (v == Morphology.Invalid || !double.IsFinite(v)) return null;
            if (Statistics[k] == "rhalf_circ")
            {
                if (!(v > 0)) return null;
                v = Math.Log(v);
            }
            f[k] = v;
        }
        if (bands.Count > 1)
        {
            var other = referenceBand == 0 ? 1 : 0;
            double a = FidelityEvaluator.Value(bands[other], "mag"), r = m["mag"];
            if (bands[other].Flag >= 2 || a == Morphology.Invalid || r == Morphology.Invalid || !double.IsFinite(a) || !double.IsFinite(r)) return null;
            f[^1] = referenceBand == 0 ? r - a : a - r;
        }
        return f;
    }

    /// <summary>
    /// Fits the classifier: features standardised with the training means and standard
    /// deviations, softmax cross-entropy with a small L2 penalty (1e-3) minimised by full-batch
    /// gradient descent (deterministic; no random draws).
    /// </summary>
    /// <param name="features">One feature vector per training galaxy (all the same length).</param>
    /// <param name="labels">Class index per galaxy, 0 .. <paramref name="classes"/> - 1.</param>
    /// <param name="classes">Number of classes (at least 2).</param>
    public static MorphologyClassifier Fit(IReadOnlyList<double[]> features, IReadOnlyList<int> labels, int classes)
    {
        if (classes < 2) throw new ArgumentException($"{classes} classes: need at least 2", nameof(classes));
        if (features.Count != labels.Count) throw new ArgumentException($"{features.Count} feature vectors for {labels.Count} labels", nameof(labels));
        if (features.Count < 2) throw new ArgumentException("need at least 2 training galaxies", nameof(features));
        int n = features.Count, d = features[0].Length, w = d + 1;
        var means = new double[d];
        var stds = new double[d];
        for (var i = 0; i < n; i++)
        {
            if (features[i].Length != d) throw new ArgumentException($"feature vector {i} has {features[i].Length} values, expected {d}", nameof(features));
            if (labels[i] < 0 || labels[i] >= classes) throw new ArgumentException($"label {labels[i]} of galaxy {i} is outside 0..{classes - 1}", nameof(labels));
            for (var j = 0; j < d; j++) means[j] += features[i][j];
        }
        for (var j = 0; j < d; j++) means[j] /= n;
        for (var i = 0; i < n; i++)
            for (var j = 0; j < d; j++) stds[j] += (features[i][j] - means[j]) * (features[i][j] - means[j]);
        for (var j = 0; j < d; j++)
        {
            stds[j] = Math.Sqrt(stds[j] / n);
            if (!(stds[j] > 0)) stds[j] = 1;   // a constant feature carries no information; keep it harmless
        }
        var x = new double[n * w];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++) x[i * w + j] = (features[i][j] - means[j]) / stds[j];
            x[i * w + d] = 1;
        }
        // Standardised features make the loss well conditioned: plain gradient descent with a
        // fixed step converges in a few hundred iterations for this handful of features.
        const double l2 = 1e-3, step = 0.5;
        var weights = new double[classes * w];
        var grad = new double[classes * w];
        var p = new double[classes];
        for (var iter = 0; iter < 2000; iter++)
        {
            Array.Clear(grad);
            for (var i = 0; i < n; i++)
            {
                Softmax(weights, x.AsSpan(i * w, w), classes, p);
                for (var c = 0; c < classes; c++)
                {
                    var r = p[c] - (labels[i] == c ? 1 : 0);
                    for (var j = 0; j < w; j++) grad[c * w + j] += r * x[i * w + j];
                }
            }
            var norm = 0.0;
            for (var k = 0; k < grad.Length; k++)
            {
                var g = grad[k] / n + (k % w == d ? 0 : l2 * weights[k]);
                weights[k] -= step * g;
                norm += g * g;
            }
            if (norm < 1e-14) break;
        }
        return new MorphologyClassifier(classes, means, stds, weights);
    }

    /// <summary>The most probable class of one feature vector.</summary>
    public int Predict(ReadOnlySpan<double> features)
    {
        if (features.Length != FeatureCount) throw new ArgumentException($"{features.Length} features, expected {FeatureCount}", nameof(features));
        var w = FeatureCount + 1;
        Span<double> x = stackalloc double[w];
        for (var j = 0; j < FeatureCount; j++) x[j] = (features[j] - _means[j]) / _stds[j];
        x[FeatureCount] = 1;
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < ClassCount; c++)
        {
            var s = 0.0;
            for (var j = 0; j < w; j++) s += _weights[c * w + j] * x[j];
            if (s > bestScore) { bestScore = s; best = c; }
        }
        return best;
    }

    /// <summary>
    /// Scores galaxies against the classes they should have: the fraction of classifiable
    /// galaxies (non-null features) predicted correctly, per-class recall, and how many were
    /// classifiable.
    /// </summary>
    public ClassAccuracy Score(IReadOnlyList<double[]?> features, IReadOnlyList<int> labels)
    {
        if (features.Count != labels.Count) throw new ArgumentException($"{features.Count} feature vectors for {labels.Count} labels", nameof(labels));
        var hits = new int[ClassCount];
        var totals = new int[ClassCount];
        var classified = 0;
        for (var i = 0; i < features.Count; i++)
        {
            if (features[i] is not { } f) continue;
            classified++;
            totals[labels[i]]++;
            if (Predict(f) == labels[i]) hits[labels[i]]++;
        }
        var recall = new double[ClassCount];
        var correct = 0;
        for (var c = 0; c < ClassCount; c++)
        {
            recall[c] = totals[c] == 0 ? double.NaN : (double)hits[c] / totals[c];
            correct += hits[c];
        }
        return new ClassAccuracy(classified == 0 ? double.NaN : (double)correct / classified, recall, classified, features.Count);
    }

    private static void Softmax(double[] weights, ReadOnlySpan<double> x, int classes, double[] p)
    {
        var w = x.Length;
        var max = double.NegativeInfinity;
        for (var c = 0; c < classes; c++)
        {
            var s = 0.0;
            for (var j = 0; j < w; j++) s += weights[c * w + j] * x[j];
            p[c] = s;
            if (s > max) max = s;
        }
        var sum = 0.0;
        for (var c = 0; c < classes; c++) sum += p[c] = Math.Exp(p[c] - max);
        for (var c = 0; c < classes; c++) p[c] /= sum;
    }
}
