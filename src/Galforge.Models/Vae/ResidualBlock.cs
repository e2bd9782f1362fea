using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Vae;

/// <summary>Pre-activation residual block: x + conv3x3(lrelu(conv3x3(lrelu(x)))), channels unchanged.</summary>
public sealed class ResidualBlock : Module
{
    private readonly Conv2d _a, _b;

    /// <summary>A block over <paramref name="channels"/> channels.</summary>
    public ResidualBlock(int channels, PhiloxGenerator rng)
    {
        _a = RegisterModule("a", new Conv2d(channels, channels, 3, rng, 1, 1));
        _b = RegisterModule("b", new Conv2d(channels, channels, 3, rng, 1, 1));
    }

    /// <inheritdoc />
    public override Tensor Forward(Tensor input) =>
        input + _b.Forward(_a.Forward(input.LeakyRelu(0.2f)).LeakyRelu(0.2f));
}
