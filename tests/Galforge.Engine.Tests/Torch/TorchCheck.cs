using Galforge.Engine.Kernels;
using Xunit;
using Xunit.Sdk;

namespace Galforge.Engine.Tests.Torch;

/// <summary>
/// tinygrad's helper_test_op pattern: runs one op on our engine with the fixture's inputs, on
/// every available backend, and compares the output, the gradients with respect to every
/// differentiable input (for the fixture's upstream gradient), and the double-backward
/// gradients, each to 1e-4 of the largest magnitude of the PyTorch tensor.
/// </summary>
public static class TorchCheck
{
    public const float RelativeTolerance = 1e-4f;

    public static void Op(string name, Func<Tensor[], Tensor> f)
    {
        Assert.True(FixtureFile.Ops.TryGetValue(name, out var c), $"no fixture case '{name}': rerun tools/torch/make_fixtures.py");
        foreach (var k in KernelProvider.Available)
            using (KernelProvider.Use(k))
                Run(name, c!, f, k.Kind.ToString());
    }

    private static void Run(string name, Dictionary<string, FixtureTensor> c, Func<Tensor[], Tensor> f, string backend)
    {
        var inputs = new List<Tensor>();
        var diff = new List<int>();
        for (var i = 0; c.ContainsKey($"in{i}"); i++)
        {
            var t = c[$"in{i}"].ToTensor();
            if (c.ContainsKey($"grad{i}")) { t.RequiresGrad_(); diff.Add(i); }
            inputs.Add(t);
        }
        var label = $"{name} [{backend}]";
        var y = f([.. inputs]);
        AssertClose(c["out"], y, label + " output");
        if (diff.Count == 0) return;
        var doubleBackward = c.ContainsKey($"gg{diff[0]}");
        var diffInputs = new Tensor[diff.Count];
        for (var j = 0; j < diff.Count; j++) diffInputs[j] = inputs[diff[j]];
        var grads = Autograd.Grad([y], diffInputs, [c["gout"].ToTensor()], createGraph: doubleBackward, allowUnused: true);
        for (var j = 0; j < diff.Count; j++)
            AssertClose(c[$"grad{diff[j]}"], grads[j], $"{label} gradient wrt input {diff[j]}");
        if (!doubleBackward) return;
        Tensor? s = null;
        for (var j = 0; j < diff.Count; j++)
        {
            var term = grads[j].Mul(c[$"gv{diff[j]}"].ToTensor()).Sum();
            s = s is null ? term : s.Add(term);
        }
        for (var j = 0; j < diff.Count; j++)
        {
            var gg = s!.RequiresGrad
                ? Autograd.Grad([s], [diffInputs[j]], retainGraph: true, allowUnused: true)[0]
                : Tensor.ZerosLike(diffInputs[j]);
            AssertClose(c[$"gg{diff[j]}"], gg, $"{label} double-backward gradient wrt input {diff[j]}");
        }
    }

    public static void AssertClose(FixtureTensor expected, Tensor actual, string label)
    {
        if (!actual.Shape.SequenceEqual(expected.Shape))
            throw new XunitException($"{label}: shape {TensorShapeException.Format(actual.Shape.ToArray())}, expected {TensorShapeException.Format(expected.Shape)}");
        var max = 0f;
        foreach (var v in expected.Data) max = MathF.Max(max, MathF.Abs(v));
        var tol = RelativeTolerance * max;
        var a = actual.Data;
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < a.Length; i++)
        {
            var d = MathF.Abs(a[i] - expected.Data[i]);
            if (!(d <= worst)) { worst = d; at = i; }
        }
        if (at >= 0 && !(worst <= tol))
            throw new XunitException($"{label}: element {at} is {a[at]}, PyTorch {expected.Data[at]} (difference {worst:g3} > tolerance {tol:g3} = 1e-4 x max |value| {max:g3})");
    }

    public static int[] Ints(Tensor t)
    {
        var r = new int[t.Length];
        for (var i = 0; i < r.Length; i++) r[i] = (int)t.Data[i];
        return r;
    }
}
