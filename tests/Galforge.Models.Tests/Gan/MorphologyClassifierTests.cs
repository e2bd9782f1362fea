using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;
using Galforge.Astro.Profiles;
using Galforge.Models.Gan;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Gan;

/// <summary>The class-accuracy classifier: separates Sersic populations from their measurements; logistic regression reaches the Bayes rate.</summary>
public sealed class MorphologyClassifierTests
{
    private const double PixelScale = 0.06;

    [Fact]
    public void SeparatesExponentialFromDeVaucouleursGalaxiesByTheirMeasuredMorphology()
    {
        // Disks (n = 1) and bulges (n = 4) with the same spread of size, flux, shape and colour:
        // only the light profile tells them apart, which concentration/Gini/M20 must see.
        var rng = new Random(3);
        var (trainF, trainL) = Population(rng, 60);
        var (testF, testL) = Population(rng, 40);
        var fit = new List<double[]>();
        var fitLabels = new List<int>();
        for (var i = 0; i < trainF.Count; i++)
            if (trainF[i] is { } f) { fit.Add(f); fitLabels.Add(trainL[i]); }
        Assert.True(fit.Count >= 100, $"only {fit.Count} of 120 training galaxies measured");
        var classifier = MorphologyClassifier.Fit(fit, fitLabels, 2);
        Assert.Equal(MorphologyClassifier.Statistics.Length + 1, classifier.FeatureCount);   // two bands: one colour
        var score = classifier.Score(testF, testL);
        Assert.Equal(80, score.Total);
        Assert.True(score.Classified >= 70, $"only {score.Classified} of 80 test galaxies measured");
        Assert.True(score.Accuracy >= 0.9, $"accuracy {score.Accuracy:F3}");
        Assert.True(score.Recall[0] >= 0.85 && score.Recall[1] >= 0.85, $"recall {score.Recall[0]:F3}, {score.Recall[1]:F3}");
        // The same classifier against swapped labels must fail just as clearly.
        var swapped = testL.Select(l => 1 - l).ToArray();
        Assert.True(classifier.Score(testF, swapped).Accuracy <= 0.1);
    }

    [Fact]
    public void LogisticRegressionReachesTheBayesRateOfTwoOverlappingGaussians()
    {
        // x ~ N(-1, 1) for class 0 and N(+1, 1) for class 1 plus a pure-noise feature: the best
        // possible accuracy is Phi(1) = 0.8413; 4,000 test points give +-0.006 (1 sigma).
        var rng = new Random(5);
        (List<double[]> F, List<int> L) Draw(int n)
        {
            var f = new List<double[]>();
            var l = new List<int>();
            for (var i = 0; i < n; i++)
            {
                var c = i % 2;
                f.Add([(c == 0 ? -1 : 1) + Normal(rng), 10 * Normal(rng) + 3]);
                l.Add(c);
            }
            return (f, l);
        }
        var (trainF, trainL) = Draw(4000);
        var (testF, testL) = Draw(4000);
        var score = MorphologyClassifier.Fit(trainF, trainL, 2).Score(testF.Cast<double[]?>().ToList(), testL);
        Assert.Equal(0.8413, score.Accuracy, 0.02);
        Assert.Equal(4000, score.Classified);
        // Three well-separated clusters: every point in its class; a missing feature vector is not classified.
        var f3 = new List<double[]?>();
        var l3 = new List<int>();
        for (var i = 0; i < 300; i++) { var c = i % 3; f3.Add([4 * c + 0.3 * Normal(rng), -4 * c + 0.3 * Normal(rng)]); l3.Add(c); }
        var three = MorphologyClassifier.Fit(f3.Select(x => x!).ToList(), l3, 3);
        f3.Add(null); l3.Add(0);
        var s3 = three.Score(f3, l3);
        Assert.Equal(1.0, s3.Accuracy);
        Assert.Equal(300, s3.Classified);
        Assert.Equal(301, s3.Total);
    }

    private static (List<double[]?> Features, List<int> Labels) Population(Random rng, int perClass)
    {
        var features = new List<double[]?>();
        var labels = new List<int>();
        for (var i = 0; i < 2 * perClass; i++)
        {
            var cls = i % 2;
            var profile = new SersicProfile(cls == 0 ? 1.0 : 4.0, 0.25 + 0.25 * rng.NextDouble(), new Ellipticity(0.5 + 0.5 * rng.NextDouble(), Math.PI * rng.NextDouble()));
            var flux = 3000 * (1 + rng.NextDouble());
            var colour = 0.5 + 0.5 * rng.NextDouble();
            var bands = new[] { Render(profile, flux * colour, rng), Render(profile, flux, rng) };
            var m = GalaxyMeasurer.MeasureBands(bands, ["a", "b"], options: new MeasurementOptions { BandZeroPoints = [25.0, 25.0] });
            features.Add(MorphologyClassifier.Features(m, 1));
            labels.Add(cls);
        }
        return (features, labels);
    }

    // The profile at pixel centres (no PSF), total flux `flux`, plus unit Gaussian sky noise.
    private static Image Render(SersicProfile p, double flux, Random rng)
    {
        const int size = 48;
        var re = p.HalfLightRadius / PixelScale;
        var q = p.Shape.AxisRatio;
        double c = Math.Cos(p.Shape.PositionAngle), s = Math.Sin(p.Shape.PositionAngle);
        var amplitude = flux / (p.UnitAmplitudeFlux * re * re * q);
        var pixels = new float[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                double dx = x - size / 2 + 0.5, dy = y - size / 2 + 0.5;
                double u = dx * c + dy * s, v = (-dx * s + dy * c) / q;
                pixels[y * size + x] = (float)(amplitude * p.Radial((u * u + v * v) / (re * re)) + Normal(rng));
            }
        return new Image(size, size, pixels, PixelScale);
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
