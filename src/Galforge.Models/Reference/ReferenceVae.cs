using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Reference;

/// <summary>
/// The reference VAE of the engine benchmark (shared/bench/REFERENCE_MODELS.md, tools/bench/torch_ref.py):
/// 4 bands of 64x64 pixels, latent 32, plain layers with bias, LeakyReLU slope 0.2.
/// Encoder conv3x3 4→32, then conv4x4 stride 2 to 64, 128, 256, 256 channels (4x4), linear 4096→64
/// (mu, log-variance); decoder linear 32→4096, reshape 256x4x4, four transposed conv4x4 stride 2
/// to 256, 128, 64, 32 channels (64x64), conv3x3 32→4. About 0.49 GFLOP forward per image.
/// </summary>
public sealed class ReferenceVae : Module
{
    /// <summary>Number of bands.</summary>
    public const int Bands = 4;

    /// <summary>Latent dimension.</summary>
    public const int Latent = 32;

    /// <summary>Builds the networks, initialised as PyTorch's defaults from <paramref name="rng"/>.</summary>
    public ReferenceVae(PhiloxGenerator rng)
    {
        Encoder = RegisterModule("enc", new Sequential(
            new Conv2d(Bands, 32, 3, rng, 1, 1), new LeakyReLU(0.2f),
            new Conv2d(32, 64, 4, rng, 2, 1), new LeakyReLU(0.2f),
            new Conv2d(64, 128, 4, rng, 2, 1), new LeakyReLU(0.2f),
            new Conv2d(128, 256, 4, rng, 2, 1), new LeakyReLU(0.2f),
            new Conv2d(256, 256, 4, rng, 2, 1), new LeakyReLU(0.2f)));
        Head = RegisterModule("head", new Linear(256 * 16, 2 * Latent, rng));
        Fc = RegisterModule("fc", new Linear(Latent, 256 * 16, rng));
        Decoder = RegisterModule("dec", new Sequential(
            new ConvTranspose2d(256, 256, 4, rng, 2, 1), new LeakyReLU(0.2f),
            new ConvTranspose2d(256, 128, 4, rng, 2, 1), new LeakyReLU(0.2f),
            new ConvTranspose2d(128, 64, 4, rng, 2, 1), new LeakyReLU(0.2f),
            new ConvTranspose2d(64, 32, 4, rng, 2, 1), new LeakyReLU(0.2f),
            new Conv2d(32, Bands, 3, rng, 1, 1)));
    }

    /// <summary>Images [N, 4, 64, 64] to features [N, 256, 4, 4].</summary>
    public Sequential Encoder { get; }

    /// <summary>Flattened features to (mu, log-variance).</summary>
    public Linear Head { get; }

    /// <summary>Latent to decoder input.</summary>
    public Linear Fc { get; }

    /// <summary>[N, 256, 4, 4] to images [N, 4, 64, 64].</summary>
    public Sequential Decoder { get; }

    /// <summary>Posterior mean and log-variance, each [N, 32], of images [N, 4, 64, 64].</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor images)
    {
        var h = Head.Forward(Encoder.Forward(images).Flatten(1));
        return (h.Narrow(1, 0, Latent), h.Narrow(1, Latent, Latent));
    }

    /// <summary>Images [N, 4, 64, 64] from latents [N, 32].</summary>
    public Tensor Decode(Tensor z) => Decoder.Forward(Fc.Forward(z).LeakyRelu(0.2f).Reshape(-1, 256, 4, 4));

    /// <summary>The reconstruction of <paramref name="input"/> through a sampled latent (noise from a fixed-seed generator).</summary>
    public override Tensor Forward(Tensor input) => Reconstruct(input, new PhiloxGenerator(0)).Reconstruction;

    /// <summary>Encodes, samples z = mu + eps·exp(logvar/2) with eps from <paramref name="rng"/>, decodes.</summary>
    public (Tensor Reconstruction, Tensor Mu, Tensor LogVar) Reconstruct(Tensor images, PhiloxGenerator rng) =>
        Reconstruct(images, _ => Tensor.RandN(rng, images.Size(0), Latent));

    /// <summary>Encodes, samples z = mu + eps·exp(logvar/2) with eps [N, 32] from <paramref name="noise"/> (given the batch size), decodes.</summary>
    public (Tensor Reconstruction, Tensor Mu, Tensor LogVar) Reconstruct(Tensor images, Func<int, Tensor> noise)
    {
        var (mu, lv) = Encode(images);
        var eps = noise(mu.Size(0));
        var z = mu.Add(eps.Mul(lv.Mul(0.5f).Exp()));
        return (Decode(z), mu, lv);
    }

    /// <summary>
    /// The benchmark's loss: sum of squared error per image, mean over the batch, plus the KL
    /// divergence 0.5·Σ(mu² + exp(logvar) - 1 - logvar) per image, mean over the batch.
    /// </summary>
    public static Tensor Loss(Tensor reconstruction, Tensor images, Tensor mu, Tensor logVar)
    {
        var sse = reconstruction.Sub(images).Pow(2f).Sum([1, 2, 3]).Mean();
        var kl = mu.Pow(2f).Add(logVar.Exp()).Sub(1f).Sub(logVar).Sum(1).Mean().Mul(0.5f);
        return sse.Add(kl);
    }
}
