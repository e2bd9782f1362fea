using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// Weight initialisers, in place, driven by a seeded <see cref="PhiloxGenerator"/> so that a seed
/// fixes every initial weight. Fan-in and fan-out follow PyTorch's
/// <c>_calculate_fan_in_and_fan_out</c>: for a weight of shape [d0, d1, k...], fan_in = d1 * prod(k)
/// and fan_out = d0 * prod(k) (for a transposed convolution, [Cin, Cout, kh, kw], that makes
/// fan_in = Cout * kh * kw, as PyTorch does).
/// </summary>
public static class Initializers
{
    /// <summary>(fan_in, fan_out) of a weight shape, as PyTorch computes them.</summary>
    public static (int FanIn, int FanOut) Fans(IReadOnlyList<int> shape)
    {
        if (shape.Count < 2)
            throw new ArgumentException($"fan in/out need a weight of rank >= 2, got rank {shape.Count}");
        var receptive = 1;
        for (var i = 2; i < shape.Count; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Uniform on [low, high).</summary>
    public static void Uniform(Tensor t, float low, float high, PhiloxGenerator rng) => rng.FillUniform(t.Data, low, high);

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public static void Normal(Tensor t, float mean, float std, PhiloxGenerator rng) => rng.FillNormal(t.Data, mean, std);

    /// <summary>All zeros.</summary>
    public static void Zeros(Tensor t) => t.Data.Clear();

    /// <summary>All equal to <paramref name="value"/>.</summary>
    public static void Constant(Tensor t, float value) => t.Data.Fill(value);

    /// <summary>
    /// Kaiming/He uniform: U(-b, b) with b = gain * sqrt(3 / fan_in), gain = sqrt(2 / (1 + a²))
    /// for leaky-ReLU slope <paramref name="a"/>. PyTorch's default weight initialisation of
    /// Linear and Conv layers is this with a = sqrt(5), which gives b = 1 / sqrt(fan_in).
    /// </summary>
    public static void KaimingUniform(Tensor t, PhiloxGenerator rng, double a = 0)
    {
        var bound = Math.Sqrt(2.0 / (1 + a * a)) * Math.Sqrt(3.0 / Fans(t.Shape).FanIn);
        Uniform(t, (float)-bound, (float)bound, rng);
    }

    /// <summary>Kaiming/He normal: N(0, gain² / fan_in), gain = sqrt(2 / (1 + a²)).</summary>
    public static void KaimingNormal(Tensor t, PhiloxGenerator rng, double a = 0)
    {
        var std = Math.Sqrt(2.0 / (1 + a * a)) / Math.Sqrt(Fans(t.Shape).FanIn);
        Normal(t, 0f, (float)std, rng);
    }

    /// <summary>Xavier/Glorot uniform: U(-b, b), b = gain * sqrt(6 / (fan_in + fan_out)).</summary>
    public static void XavierUniform(Tensor t, PhiloxGenerator rng, double gain = 1)
    {
        var (fi, fo) = Fans(t.Shape);
        var bound = gain * Math.Sqrt(6.0 / (fi + fo));
        Uniform(t, (float)-bound, (float)bound, rng);
    }

    /// <summary>Xavier/Glorot normal: N(0, gain² * 2 / (fan_in + fan_out)).</summary>
    public static void XavierNormal(Tensor t, PhiloxGenerator rng, double gain = 1)
    {
        var (fi, fo) = Fans(t.Shape);
        Normal(t, 0f, (float)(gain * Math.Sqrt(2.0 / (fi + fo))), rng);
    }

    /// <summary>
    /// PyTorch's default initialisation of a layer: weight Kaiming-uniform with a = sqrt(5)
    /// (bound 1/sqrt(fan_in)) and bias U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    /// </summary>
    public static void TorchDefault(Tensor weight, Tensor? bias, PhiloxGenerator rng)
    {
        KaimingUniform(weight, rng, Math.Sqrt(5));
        if (bias is null) return;
        var bound = (float)(1.0 / Math.Sqrt(Fans(weight.Shape).FanIn));
        Uniform(bias, -bound, bound, rng);
    }
}
