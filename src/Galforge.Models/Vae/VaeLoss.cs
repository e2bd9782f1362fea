using Galforge.Engine;

namespace Galforge.Models.Vae;

/// <summary>The terms of the VAE objective for one batch.</summary>
/// <param name="Total">Loss to minimise: mean over the batch of (½ χ² + β · KL with free bits).</param>
/// <param name="ChiSquared">Noise-weighted χ² summed over valid pixels, mean per galaxy (no gradient).</param>
/// <param name="ChiSquaredPerPixel">χ² divided by the number of valid (unmasked) pixels.</param>
/// <param name="Kl">KL divergence to the unit Gaussian, nats, mean per galaxy (before free bits).</param>
public sealed record VaeLoss(Tensor Total, double ChiSquared, double ChiSquaredPerPixel, double Kl)
{
    /// <summary>
    /// Computes the loss of <paramref name="vae"/> on <paramref name="batch"/>. The latent is
    /// sampled with <paramref name="rng"/> (reparameterisation), or the posterior mean when null.
    /// The decoded galaxy is convolved with each galaxy's PSF per band before the residual is
    /// weighted by the inverse noise variance (per pixel, or per Fourier mode with the Fourier
    /// likelihood); pixels of weight zero (masked, missing band) contribute nothing.
    /// </summary>
    public static VaeLoss Compute(ConvVae vae, VaeBatch batch, PsfConvolution convolution, PhiloxGenerator? rng)
    {
        var (mu, logVar) = vae.Encode(batch.Inputs);
        var z = rng is null ? mu : mu + Tensor.RandN(rng, mu.Shape[0], mu.Shape[1]) * (logVar * 0.5f).Exp();
        var model = convolution.Apply(vae.Decode(z), batch.PsfSpectra);
        return Evaluate(model, batch, mu, logVar, vae.Config.Beta, vae.Config.FreeBits);
    }

    /// <summary>The loss given the PSF-convolved model images and the posterior.</summary>
    public static VaeLoss Evaluate(Tensor convolvedModel, VaeBatch batch, Tensor mu, Tensor logVar, double beta, double freeBits)
    {
        var n = convolvedModel.Shape[0];
        var r = convolvedModel - batch.Targets;
        Tensor chi2;
        if (batch.FourierWeights is { } fw)
        {
            // Masked pixels are zeroed; Parseval makes this the pixel χ² for white noise.
            var spectrum = Functional.Rfft2(r * batch.PixelMask!);
            chi2 = ((spectrum * spectrum).Sum(-1) * fw).Sum([1, 2, 3]).Mean();
        }
        else chi2 = (r * r * batch.Weights).Sum([1, 2, 3]).Mean();
        // KL per latent dimension, averaged over the batch; free bits floor each dimension.
        var klDim = ((mu * mu) + logVar.Exp() - 1f - logVar).Mul(0.5f).Mean(0);
        var kl = klDim.Sum();
        var klTerm = freeBits > 0 ? klDim.Clamp((float)freeBits, float.MaxValue).Sum() : kl;
        var total = chi2 * 0.5f + klTerm * (float)beta;
        var valid = 0L;
        foreach (var w in batch.Weights.Data) if (w > 0) valid++;
        var chi2v = chi2.Item();
        return new VaeLoss(total, chi2v, valid == 0 ? 0 : chi2v * n / valid, kl.Item());
    }
}
