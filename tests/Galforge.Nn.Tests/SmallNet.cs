using Galforge.Engine;

namespace Galforge.Nn.Tests;

/// <summary>The small model of the optimizer fixtures: fc2(tanh(fc1(x))), 5 -> 4 -> 3.</summary>
internal sealed class SmallNet : Module
{
    public SmallNet(PhiloxGenerator rng)
    {
        Fc1 = RegisterModule("fc1", new Linear(5, 4, rng));
        Fc2 = RegisterModule("fc2", new Linear(4, 3, rng));
    }

    public Linear Fc1 { get; }
    public Linear Fc2 { get; }

    public override Tensor Forward(Tensor input) => Fc2.Forward(Fc1.Forward(input).Tanh());

    public static Tensor Loss(Tensor y, Tensor target) => y.Sub(target).Pow(2f).Mean();
}
