using System.Globalization;
using System.Text.Json.Nodes;
using Galforge.Engine;
using Galforge.Engine.Kernels;

namespace Galforge.Models.Vae;

/// <summary>
/// Sub-resolution texture drawn on top of the decoder's output. The decoder returns the posterior
/// mean image, which averages away structure the latent does not carry (star-forming clumps, arm
/// segments at random places): its reconstructions of held-out galaxies have too little
/// small-scale power, most of all in the blue bands, and morphology that depends on the brightest
/// pixels (M20, Gini) comes out too smooth. The texture is a draw from that missing part,
/// modelled as a multiplicative log-normal field shared by all bands (clumps sit at the same place
/// in every band): x_b' = x_b · exp(s f − s²/2) on the galaxy's positive pixels, f a unit-variance
/// Gaussian random field with a Gaussian correlation kernel of <see cref="CorrelationLengthPixels"/>.
/// The log-amplitude s depends on the band (clumps are bluer than the galaxy) and on the pixel's
/// brightness relative to the band's brightest pixel, in the bins of <see cref="BrightnessEdges"/>:
/// a clump is a small part of a bright core and a large part of a faint outer disk. Each band's
/// pixel sum is then rescaled to its value before, so magnitudes and colours are those the decoder
/// gave. Everything is calibrated on training residuals (<c>Training/TextureCalibration</c>),
/// never on held-out galaxies.
/// </summary>
public sealed class DecoderTexture
{
    /// <summary>
    /// Lower edges of the brightness bins, as fractions of the band's brightest pixel: bin 0 is
    /// x ≥ 0.25 max, bin 1 is 0.05 max ≤ x &lt; 0.25 max, bin 2 the rest.
    /// </summary>
    public static readonly double[] BrightnessEdges = [0.25, 0.05];

    /// <summary>Number of brightness bins.</summary>
    public const int BrightnessBins = 3;

    private readonly double[][] _amplitudes;

    /// <param name="correlationLengthPixels">Standard deviation of the field's Gaussian correlation kernel, in output pixels (before the PSF); 0 for white.</param>
    /// <param name="amplitudes">Per band, the standard deviation s of the log-flux fluctuation in each brightness bin (0: no texture there).</param>
    public DecoderTexture(double correlationLengthPixels, IReadOnlyList<IReadOnlyList<double>> amplitudes)
    {
        if (!(correlationLengthPixels >= 0) || double.IsInfinity(correlationLengthPixels))
            throw new BadInputException($"decoder texture: correlation length {correlationLengthPixels} px, expected a finite value >= 0");
        foreach (var band in amplitudes)
        {
            if (band.Count != BrightnessBins) throw new BadInputException($"decoder texture: {band.Count} amplitudes for a band, expected {BrightnessBins} (one per brightness bin)");
            foreach (var s in band)
                if (!(s >= 0) || s > 3) throw new BadInputException($"decoder texture: amplitude {s}, expected 0 to 3 (log-flux standard deviation)");
        }
        CorrelationLengthPixels = correlationLengthPixels;
        _amplitudes = [.. amplitudes.Select(a => a.ToArray())];
    }

    /// <summary>A texture with one amplitude per band, the same in every brightness bin.</summary>
    public static DecoderTexture Uniform(double correlationLengthPixels, IReadOnlyList<double> amplitudes) =>
        new(correlationLengthPixels, [.. amplitudes.Select(a => (IReadOnlyList<double>)Enumerable.Repeat(a, BrightnessBins).ToArray())]);

    /// <summary>Correlation kernel standard deviation, pixels.</summary>
    public double CorrelationLengthPixels { get; }

    /// <summary>Log-flux standard deviation per band and brightness bin.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Amplitudes => _amplitudes;

    /// <summary>The brightness bin of a pixel of flux <paramref name="x"/> in a band whose brightest pixel is <paramref name="brightest"/>.</summary>
    public static int BrightnessBin(double x, double brightest) => x >= BrightnessEdges[0] * brightest ? 0 : x >= BrightnessEdges[1] * brightest ? 1 : 2;

    /// <summary>
    /// Applies a fresh texture draw to one galaxy (<paramref name="galaxy"/>: bands x size x size,
    /// row-major, any flux unit) in place. Negative and zero pixels are left as they are.
    /// </summary>
    public void Apply(Span<float> galaxy, int size, PhiloxGenerator rng)
    {
        var px = size * size;
        if (galaxy.Length != _amplitudes.Length * px)
            throw new ArgumentException($"galaxy has {galaxy.Length} pixels, expected {_amplitudes.Length} bands x {size} x {size}");
        var field = Field(size, CorrelationLengthPixels, rng);
        for (var band = 0; band < _amplitudes.Length; band++)
        {
            var amps = _amplitudes[band];
            if (amps.All(a => a == 0)) continue;
            var img = galaxy.Slice(band * px, px);
            double before = 0, after = 0, brightest = 0;
            for (var p = 0; p < px; p++) brightest = Math.Max(brightest, img[p]);
            for (var p = 0; p < px; p++)
            {
                if (!(img[p] > 0)) continue;
                before += img[p];
                var s = amps[BrightnessBin(img[p], brightest)];
                img[p] = (float)(img[p] * Math.Exp(s * field[p] - 0.5 * s * s));
                after += img[p];
            }
            if (!(after > 0)) continue;
            var factor = (float)(before / after);
            for (var p = 0; p < px; p++) if (img[p] > 0) img[p] *= factor;
        }
    }

    /// <summary>
    /// Applies a fresh draw to each of <paramref name="count"/> galaxies of <paramref name="images"/>
    /// (galaxies x bands x size x size) starting at <paramref name="firstGalaxy"/>, in parallel.
    /// Galaxy k's field comes from where a one-by-one loop over <see cref="Apply"/> would take it
    /// in <paramref name="rng"/>'s stream (each draw uses a fixed number of blocks), so the result
    /// is the same for any thread count; <paramref name="rng"/> ends after the last draw.
    /// </summary>
    public void ApplyAll(float[] images, int firstGalaxy, int count, int size, PhiloxGenerator rng)
    {
        var perGalaxy = _amplitudes.Length * size * size;
        var (key, start) = rng.State;
        var blocks = (ulong)((size * size) + 3) / 4; // FillNormal's use per field
        Parallelism.For(count, Parallelism.Threads, k =>
            Apply(images.AsSpan((firstGalaxy + k) * perGalaxy, perGalaxy), size, new PhiloxGenerator(new PhiloxState(key, start + ((ulong)k * blocks)))));
        rng.State = new PhiloxState(key, start + ((ulong)count * blocks));
    }

    /// <summary>
    /// A unit-variance Gaussian random field on a size x size periodic grid: white noise
    /// convolved with a normalised Gaussian kernel of standard deviation
    /// <paramref name="correlationLength"/> pixels (separable).
    /// </summary>
    public static float[] Field(int size, double correlationLength, PhiloxGenerator rng)
    {
        var px = size * size;
        var white = new float[px];
        rng.FillNormal(white);
        if (correlationLength == 0) return white;
        var radius = Math.Min(size / 2, (int)Math.Ceiling(3 * correlationLength));
        var kernel = new double[2 * radius + 1];
        double sumSq = 0;
        for (var i = -radius; i <= radius; i++) kernel[i + radius] = Math.Exp(-0.5 * i * i / (correlationLength * correlationLength));
        foreach (var k in kernel) sumSq += k * k;
        // The 2-D kernel is the outer product, so its squared norm is sumSq²: dividing by sumSq gives unit variance.
        var rows = new double[px];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                double a = 0;
                for (var i = -radius; i <= radius; i++) a += kernel[i + radius] * white[(y * size) + (((x + i) % size) + size) % size];
                rows[(y * size) + x] = a;
            }
        var field = new float[px];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                double a = 0;
                for (var i = -radius; i <= radius; i++) a += kernel[i + radius] * rows[((((y + i) % size) + size) % size * size) + x];
                field[(y * size) + x] = (float)(a / sumSq);
            }
        return field;
    }

    /// <summary>The run.json block.</summary>
    public JsonObject ToJson() => new()
    {
        ["model"] = "lognormal-multiplicative",
        ["correlation_length_pixels"] = CorrelationLengthPixels,
        ["brightness_edges"] = new JsonArray([.. BrightnessEdges.Select(e => (JsonNode)e)]),
        ["amplitudes"] = new JsonArray([.. _amplitudes.Select(a => (JsonNode)new JsonArray([.. a.Select(v => (JsonNode)v)]))]),
    };

    /// <summary>Reads a run.json block; null when the run has none (runs trained before the texture existed).</summary>
    public static DecoderTexture? FromJson(JsonNode? node, int bands, string source)
    {
        if (node is null) return null;
        try
        {
            var model = node["model"]?.GetValue<string>();
            if (model != "lognormal-multiplicative") throw new BadInputException($"{source}: texture model '{model}', expected 'lognormal-multiplicative'");
            var edges = (node["brightness_edges"] as JsonArray ?? throw new BadInputException($"{source}: texture has no 'brightness_edges'")).Select(v => v!.GetValue<double>()).ToArray();
            if (!edges.SequenceEqual(BrightnessEdges)) throw new BadInputException($"{source}: texture brightness_edges [{string.Join(", ", edges)}], expected [{string.Join(", ", BrightnessEdges)}] (another version)");
            var amps = (node["amplitudes"] as JsonArray ?? throw new BadInputException($"{source}: texture has no 'amplitudes'"))
                .Select(v => (IReadOnlyList<double>)(v as JsonArray ?? throw new BadInputException($"{source}: texture amplitudes must be one array per band")).Select(x => x!.GetValue<double>()).ToArray()).ToArray();
            if (amps.Length != bands) throw new BadInputException($"{source}: texture has {amps.Length} amplitude rows, expected one per band ({bands})");
            var length = node["correlation_length_pixels"]?.GetValue<double>() ?? throw new BadInputException($"{source}: texture has no 'correlation_length_pixels'");
            return new DecoderTexture(length, amps);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new BadInputException($"{source}: texture block is malformed: {e.Message}");
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"log-normal texture, correlation {CorrelationLengthPixels:G3} px, amplitudes per band (bright, middle, faint) {string.Join("; ", _amplitudes.Select(a => string.Join("/", a.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))))}");
}
