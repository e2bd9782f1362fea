using Galforge.Engine;
using Galforge.Engine.Kernels;
using Xunit;

namespace Galforge.Nn.Tests;

/// <summary>Forward and backward of each layer against PyTorch 1.13 (tests/data/torch_nn), on every backend.</summary>
public class TorchModuleTests
{
    private const double Tol = 1e-4;

    public static TheoryData<string> Backends()
    {
        var d = new TheoryData<string>();
        foreach (var k in KernelProvider.Available) d.Add(k.Kind.ToString());
        return d;
    }

    private static void Check(string fixture, string backend, Func<PhiloxGenerator, Module> make)
    {
        IKernels kernels = KernelProvider.Available.First(k => k.Kind.ToString() == backend);
        using var scope = KernelProvider.Use(kernels);
        var c = Fixtures.Load(fixture);
        var module = make(new PhiloxGenerator(0));
        module.LoadStateTensors(c.Tensors, c.Path, "param.");
        var x = c.Get("x").Detach().Clone().RequiresGrad_();
        var y = module.Forward(x);
        Fixtures.AssertClose(c.Get("y"), y, Tol, $"{fixture} output");
        y.Mul(c.Get("gy")).Sum().Backward();
        Fixtures.AssertClose(c.Get("grad.x"), x.Grad!, Tol, $"{fixture} input gradient");
        foreach (var (name, p) in module.NamedParameters())
            Fixtures.AssertClose(c.Get("grad." + name), p.Grad!, Tol, $"{fixture} gradient of {name}");
    }

    [Theory, MemberData(nameof(Backends))]
    public void Linear(string backend) => Check("linear", backend, rng => new Linear(7, 5, rng));

    [Theory, MemberData(nameof(Backends))]
    public void Conv2dStride2Padding1OddSizes(string backend) =>
        Check("conv2d_s2_p1", backend, rng => new Conv2d(3, 4, 3, rng, stride: 2, padding: 1));

    [Theory, MemberData(nameof(Backends))]
    public void ConvTranspose2dWithOutputPadding(string backend) =>
        Check("conv_transpose2d_s2_p1_op1", backend, rng => new ConvTranspose2d(3, 2, 3, rng, stride: 2, padding: 1, outputPadding: 1));

    [Theory, MemberData(nameof(Backends))]
    public void LayerNorm(string backend) => Check("layer_norm", backend, _ => new LayerNorm([4, 5]));

    [Theory, MemberData(nameof(Backends))]
    public void EqualizedLinear(string backend) => Check("equalized_linear", backend, rng => new EqualizedLinear(6, 5, rng));

    [Theory, MemberData(nameof(Backends))]
    public void EqualizedConv2d(string backend) =>
        Check("equalized_conv2d", backend, rng => new EqualizedConv2d(3, 4, 3, rng, padding: 1));

    [Theory, MemberData(nameof(Backends))]
    public void EqualizedConvTranspose2d(string backend) =>
        Check("equalized_conv_transpose2d", backend, rng => new EqualizedConvTranspose2d(3, 2, 4, rng, stride: 2, padding: 1));
}
