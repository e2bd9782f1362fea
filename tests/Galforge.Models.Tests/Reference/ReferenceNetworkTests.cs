using Galforge.Engine;
using Galforge.Models.Reference;
using Galforge.Nn;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Reference;

/// <summary>
/// The benchmark's reference networks are tools/bench/torch_ref.py's: same parameter names and
/// shapes, and with the same (formula) weights the same outputs, losses and gradients as PyTorch
/// (fixtures from tools/torch_nn/make_reference_fixtures.py, which executes torch_ref.py's definitions).
/// </summary>
public class ReferenceNetworkTests
{
    private const double Tol = 1e-4;

    private static SafeTensorsContent Fixture(string name) => SafeTensorsFile.Read(RepoPaths.TestData("torch_nn", name + ".safetensors"));

    /// <summary>Parameter k, element i: sin(0.7 i + k)/sqrt(fan_in) for weights, 0.1 sin(0.7 i + k) for biases.</summary>
    private static void Fill(Module m)
    {
        var k = 0;
        foreach (var (_, p) in m.NamedParameters())
        {
            var scale = p.Rank > 1 ? 1.0 / Math.Sqrt(Initializers.Fans(p.Shape).FanIn) : 0.1;
            var d = p.Data;
            for (var i = 0; i < d.Length; i++) d[i] = (float)(Math.Sin(0.7 * i + k) * scale);
            k++;
        }
    }

    private static Tensor Formula(double a, double b, params int[] shape)
    {
        var n = shape.Aggregate(1, (x, y) => x * y);
        var v = new float[n];
        for (var i = 0; i < n; i++) v[i] = (float)Math.Sin(a * i + b);
        return Tensor.FromArray(v, shape);
    }

    private static void Close(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var scale = Math.Max(expected.MaxAbs(), 1e-30f);
        double worst = 0;
        for (var i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected.Data[i] - actual.Data[i]));
        Assert.True(worst <= Tol * scale, $"{what}: max |diff| {worst:G4} > {Tol} x {scale:G4}");
    }

    private static void GradientNorms(SafeTensorsContent c, string prefix, Module m)
    {
        var count = 0;
        foreach (var (name, p) in m.NamedParameters())
        {
            var expected = c.Get(prefix + name).Data[0];
            var actual = Math.Sqrt(p.Grad!.ToArray().Sum(v => (double)v * v));
            Assert.True(Math.Abs(actual - expected) <= Tol * expected, $"{prefix}{name}: gradient norm {actual} vs PyTorch {expected}");
            count++;
        }
        Assert.Equal(c.Names.Count(n => n.StartsWith(prefix, StringComparison.Ordinal)), count);
    }

    [Fact]
    public void VaeMatchesTorchRefForwardLossAndGradients()
    {
        var c = Fixture("reference_vae");
        var vae = new ReferenceVae(new PhiloxGenerator(0));
        Assert.Equal(3_874_308, vae.ParameterCount()); // sum(p.numel()) of torch_ref.py's VAE
        Fill(vae);
        var x = Formula(0.01, 0.0, 2, 4, 64, 64);
        var eps = Formula(0.3, 0.5, 2, 32);
        var (y, mu, lv) = vae.Reconstruct(x, _ => eps);
        Close(c.Get("mu"), mu, "mu");
        Close(c.Get("logvar"), lv, "logvar");
        Close(c.Get("y"), y, "reconstruction");
        var loss = ReferenceVae.Loss(y, x, mu, lv);
        Close(c.Get("loss"), loss.Reshape(1), "loss");
        loss.Backward();
        GradientNorms(c, "gradnorm.", vae);
    }

    [Fact]
    public void WganGpMatchesTorchRefCriticAndGeneratorLosses()
    {
        var c = Fixture("reference_gan");
        var g = ReferenceGan.Generator(new PhiloxGenerator(0));
        var d = ReferenceGan.Critic(new PhiloxGenerator(0));
        Fill(g);
        Fill(d);
        var real = Formula(0.02, 0.3, 2, 3, 64, 64);
        var z = Formula(0.11, 0.2, 2, 256, 1, 1);
        var mix = Tensor.FromArray([0.3f, 0.8f], 2, 1, 1, 1);
        using (Autograd.NoGrad()) Close(c.Get("fake"), g.Forward(z), "generated images");
        var (lossD, gp) = ReferenceGan.CriticLoss(g, d, real, z, mix);
        Close(c.Get("gp"), gp.Reshape(1), "gradient penalty");
        Close(c.Get("loss_d"), lossD.Reshape(1), "critic loss");
        lossD.Backward();
        GradientNorms(c, "gradnorm_d.", d);
        d.ZeroGrad();
        var lossG = ReferenceGan.GeneratorLoss(g, d, z);
        Close(c.Get("loss_g"), lossG.Reshape(1), "generator loss");
        lossG.Backward();
        GradientNorms(c, "gradnorm_g.", g);
    }

    [Fact]
    public void BenchmarkRejectsUnknownWorkloads()
    {
        var e = Assert.Throws<BadInputException>(() => EngineBenchmark.Run("vae_train_128"));
        Assert.Contains("vae_train_64x64x4", e.Message);
    }
}
