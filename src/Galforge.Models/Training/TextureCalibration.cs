using Galforge.Astro.Datasets;
using Galforge.Astro.Measurement;
using Galforge.Engine;
using Galforge.Models.Vae;

namespace Galforge.Models.Training;

/// <summary>
/// Calibrates a <see cref="DecoderTexture"/> on training galaxies: the residual between each
/// observed galaxy and its PSF-convolved reconstruction, minus the expected noise variance
/// (sky sigma² plus source counts / gain), is the power the decoder's mean image lacks. On the
/// footprint (pixels where the convolved reconstruction exceeds the sky sigma) the calibration
/// matches, per band and brightness bin, the excess variance of the high-passed residual (clump
/// scales, not a smooth misfit of size or shape) relative to the squared model flux, and picks the
/// correlation length whose PSF-convolved texture has the residual's correlation at lags of one
/// and two pixels. The texture is drawn at a small amplitude (linear regime) and scaled, so one
/// draw per candidate length suffices.
/// </summary>
public static class TextureCalibration
{
    /// <summary>
    /// Candidate correlation lengths, pixels (before the PSF): clump scales, well below the high-pass
    /// filter's <see cref="HighPassPixels"/> (at 1.5 px the filter takes most of the texture and the
    /// faint-bin amplitude of a known texture comes back 20 % high).
    /// </summary>
    public static readonly double[] CorrelationLengths = [0.5, 0.75, 1.0];

    /// <summary>Largest amplitude the calibration returns (log-flux standard deviation).</summary>
    public const double MaxAmplitude = 1.5;

    private const double ProbeAmplitude = 0.02;

    private const int RefinementSteps = 4;

    /// <summary>Residual statistics of one band on the footprint.</summary>
    /// <param name="ExcessOverModelSquared">Σ (r² − expected noise variance) / Σ model², over footprint pixels.</param>
    /// <param name="Lag1">Correlation of neighbouring residuals (both in the footprint), relative to the excess per pixel.</param>
    /// <param name="Lag2">The same at two pixels.</param>
    /// <param name="ExcessOverNoise">Σ (r² − expected noise variance) / Σ expected noise variance (0 without noise subtraction).</param>
    /// <param name="ExcessOverModelSquaredByBrightness">The first ratio in each of <see cref="DecoderTexture.BrightnessEdges"/>' bins of the pixel's brightness relative to the stamp's brightest.</param>
    public sealed record BandStatistics(double ExcessOverModelSquared, double Lag1, double Lag2, double ExcessOverNoise, double[] ExcessOverModelSquaredByBrightness);

    /// <summary>
    /// Calibrates the texture of <paramref name="vae"/> on <paramref name="galaxies"/> of
    /// <paramref name="data"/> (their encoder means decoded), seeded.
    /// </summary>
    public static DecoderTexture Calibrate(ConvVae vae, VaeData data, IReadOnlyList<int> galaxies, ulong seed)
    {
        var ds = data.Dataset;
        int n = galaxies.Count, b = ds.BandCount, size = ds.Height, px = size * size;
        var subset = ds.Subset(galaxies);
        var sub = new VaeData(subset, data.Scales);
        var latents = FlowTrainer.EncodeMeans(vae, sub);
        var means = new float[n * b * px];
        for (var s = 0; s < n; s += 64)
        {
            var m = Math.Min(64, n - s);
            vae.DecodeToFlux(latents.AsSpan(s * vae.Latent, m * vae.Latent), m, data.Scales, means.AsSpan(s * b * px, m * b * px));
        }
        return Fit(means, subset, sub.ConvolveWithPsfs, seed);
    }

    /// <summary>
    /// Fits the texture given the decoder's mean images (<paramref name="means"/>: N x B x S x S
    /// in the dataset's flux units, before the PSF) of the galaxies of <paramref name="observed"/>
    /// and the PSF convolution of such images.
    /// </summary>
    public static DecoderTexture Fit(float[] means, GalaxyDataset observed, Func<float[], float[]> convolve, ulong seed)
    {
        int n = observed.Count, b = observed.BandCount, size = observed.Height, px = size * size;
        if (means.Length != n * b * px) throw new ArgumentException($"means hold {means.Length} pixels, expected {n} x {b} x {size} x {size}");
        var model = convolve(means);
        var real = Statistics(model, observed.Images, observed, subtractNoise: true);
        BandStatistics[] Probe(DecoderTexture probe)
        {
            var textured = (float[])means.Clone();
            probe.ApplyAll(textured, 0, n, size, new PhiloxGenerator(seed));
            return Statistics(model, convolve(textured), observed, subtractNoise: false);
        }

        // The correlation length: the one whose texture, through the PSF, has the residual's lags.
        double bestScore = double.PositiveInfinity, bestLength = CorrelationLengths[0];
        foreach (var length in CorrelationLengths)
        {
            var stats = Probe(DecoderTexture.Uniform(length, Enumerable.Repeat(ProbeAmplitude, b).ToArray()));
            // A band's lags count by how much of its residual is excess: where noise dominates they are noise.
            double score = 0;
            for (var band = 0; band < b; band++)
            {
                var excess = Math.Max(0, real[band].ExcessOverNoise);
                score += excess / (1 + excess) * (Square(stats[band].Lag1 - real[band].Lag1) + Square(stats[band].Lag2 - real[band].Lag2));
            }
            if (score < bestScore) { bestScore = score; bestLength = length; }
        }

        // The amplitudes: the excess in brightness bin j is, in the small-amplitude regime, linear in
        // the squared amplitudes of every bin k (the PSF spreads a bin's texture into its neighbours):
        // excess_j = Σ_k response[j, k] s_k². One probe per bin measures the response; a
        // non-negative solve gives s².
        const int bins = DecoderTexture.BrightnessBins;
        var response = new double[b][,];
        for (var band = 0; band < b; band++) response[band] = new double[bins, bins];
        for (var k = 0; k < bins; k++)
        {
            var row = new double[bins];
            row[k] = ProbeAmplitude;
            var stats = Probe(new DecoderTexture(bestLength, [.. Enumerable.Repeat<IReadOnlyList<double>>(row, b)]));
            for (var band = 0; band < b; band++)
                for (var j = 0; j < bins; j++) response[band][j, k] = stats[band].ExcessOverModelSquaredByBrightness[j] / (ProbeAmplitude * ProbeAmplitude);
        }
        var amplitudes = new double[b][];
        for (var band = 0; band < b; band++)
            amplitudes[band] = NonNegativeSolve(response[band], real[band].ExcessOverModelSquaredByBrightness).Select(Math.Sqrt).ToArray();
        // The linear response ignores that neighbouring bins share one field, so their textures
        // add coherently through the PSF; a few fixed-point steps on the full texture (scaled into
        // the small-amplitude regime, the excess scaling with its square) take that in.
        for (var iteration = 0; iteration < RefinementSteps; iteration++)
        {
            var largest = amplitudes.SelectMany(a => a).DefaultIfEmpty(0).Max();
            if (!(largest > 0)) break;
            var scale = ProbeAmplitude / largest;
            var stats = Probe(new DecoderTexture(bestLength, [.. amplitudes.Select(a => (IReadOnlyList<double>)a.Select(v => v * scale).ToArray())]));
            for (var band = 0; band < b; band++)
                for (var j = 0; j < bins; j++)
                {
                    double want = real[band].ExcessOverModelSquaredByBrightness[j], got = stats[band].ExcessOverModelSquaredByBrightness[j] / (scale * scale);
                    if (!(want > 0)) amplitudes[band][j] = 0;
                    else if (got > 0 && amplitudes[band][j] > 0) amplitudes[band][j] *= Math.Sqrt(want / got);
                }
        }
        foreach (var a in amplitudes)
            for (var j = 0; j < bins; j++) a[j] = Math.Min(MaxAmplitude, a[j]);
        return new DecoderTexture(bestLength, amplitudes);
    }

    // Least squares A x = y with x >= 0 for a handful of unknowns: solve on the free set, pin the
    // most negative unknown to zero, repeat.
    private static double[] NonNegativeSolve(double[,] a, double[] y)
    {
        var m = y.Length;
        var free = Enumerable.Range(0, m).ToList();
        var x = new double[m];
        while (free.Count > 0)
        {
            var f = free.Count;
            var ata = new double[f, f];
            var aty = new double[f];
            for (var i = 0; i < f; i++)
            {
                for (var r = 0; r < m; r++) aty[i] += a[r, free[i]] * y[r];
                for (var j = 0; j < f; j++)
                    for (var r = 0; r < m; r++) ata[i, j] += a[r, free[i]] * a[r, free[j]];
            }
            var sol = SolveSmall(ata, aty);
            var worst = -1;
            for (var i = 0; i < f; i++) if (!(sol[i] >= 0) && (worst < 0 || sol[i] < sol[worst])) worst = i;
            if (worst < 0)
            {
                Array.Clear(x);
                for (var i = 0; i < f; i++) x[free[i]] = sol[i];
                return x;
            }
            free.RemoveAt(worst);
        }
        return x;
    }

    private static double[] SolveSmall(double[,] a, double[] y)
    {
        // Gaussian elimination with partial pivoting; a singular system gives NaN, which the caller pins.
        var n = y.Length;
        var m = (double[,])a.Clone();
        var v = (double[])y.Clone();
        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[pivot, c])) pivot = r;
            if (Math.Abs(m[pivot, c]) < 1e-300) return Enumerable.Repeat(double.NaN, n).ToArray();
            if (pivot != c)
            {
                for (var k = 0; k < n; k++) (m[c, k], m[pivot, k]) = (m[pivot, k], m[c, k]);
                (v[c], v[pivot]) = (v[pivot], v[c]);
            }
            for (var r = c + 1; r < n; r++)
            {
                var f = m[r, c] / m[c, c];
                for (var k = c; k < n; k++) m[r, k] -= f * m[c, k];
                v[r] -= f * v[c];
            }
        }
        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = v[r];
            for (var k = r + 1; k < n; k++) sum -= m[r, k] * x[k];
            x[r] = sum / m[r, r];
        }
        return x;
    }

    /// <summary>
    /// Per band, on the footprint where <paramref name="model"/> exceeds the sky sigma: the excess
    /// variance of the high-passed residual over the squared model flux, and the high-passed
    /// residual's lag-1 and lag-2 correlations. High-passed = minus its Gaussian blur of
    /// <see cref="HighPassPixels"/>: what the texture is for is structure on the scale of clumps;
    /// a misfit of the galaxy's size or shape is smooth and would otherwise be counted as texture.
    /// With <paramref name="subtractNoise"/> the expected noise variance of each pixel (sky sigma²
    /// plus model / gain, carried through the high-pass filter) is taken off; lags need
    /// nothing beyond the filter's own correlation, which the probe textures share.
    /// </summary>
    public static BandStatistics[] Statistics(float[] model, float[] observed, GalaxyDataset data, bool subtractNoise)
    {
        int n = data.Count, b = data.BandCount, size = data.Height, px = size * size;
        var kernel = HighPassKernel();
        var kernelSq = kernel.Select(k => k * k).ToArray();
        var centre = kernel[kernel.Length / 2] * kernel[kernel.Length / 2];
        var edge = kernel.Length / 2;
        var result = new BandStatistics[b];
        var residual = new double[px];
        var variance = new double[px];
        for (var band = 0; band < b; band++)
        {
            double excess = 0, modelSq = 0, noise = 0, pixels = 0;
            double[] binExcess = new double[DecoderTexture.BrightnessBins], binModelSq = new double[DecoderTexture.BrightnessBins];
            double[] lagSum = new double[3], lagCount = new double[3];
            for (var g = 0; g < n; g++)
            {
                if (data.IsBandMissing(g, band)) continue;
                var off = ((g * b) + band) * px;
                double sigma = data.NoiseSigma(g, band), gain = data.Bands[band].HasGain ? data.Bands[band].Gain : 0;
                var mask = data.Mask(g, band).ToArray();
                for (var p = 0; p < px; p++)
                {
                    residual[p] = observed[off + p] - model[off + p];
                    variance[p] = (sigma * sigma) + (gain > 0 ? Math.Max(model[off + p], 0) / gain : 0);
                }
                var r = HighPassed(residual, size, kernel);
                // Noise through x − K*x has variance V (1 − 2 K(0)) + (K² * V): the squared kernel
                // also gathers the larger variance of brighter neighbours.
                var gathered = Blurred(variance, size, kernelSq);
                // Pixels within the high-pass kernel's reach of the edge are left out: there the
                // filter depends on an edge rule the noise variance is not carried through.
                bool In(int p) => model[off + p] > sigma && mask[p] == 0 && p % size >= edge && p % size < size - edge && p / size >= edge && p / size < size - edge;
                double brightest = 0;
                for (var p = 0; p < px; p++) brightest = Math.Max(brightest, model[off + p]);
                for (var p = 0; p < px; p++)
                {
                    if (!In(p)) continue;
                    double m = model[off + p];
                    var bin = DecoderTexture.BrightnessBin(m, brightest);
                    var noiseVariance = subtractNoise ? (variance[p] * (1 - (2 * centre))) + gathered[p] : 0;
                    excess += (r[p] * r[p]) - noiseVariance;
                    noise += noiseVariance;
                    modelSq += m * m;
                    binExcess[bin] += (r[p] * r[p]) - noiseVariance;
                    binModelSq[bin] += m * m;
                    pixels++;
                    int x = p % size, y = p / size;
                    for (var lag = 1; lag <= 2; lag++)
                    {
                        if (x + lag < size && In(p + lag)) { lagSum[lag] += r[p] * r[p + lag]; lagCount[lag]++; }
                        if (y + lag < size && In(p + (lag * size))) { lagSum[lag] += r[p] * r[p + (lag * size)]; lagCount[lag]++; }
                    }
                }
            }
            var perPixel = pixels > 0 ? excess / pixels : 0;
            double Lag(int lag) => perPixel > 0 && lagCount[lag] > 0 ? lagSum[lag] / lagCount[lag] / perPixel : 0;
            result[band] = new BandStatistics(modelSq > 0 ? excess / modelSq : 0, Lag(1), Lag(2), noise > 0 ? excess / noise : 0,
                [.. Enumerable.Range(0, DecoderTexture.BrightnessBins).Select(k => binModelSq[k] > 0 ? binExcess[k] / binModelSq[k] : 0)]);
        }
        return result;
    }

    /// <summary>Standard deviation of the Gaussian blur the statistics subtract, pixels.</summary>
    public const double HighPassPixels = 2.0;

    // The normalised 1-D Gaussian of HighPassPixels.
    private static double[] HighPassKernel()
    {
        var radius = (int)Math.Ceiling(3 * HighPassPixels);
        var k = new double[(2 * radius) + 1];
        for (var i = -radius; i <= radius; i++) k[i + radius] = Math.Exp(-0.5 * i * i / (HighPassPixels * HighPassPixels));
        var sum = k.Sum();
        return [.. k.Select(v => v / sum)];
    }

    private static double[] HighPassed(double[] image, int size, double[] kernel)
    {
        var blurred = Blurred(image, size, kernel);
        for (var p = 0; p < image.Length; p++) blurred[p] = image[p] - blurred[p];
        return blurred;
    }

    // The statistics leave out pixels within the kernel's reach of the edge, so the edge rule does not matter.
    private static double[] Blurred(double[] image, int size, double[] kernel) => ImageFilters.Separable(image, size, size, kernel, kernel.Length / 2);

    private static double Square(double x) => x * x;
}
