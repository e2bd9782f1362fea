using Galforge.Engine.Kernels;
using Xunit;
using static Galforge.Engine.Functional;

namespace Galforge.Engine.Tests.Torch;

/// <summary>
/// WGAN-GP's gradient penalty on a small critic (conv, leaky ReLU, average pooling, linear)
/// against torch.autograd.grad(..., create_graph=True): the penalty, the loss and the critic's
/// parameter gradients, each to 1e-4 of the largest magnitude of the PyTorch tensor.
/// </summary>
public class CriticDoubleBackwardTests
{
    private static readonly string[] Names = ["c1w", "c1b", "c2w", "c2b", "lw", "lb"];

    private static Tensor Critic(Tensor x, Dictionary<string, Tensor> p)
    {
        var h = Conv2d(x, p["c1w"], p["c1b"], stride: 1, padding: 1).LeakyRelu(0.2f);
        h = AvgPool2d(h, 2);
        h = Conv2d(h, p["c2w"], p["c2b"], stride: 2, padding: 1).LeakyRelu(0.2f);
        h = AvgPool2d(h, 2);
        return Linear(h.Flatten(1), p["lw"], p["lb"]);
    }

    [Fact]
    public void GradientPenaltyAndParameterGradientsMatchPyTorch()
    {
        var f = FixtureFile.Critic;
        foreach (var k in KernelProvider.Available)
        {
            using var scope = KernelProvider.Use(k);
            var label = $"critic [{k.Kind}]";
            var p = new Dictionary<string, Tensor>();
            foreach (var n in Names) p[n] = f[n].ToTensor().RequiresGrad_();
            var real = f["real"].ToTensor();
            var fake = f["fake"].ToTensor();
            var eps = f["eps"].ToTensor();
            var xhat = (eps * real + (1f - eps) * fake).RequiresGrad_();
            var d = Critic(xhat, p);
            TorchCheck.AssertClose(f["d_xhat"], d, label + " D(xhat)");
            var g = Autograd.Grad(d.Sum(), xhat, createGraph: true);
            TorchCheck.AssertClose(f["grad_xhat"], g, label + " grad D wrt xhat");
            var norm = g.Flatten(1).Pow(2f).Sum(1).Sqrt();
            var gp = (norm - 1f).Pow(2f).Mean() * 10f;
            TorchCheck.AssertClose(f["gp"], gp, label + " gradient penalty");

            var ps = new Tensor[Names.Length];
            for (var i = 0; i < ps.Length; i++) ps[i] = p[Names[i]];
            var gpGrads = Autograd.Grad([gp], ps, retainGraph: true, allowUnused: true);
            for (var i = 0; i < ps.Length; i++)
                TorchCheck.AssertClose(f["gp_grad_" + Names[i]], gpGrads[i], $"{label} d(penalty)/d{Names[i]}");

            var loss = Critic(fake, p).Mean() - Critic(real, p).Mean() + gp;
            TorchCheck.AssertClose(f["loss"], loss, label + " loss");
            loss.Backward();
            for (var i = 0; i < ps.Length; i++)
                TorchCheck.AssertClose(f["loss_grad_" + Names[i]], ps[i].Grad!, $"{label} d(loss)/d{Names[i]}");
        }
    }
}
