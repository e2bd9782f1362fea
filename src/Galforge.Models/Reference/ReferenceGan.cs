using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Reference;

/// <summary>
/// The reference progressive-GAN networks of the engine benchmark at their final 64x64x3
/// resolution (shared/bench/REFERENCE_MODELS.md, tools/bench/torch_ref.py): plain layers with
/// bias, LeakyReLU 0.2, no equalized learning rate or pixel norm (they time the convolutions).
/// </summary>
public static class ReferenceGan
{
    /// <summary>Latent channels of the generator input [N, 256, 1, 1].</summary>
    public const int Latent = 256;

    private static Module[] Block(int ci, int co, PhiloxGenerator rng) => [new Conv2d(ci, co, 3, rng, 1, 1), new LeakyReLU(0.2f)];

    /// <summary>Generator: latent [N, 256, 1, 1] to images [N, 3, 64, 64].</summary>
    public static Sequential Generator(PhiloxGenerator rng) => new([
        new ConvTranspose2d(256, 256, 4, rng), new LeakyReLU(0.2f), .. Block(256, 256, rng),
        new Upsample(), .. Block(256, 128, rng), .. Block(128, 128, rng),
        new Upsample(), .. Block(128, 64, rng), .. Block(64, 64, rng),
        new Upsample(), .. Block(64, 32, rng), .. Block(32, 32, rng),
        new Upsample(), .. Block(32, 16, rng), .. Block(16, 16, rng), new Conv2d(16, 3, 1, rng)]);

    /// <summary>Critic: images [N, 3, 64, 64] to scores [N, 1].</summary>
    public static Sequential Critic(PhiloxGenerator rng) => new([
        new Conv2d(3, 16, 1, rng), new LeakyReLU(0.2f), .. Block(16, 16, rng), .. Block(16, 32, rng), new AvgPool2d(2),
        .. Block(32, 32, rng), .. Block(32, 64, rng), new AvgPool2d(2), .. Block(64, 64, rng), .. Block(64, 128, rng), new AvgPool2d(2),
        .. Block(128, 128, rng), .. Block(128, 256, rng), new AvgPool2d(2), .. Block(256, 256, rng),
        new Conv2d(256, 256, 4, rng), new LeakyReLU(0.2f), new Conv2d(256, 1, 1, rng), new Flatten()]);

    /// <summary>
    /// One WGAN-GP critic step (λ = 10, drift 1e-3) and one generator step, as torch_ref.py's
    /// gan_step: critic loss D(fake) - D(real) + 10·(‖∇D(x̂)‖ - 1)² + 0.001·D(real)² with x̂ a
    /// per-sample uniform mix of real and fake (double backward); generator loss -D(G(z)).
    /// </summary>
    public static void TrainStep(Module generator, Module critic, Optimizer optG, Optimizer optD, Tensor real, PhiloxGenerator rng)
    {
        var n = real.Size(0);
        var z = Tensor.RandN(rng, n, Latent, 1, 1);
        var eps = Tensor.Rand(rng, n, 1, 1, 1);
        var (lossD, _) = CriticLoss(generator, critic, real, z, eps);
        optD.ZeroGrad();
        lossD.Backward();
        optD.Step();
        var lossG = GeneratorLoss(generator, critic, z);
        optG.ZeroGrad();
        lossG.Backward();
        optG.Step();
    }

    /// <summary>
    /// The WGAN-GP critic loss for latents <paramref name="z"/> [N, 256, 1, 1] and mixing weights
    /// <paramref name="eps"/> [N, 1, 1, 1] in [0, 1), and its gradient-penalty term (before the factor 10).
    /// </summary>
    public static (Tensor Loss, Tensor GradientPenalty) CriticLoss(Module generator, Module critic, Tensor real, Tensor z, Tensor eps)
    {
        // torch_ref.py's G(z).detach(): the same values; not recording the graph that is thrown
        // away (PyTorch frees it at once by reference counting) lets its buffers be reused.
        Tensor fake;
        using (Autograd.NoGrad()) fake = generator.Forward(z);
        var xh = eps.Mul(real).Add(eps.RSub(1f).Mul(fake)).RequiresGrad_();
        var g = Autograd.Grad(critic.Forward(xh).Sum(), xh, createGraph: true);
        var gp = g.Flatten(1).Pow(2f).Sum(1).Sqrt().Sub(1f).Pow(2f).Mean();
        var dr = critic.Forward(real);
        var loss = critic.Forward(fake).Mean().Sub(dr.Mean()).Add(gp.Mul(10f)).Add(dr.Pow(2f).Mean().Mul(0.001f));
        return (loss, gp);
    }

    /// <summary>The generator loss -mean D(G(z)).</summary>
    public static Tensor GeneratorLoss(Module generator, Module critic, Tensor z) => critic.Forward(generator.Forward(z)).Mean().Neg();
}
