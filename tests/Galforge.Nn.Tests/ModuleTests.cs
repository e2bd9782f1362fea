using Galforge.Engine;
using Xunit;

namespace Galforge.Nn.Tests;

public class ModuleTests
{
    private sealed class Net : Module
    {
        public Net(PhiloxGenerator rng)
        {
            Enc = RegisterModule("enc", new Sequential(new Conv2d(2, 3, 3, rng, padding: 1), new LeakyReLU(), new Conv2d(3, 4, 4, rng, stride: 2, padding: 1)));
            Head = RegisterModule("head", new Linear(4 * 2 * 2, 6, rng));
            Made = RegisterModule("made", new MaskedLinear(6, 2, Tensor.FromArray([1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1], 2, 6), rng));
        }

        public Sequential Enc { get; }
        public Linear Head { get; }
        public MaskedLinear Made { get; }

        public override Tensor Forward(Tensor input) => Made.Forward(Head.Forward(Enc.Forward(input).Flatten(1)));
    }

    [Fact]
    public void ParametersHaveHierarchicalNamesInRegistrationOrder()
    {
        var net = new Net(new PhiloxGenerator(1));
        var names = net.NamedParameters().Select(p => p.Key).ToArray();
        Assert.Equal(["enc.0.weight", "enc.0.bias", "enc.2.weight", "enc.2.bias", "head.weight", "head.bias", "made.weight", "made.bias"], names);
        Assert.Equal(["made.mask"], net.NamedBuffers().Select(p => p.Key));
        Assert.All(net.Parameters(), p => Assert.True(p.RequiresGrad));
        Assert.Equal(2 * 3 * 9 + 3 + 3 * 4 * 16 + 4 + 16 * 6 + 6 + 12 + 2, net.ParameterCount());
    }

    [Fact]
    public void TrainAndEvalReachEveryChild()
    {
        var net = new Net(new PhiloxGenerator(1));
        Assert.True(net.Enc[1].Training);
        net.Eval();
        Assert.False(net.Enc[1].Training);
        Assert.False(net.Made.Training);
        net.Train();
        Assert.True(net.Enc[2].Training);
    }

    [Fact]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        var a = new Net(new PhiloxGenerator(5)).Parameters();
        var b = new Net(new PhiloxGenerator(5)).Parameters();
        var c = new Net(new PhiloxGenerator(6)).Parameters();
        for (var i = 0; i < a.Count; i++) Assert.Equal(a[i].ToArray(), b[i].ToArray());
        Assert.NotEqual(a[0].ToArray(), c[0].ToArray());
    }

    [Fact]
    public void TorchDefaultInitialisationHasTheRightBounds()
    {
        // PyTorch: weight and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)); fan_in of a conv = in*k*k,
        // of a transposed conv [in, out, k, k] = out*k*k.
        var rng = new PhiloxGenerator(3);
        var conv = new Conv2d(16, 32, 3, rng);
        var bound = 1 / Math.Sqrt(16 * 9);
        Assert.InRange(conv.Weight.MaxAbs(), 0.95 * bound, bound);
        Assert.InRange(conv.Bias!.MaxAbs(), 0.5 * bound, bound);
        var deconv = new ConvTranspose2d(64, 8, 4, rng);
        var b2 = 1 / Math.Sqrt(8 * 16);
        Assert.InRange(deconv.Weight.MaxAbs(), 0.95 * b2, b2);
        // Kaiming uniform with a = 0: bound sqrt(6 / fan_in); the variance of U(-b, b) is b²/3 = 2/fan_in.
        var w = Tensor.Zeros(256, 512);
        Initializers.KaimingUniform(w, rng);
        var variance = w.ToArray().Select(v => (double)v * v).Average();
        Assert.InRange(variance, 0.97 * 2.0 / 512, 1.03 * 2.0 / 512);
        Initializers.XavierNormal(w, rng);
        variance = w.ToArray().Select(v => (double)v * v).Average();
        Assert.InRange(variance, 0.97 * 2.0 / (512 + 256), 1.03 * 2.0 / (512 + 256));
    }

    [Fact]
    public void EqualizedLayersDrawStandardNormalWeightsAndScaleAtRunTime()
    {
        var rng = new PhiloxGenerator(9);
        var eq = new EqualizedConv2d(32, 64, 3, rng, padding: 1);
        var w = eq.Weight.ToArray();
        var mean = w.Average();
        var std = Math.Sqrt(w.Select(v => (double)(v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(std, 0.97, 1.03);
        Assert.Equal(Math.Sqrt(2) / Math.Sqrt(32 * 9), eq.Scale, 6);
        Assert.All(eq.Bias!.ToArray(), v => Assert.Equal(0f, v));
        Assert.Equal(Math.Sqrt(2) / Math.Sqrt(256), new EqualizedConvTranspose2d(256, 8, 4, rng, fanIn: 256).Scale, 6);
        Assert.Equal(Math.Sqrt(2) / Math.Sqrt(10 * 4), new EqualizedConvTranspose2d(10, 8, 4, rng, stride: 2, padding: 1).Scale, 6);
    }

    [Fact]
    public void ShapesOfTheImageLayers()
    {
        var rng = new PhiloxGenerator(2);
        var x = Tensor.RandN(rng, 4, 3, 8, 6);
        Assert.Equal([4, 3, 16, 12], new Upsample().Forward(x).Shape);
        Assert.Equal([4, 3, 16, 12], new Upsample(UpsampleMode.Bilinear).Forward(x).Shape);
        Assert.Equal([4, 3, 4, 3], new AvgPool2d(2).Forward(x).Shape);
        Assert.Equal([4, 4, 8, 6], new MinibatchStdDev(2).Forward(x).Shape);
        Assert.Equal([4, 144], new Flatten().Forward(x).Shape);
        Assert.Equal([4, 6, 24], new Reshape(6, -1).Forward(x).Shape);
        Assert.Equal([4, 5, 15, 11], new ConvTranspose2d(3, 5, 3, rng, stride: 2, padding: 1).Forward(x).Shape);
        Assert.Equal([4, 5, 16, 12], new ConvTranspose2d(3, 5, 3, rng, stride: 2, padding: 1, outputPadding: 1).Forward(x).Shape);
        var pn = new PixelNorm().Forward(x);
        // every pixel's feature vector has mean square 1
        var ms = pn.Pow(2f).Mean(1);
        Assert.All(ms.ToArray(), v => Assert.Equal(1f, v, 4));
        Assert.All(new ReLU().Forward(x).ToArray(), v => Assert.True(v >= 0));
        Assert.All(new Sigmoid().Forward(x).ToArray(), v => Assert.InRange(v, 0f, 1f));
        Assert.All(new Tanh().Forward(x).ToArray(), v => Assert.InRange(v, -1f, 1f));
        Assert.All(new Softplus().Forward(x).ToArray(), v => Assert.True(v > 0));
        Assert.All(new ELU().Forward(x).ToArray(), v => Assert.True(v > -1));
    }

    [Fact]
    public void MaskedLinearIgnoresMaskedWeights()
    {
        var rng = new PhiloxGenerator(4);
        var mask = Tensor.FromArray([1, 0, 0, 1, 1, 0], 2, 3);
        var m = new MaskedLinear(3, 2, mask, rng);
        var x = Tensor.RandN(rng, 5, 3);
        var before = m.Forward(x).ToArray();
        m.Weight.Data[1] += 10; // masked entry (row 0, column 1)
        Assert.Equal(before, m.Forward(x).ToArray());
        m.Weight.Data[0] += 10; // unmasked entry
        Assert.NotEqual(before, m.Forward(x).ToArray());
    }

    [Fact]
    public void LoadStateTensorsNamesMissingAndMisShapedTensors()
    {
        var net = new Net(new PhiloxGenerator(1));
        var state = net.StateTensors().ToDictionary(p => p.Key, p => p.Value);
        state.Remove("head.bias");
        var e = Assert.Throws<BadInputException>(() => net.LoadStateTensors(state, "model.st"));
        Assert.Contains("'head.bias'", e.Message);
        Assert.Contains("model.st", e.Message);
        state["head.bias"] = Tensor.Zeros(5);
        e = Assert.Throws<BadInputException>(() => net.LoadStateTensors(state, "model.st"));
        Assert.Contains("[5]", e.Message);
        Assert.Contains("[6]", e.Message);
    }

    [Fact]
    public void DuplicateNamesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new Dup());
    }

    private sealed class Dup : Module
    {
        public Dup()
        {
            RegisterParameter("w", Tensor.Zeros(1));
            RegisterModule("w", new ReLU());
        }

        public override Tensor Forward(Tensor input) => input;
    }
}
