using Galforge.Engine.Kernels;
using Xunit;

namespace Galforge.Engine.Tests;

public class PhiloxTests
{
    // Known-answer vectors of Random123 (kat_vectors, philox4x32 10 rounds).
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void BlockMatchesRandom123KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint r0, uint r1, uint r2, uint r3)
    {
        Assert.Equal((r0, r1, r2, r3), PhiloxGenerator.Block(c0, c1, c2, c3, k0, k1));
    }

    [Fact]
    public void SameSeedGivesSameNumbersWhateverTheThreadCount()
    {
        var saved = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var one = Tensor.RandN(new PhiloxGenerator(42), 100_003).ToArray();
            Parallelism.Threads = 4;
            var four = Tensor.RandN(new PhiloxGenerator(42), 100_003).ToArray();
            Assert.Equal(one, four);
        }
        finally
        {
            Parallelism.Threads = saved;
        }
    }

    [Fact]
    public void StateResumesTheStreamExactly()
    {
        var g = new PhiloxGenerator(7);
        g.FillUniform(new float[13]);
        var state = g.State;
        var next = Tensor.Rand(g, 50).ToArray();
        var resumed = Tensor.Rand(new PhiloxGenerator(state), 50).ToArray();
        Assert.Equal(next, resumed);
        Assert.Equal(new PhiloxState(7, 4), state);   // 13 values used 4 blocks of 4
    }

    [Fact]
    public void DistributionsHaveTheRightMoments()
    {
        var g = new PhiloxGenerator(1);
        var n = Tensor.RandN(g, 200_000);
        Assert.InRange(n.Mean().Item(), -0.01f, 0.01f);
        Assert.InRange(n.Var().Item(), 0.98f, 1.02f);
        var u = Tensor.Rand(g, 200_000);
        Assert.InRange(u.Mean().Item(), 0.495f, 0.505f);
        Assert.InRange(u.Var().Item(), 1 / 12f - 0.002f, 1 / 12f + 0.002f);
        foreach (var v in u.Data) Assert.InRange(v, 0f, 0.99999994f);
        var s = Tensor.Uniform(g, -2f, 3f, 1000);
        foreach (var v in s.Data) Assert.InRange(v, -2f, 3f);
    }

    [Fact]
    public void DifferentSeedsDiffer()
    {
        Assert.NotEqual(Tensor.Rand(new PhiloxGenerator(1), 8).ToArray(), Tensor.Rand(new PhiloxGenerator(2), 8).ToArray());
    }
}
