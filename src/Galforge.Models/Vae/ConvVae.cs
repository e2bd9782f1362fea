using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Vae;

/// <summary>
/// Convolutional VAE for B bands of S x S pixels. The encoder sees asinh-normalised images;
/// the decoder returns the galaxy before the PSF, in linear units of each band's asinh scale
/// (so that the likelihood can convolve it with each galaxy's own PSF), tapered to zero at
/// the stamp edge by a fixed cosine apodisation window against edge artefacts.
/// Encoder: conv3x3 B→w, then per level residual blocks and a conv4x4 stride 2 (channels
/// doubling up to the cap), a linear layer to (mu, log-variance). Decoder mirrors it with
/// transposed conv4x4 stride 2 and ends with conv3x3 → B.
/// </summary>
public sealed class ConvVae : Module
{
    private readonly Sequential _encoder, _decoder;
    private readonly Linear _head, _fc;
    private readonly int _bottleneckChannels, _bottleneckSize;

    /// <summary>Builds the network for <paramref name="bands"/> bands of <paramref name="imageSize"/> pixels, initialised from <paramref name="rng"/>.</summary>
    public ConvVae(VaeConfig config, int bands, int imageSize, PhiloxGenerator rng)
    {
        if (bands is < 1 or > 10) throw new BadInputException($"vae: {bands} bands, expected 1 to 10");
        Config = config.Validated("vae configuration", imageSize);
        BandCount = bands;
        ImageSize = imageSize;
        var channels = new int[config.Depth + 1];
        for (var l = 0; l <= config.Depth; l++) channels[l] = Math.Min(config.MaxChannels, config.Width << l);
        _bottleneckChannels = channels[^1];
        _bottleneckSize = imageSize >> config.Depth;

        _encoder = RegisterModule("enc", new Sequential(new Conv2d(bands, channels[0], 3, rng, 1, 1)));
        for (var l = 0; l < config.Depth; l++)
        {
            for (var r = 0; r < config.ResidualBlocks; r++) _encoder.Add(new ResidualBlock(channels[l], rng));
            _encoder.Add(new LeakyReLU(0.2f));
            _encoder.Add(new Conv2d(channels[l], channels[l + 1], 4, rng, 2, 1));
        }
        _encoder.Add(new LeakyReLU(0.2f));
        var flat = _bottleneckChannels * _bottleneckSize * _bottleneckSize;
        _head = RegisterModule("head", new Linear(flat, 2 * config.Latent, rng));
        _fc = RegisterModule("fc", new Linear(config.Latent, flat, rng));
        _decoder = RegisterModule("dec", new Sequential());
        for (var l = config.Depth; l > 0; l--)
        {
            _decoder.Add(new LeakyReLU(0.2f));
            _decoder.Add(new ConvTranspose2d(channels[l], channels[l - 1], 4, rng, 2, 1));
            for (var r = 0; r < config.ResidualBlocks; r++) _decoder.Add(new ResidualBlock(channels[l - 1], rng));
        }
        _decoder.Add(new LeakyReLU(0.2f));
        _decoder.Add(new Conv2d(channels[0], bands, 3, rng, 1, 1));
        Apodization = RegisterBuffer("apodization", Window(imageSize, config.ApodizationPixels));
    }

    /// <summary>The configuration.</summary>
    public VaeConfig Config { get; }

    /// <summary>Number of bands B.</summary>
    public int BandCount { get; }

    /// <summary>Stamp side S, pixels.</summary>
    public int ImageSize { get; }

    /// <summary>Latent dimension.</summary>
    public int Latent => Config.Latent;

    /// <summary>The [S, S] apodisation window (1 inside, cosine taper to 0 over the outer pixels).</summary>
    public Tensor Apodization { get; }

    /// <summary>Posterior mean and log-variance, each [N, latent], of normalised images [N, B, S, S].</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor normalizedImages)
    {
        var h = _head.Forward(_encoder.Forward(normalizedImages).Flatten(1));
        // Clamp the log-variance: an untrained encoder can otherwise overflow exp().
        return (h.Narrow(1, 0, Latent), h.Narrow(1, Latent, Latent).Clamp(-12f, 8f));
    }

    /// <summary>Unconvolved galaxies [N, B, S, S] in units of each band's asinh scale, from latents [N, latent].</summary>
    public Tensor Decode(Tensor z)
    {
        var h = _fc.Forward(z).Reshape(-1, _bottleneckChannels, _bottleneckSize, _bottleneckSize);
        return _decoder.Forward(h) * Apodization;
    }

    /// <summary>
    /// Decodes <paramref name="count"/> latents (row-major, count x latent) without gradients and
    /// writes the galaxies in the data's flux units, the decoder's output times each band's asinh
    /// scale, to <paramref name="destination"/> (count x bands x size x size).
    /// </summary>
    public void DecodeToFlux(ReadOnlySpan<float> latents, int count, IReadOnlyList<double> asinhScales, Span<float> destination)
    {
        int px = ImageSize * ImageSize, per = BandCount * px;
        if (latents.Length != count * Latent) throw new ArgumentException($"{latents.Length} latent values for {count} galaxies of {Latent}");
        if (destination.Length != count * per) throw new ArgumentException($"destination holds {destination.Length} pixels, expected {count} x {BandCount} x {ImageSize} x {ImageSize}");
        if (asinhScales.Count != BandCount) throw new ArgumentException($"{asinhScales.Count} asinh scales for {BandCount} bands");
        using var _ = Autograd.NoGrad();
        var x = Decode(Tensor.FromSpan(latents, count, Latent)).Data;
        for (var k = 0; k < count * per; k++) destination[k] = x[k] * (float)asinhScales[k / px % BandCount];
    }

    /// <summary>The decoded posterior mean of normalised images (no sampling).</summary>
    public override Tensor Forward(Tensor input) => Decode(Encode(input).Mu);

    /// <summary>A separable raised-cosine window: 1 in the interior, falling to 0 over <paramref name="taper"/> pixels at each edge.</summary>
    public static Tensor Window(int size, int taper)
    {
        var w1 = new float[size];
        for (var i = 0; i < size; i++)
        {
            var d = Math.Min(i, size - 1 - i); // distance to the edge in pixels
            w1[i] = taper == 0 || d >= taper ? 1f : (float)(0.5 - 0.5 * Math.Cos(Math.PI * (d + 0.5) / (taper + 0.5)));
        }
        var w = new float[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++) w[y * size + x] = w1[y] * w1[x];
        return Tensor.FromArray(w, size, size);
    }
}
