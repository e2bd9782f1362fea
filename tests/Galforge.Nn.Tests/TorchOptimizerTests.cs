using Galforge.Engine;
using Xunit;

namespace Galforge.Nn.Tests;

/// <summary>Optimizer trajectories, gradient clipping and EMA against PyTorch 1.13 over several steps.</summary>
public class TorchOptimizerTests
{
    // relative to the largest magnitude of each parameter tensor
    private const double Tol = 1e-5;

    private static (SmallNet Net, Tensor X, Tensor Target, SafeTensorsContent C, int Steps) Setup(string fixture)
    {
        var c = Fixtures.Load(fixture);
        var net = new SmallNet(new PhiloxGenerator(0));
        net.LoadStateTensors(c.Tensors, c.Path, "param.");
        return (net, c.Get("x"), c.Get("target"), c, int.Parse(c.Meta("steps"), System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void Run(string fixture, Func<SmallNet, SafeTensorsContent, Optimizer> make, double? clip = null, double? emaDecay = null)
    {
        var (net, x, target, c, steps) = Setup(fixture);
        var opt = make(net, c);
        var ema = emaDecay is { } d ? new ExponentialMovingAverage(net, d) : null;
        for (var s = 0; s < steps; s++)
        {
            opt.ZeroGrad();
            SmallNet.Loss(net.Forward(x), target).Backward();
            if (clip is { } maxNorm)
            {
                var total = GradientClipping.ClipByGlobalNorm(net.Parameters(), maxNorm);
                Assert.Equal(c.Get($"step{s}.total_norm").Data[0], total, 1e-5 * total);
                foreach (var (name, p) in net.NamedParameters())
                    Fixtures.AssertClose(c.Get($"step{s}.grad.{name}"), p.Grad!, Tol, $"{fixture} step {s} clipped gradient of {name}");
            }
            opt.Step();
            ema?.Update();
            foreach (var (name, p) in net.NamedParameters())
                Fixtures.AssertClose(c.Get($"step{s}.{name}"), p, Tol, $"{fixture} step {s} {name}");
            if (ema is not null)
                foreach (var (name, a) in ema.StateTensors())
                    Fixtures.AssertClose(c.Get($"step{s}.ema.{name}"), a, Tol, $"{fixture} step {s} average of {name}");
        }
        Assert.Equal(steps, opt.StepCount);
    }

    private static Adam MakeAdam(SmallNet net, SafeTensorsContent c) => new(net.NamedParameters(),
        Fixtures.MetaDouble(c, "lr"), Fixtures.MetaDouble(c, "beta1"), Fixtures.MetaDouble(c, "beta2"),
        Fixtures.MetaDouble(c, "eps"), Fixtures.MetaDouble(c, "weight_decay"));

    private static Sgd MakeSgd(SmallNet net, SafeTensorsContent c) => new(net.NamedParameters(),
        Fixtures.MetaDouble(c, "lr"), Fixtures.MetaDouble(c, "momentum"), 0, Fixtures.MetaDouble(c, "weight_decay"),
        c.Meta("nesterov") == "1");

    [Fact]
    public void AdamWithWeightDecayAndEma() => Run("adam", MakeAdam, emaDecay: 0.9);

    [Fact]
    public void AdamWithGanBetas() => Run("adam_gan", MakeAdam);

    [Fact]
    public void AdamAfterGradientClipping() => Run("adam_clipped", MakeAdam, clip: 0.1);

    [Fact]
    public void SgdWithMomentumAndWeightDecay() => Run("sgd_momentum", MakeSgd);

    [Fact]
    public void SgdWithNesterovMomentum() => Run("sgd_nesterov", MakeSgd);

    [Fact]
    public void ClippingLeavesSmallGradientsAlone()
    {
        var p = Tensor.Zeros(3).RequiresGrad_();
        p.Grad = Tensor.FromArray([0.3f, 0.4f, 0f]);
        Assert.Equal(0.5, GradientClipping.ClipByGlobalNorm([p], 1.0), 6);
        Assert.Equal([0.3f, 0.4f, 0f], p.Grad.ToArray());
        Assert.Equal(0.5, GradientClipping.ClipByGlobalNorm([p], 0.25), 6);
        Assert.Equal(0.25, Math.Sqrt(p.Grad.ToArray().Sum(v => (double)v * v)), 5);
    }
}
