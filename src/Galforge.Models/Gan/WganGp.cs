using Galforge.Engine;

namespace Galforge.Models.Gan;

/// <summary>Critic-side loss terms of one WGAN-GP step.</summary>
/// <param name="Total">Loss the critic minimises.</param>
/// <param name="Wasserstein">Mean D(real) - mean D(fake): the critic's Wasserstein estimate.</param>
/// <param name="Penalty">Mean (‖∇D(x̂)‖ - 1)², before lambda.</param>
/// <param name="Auxiliary">AC-GAN loss on real and fake (0 when unconditional).</param>
public readonly record struct CriticLoss(Tensor Total, float Wasserstein, float Penalty, float Auxiliary);

/// <summary>
/// WGAN-GP losses (Gulrajani et al. 2017) with Karras' drift term and the AC-GAN auxiliary loss.
/// Critic: D(fake) - D(real) + lambda·(‖∇x̂ D(x̂)‖₂ - 1)² + drift·D(real)² (+ w·aux), with
/// x̂ = eps·real + (1-eps)·fake and eps ~ U[0,1) drawn per sample. Generator: -D(G(z)) (+ w·aux).
/// </summary>
public static class WganGp
{
    /// <summary>
    /// Mean gradient penalty over the batch: per sample (‖∇x̂ D(x̂)‖₂ - 1)² with
    /// x̂ = eps·real + (1-eps)·fake; eps is [N, 1, 1, 1]. The graph is kept (create_graph) so the
    /// penalty's gradient with respect to the critic's weights is exact.
    /// </summary>
    public static Tensor GradientPenalty(GanCritic critic, Tensor real, Tensor fake, Tensor eps, Tensor? condition, int stage, float alpha)
    {
        var mixed = eps.Mul(real).Add(eps.RSub(1f).Mul(fake)).Detach().RequiresGrad_();
        var score = critic.Evaluate(mixed, condition, stage, alpha).Score;
        var grad = Autograd.Grad(score.Sum(), mixed, createGraph: true);
        return grad.Flatten(1).Pow(2f).Sum(1).Sqrt().Sub(1f).Pow(2f).Mean();
    }

    /// <summary>Full critic loss for a batch; <paramref name="fake"/> must be detached from the generator.</summary>
    public static CriticLoss Critic(GanCritic critic, Tensor real, Tensor fake, Tensor eps, Tensor? condition, ConditionEncoding? encoding,
        int stage, float alpha, float lambda, float drift, float auxWeight)
    {
        var r = critic.Evaluate(real, condition, stage, alpha);
        var f = critic.Evaluate(fake, condition, stage, alpha);
        var gp = GradientPenalty(critic, real, fake, eps, condition, stage, alpha);
        var wdist = r.Score.Mean().Sub(f.Score.Mean());
        var total = wdist.Neg().Add(gp.Mul(lambda)).Add(r.Score.Pow(2f).Mean().Mul(drift));
        var aux = 0f;
        if (encoding is not null && condition is not null)
        {
            var a = Auxiliary(r.Auxiliary!, condition, encoding).Add(Auxiliary(f.Auxiliary!, condition, encoding));
            aux = a.Item();
            total = total.Add(a.Mul(auxWeight));
        }
        return new CriticLoss(total, wdist.Item(), gp.Item(), aux);
    }

    /// <summary>Generator loss -mean D(fake) (+ w·aux on fake); <paramref name="fake"/> carries the generator's graph.</summary>
    public static (Tensor Total, float Auxiliary) Generator(GanCritic critic, Tensor fake, Tensor? condition, ConditionEncoding? encoding,
        int stage, float alpha, float auxWeight)
    {
        var f = critic.Evaluate(fake, condition, stage, alpha);
        var total = f.Score.Mean().Neg();
        if (encoding is null || condition is null) return (total, 0f);
        var a = Auxiliary(f.Auxiliary!, condition, encoding);
        return (total.Add(a.Mul(auxWeight)), a.Item());
    }

    /// <summary>
    /// AC-GAN auxiliary loss: mean cross-entropy of class logits [N, K] against one-hot
    /// targets [N, K] for classes, or mean squared error of the predicted standardised parameters.
    /// </summary>
    public static Tensor Auxiliary(Tensor prediction, Tensor target, ConditionEncoding encoding) =>
        encoding.IsClass ? CrossEntropy(prediction, target) : prediction.Sub(target).Pow(2f).Mean();

    /// <summary>Mean cross-entropy -Σ t·log softmax(logits), with the row maximum subtracted for stability.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor oneHot)
    {
        var shifted = logits.Sub(logits.Detach().Max(1, keepDim: true));
        var logSumExp = shifted.Exp().Sum(1, keepDim: true).Log();
        return logSumExp.Sub(shifted).Mul(oneHot).Sum(1).Mean();
    }
}
