using Galforge.Engine;
using Galforge.Models.Flow;
using Galforge.Models.Generation;
using Galforge.Models.Vae;
using Xunit;

namespace Galforge.Models.Tests.Generation;

public sealed class LatentSupportTests
{
    private static readonly VaeConfig Tiny = new() { Latent = 4, Width = 4, MaxChannels = 8, Depth = 2, ResidualBlocks = 0, ApodizationPixels = 1 };

    private static VaeFlowGenerator Generator(LatentSupport? support) =>
        new(new ConvVae(Tiny, 2, 16, new PhiloxGenerator(1)), new ConditionalMaf(4, 1, new PhiloxGenerator(2), 2, 8),
            ["B0", "B1"], 0.1, [1.0, 1.0], ["c"], [0.0], [1.0], null, support);

    [Fact]
    public void RangeOfTheTrainingRowsWidenedByTheMargin()
    {
        float[] latents = [0, 10, 2, 7, -1, 20, -100, -100];
        var support = LatentSupport.Of(latents, 2, [0, 1, 2]);
        Assert.Equal([-1.0, 7.0], support.Min); // row 3 (-100, -100) is not a training row
        Assert.Equal([2.0, 20.0], support.Max);
        Assert.True(support.Contains([-1.29f, 20.0f])); // margin 0.1 x range 3 = 0.3
        Assert.False(support.Contains([-1.31f, 20.0f]));
        Assert.False(support.Contains([0, 21.4f])); // 20 + 0.1 x 13 = 21.3
        Assert.False(support.Contains([float.NaN, 10]));
        Assert.False(support.Contains([float.PositiveInfinity, 10]));
        var z = new float[] { 1e16f, float.NaN };
        support.Clamp(z);
        Assert.Equal(2.3f, z[0], 5);
        Assert.Equal(13.5f, z[1], 5);
        var back = LatentSupport.FromJson(support.ToJson(), 2, "run.json")!;
        Assert.Equal(support.Min, back.Min);
        Assert.Equal(support.Max, back.Max);
        Assert.Null(LatentSupport.FromJson(null, 2, "run.json"));
        var e = Assert.Throws<BadInputException>(() => LatentSupport.FromJson(support.ToJson(), 3, "run.json"));
        Assert.Contains("expected 3", e.Message);
    }

    [Fact]
    public void LatentsOutsideTheSupportAreRedrawnAndTheOthersKeptSeeded()
    {
        const int n = 300;
        var cond = Enumerable.Range(0, n).Select(i => i / (double)n).ToArray();
        var free = Generator(null).Generate(new GenerationRequest(n, cond, 7));
        Assert.Null(free.FlowRedraws);
        // A box that about half of the flow's draws leave: the central part of each dimension's spread.
        var min = new double[4];
        var max = new double[4];
        for (var k = 0; k < 4; k++)
        {
            var v = Enumerable.Range(0, n).Select(i => (double)free.Latents[i * 4 + k]).Order().ToArray();
            min[k] = v[(int)(0.1 * n)];
            max[k] = v[(int)(0.9 * n)];
        }
        var support = new LatentSupport(min, max);
        var gen = Generator(support);
        var a = gen.Generate(new GenerationRequest(n, cond, 7));
        var b = gen.Generate(new GenerationRequest(n, cond, 7));
        Assert.Equal(a.Latents, b.Latents);
        Assert.Equal(a.Images, b.Images);
        var redrawn = 0;
        for (var i = 0; i < n; i++)
        {
            var z = a.Latents.AsSpan(i * 4, 4);
            var r = a.FlowRedraws![i];
            Assert.InRange(r, 0, VaeFlowGenerator.MaxRedraws + 1);
            Assert.True(support.Contains(z), $"galaxy {i}: latent outside the support after {r} redraws");
            var inside = support.Contains(free.Latents.AsSpan(i * 4, 4));
            Assert.Equal(inside, r == 0);
            if (inside) Assert.True(z.SequenceEqual(free.Latents.AsSpan(i * 4, 4)));
            else redrawn++;
        }
        Assert.InRange(redrawn, n / 5, n - 1);
    }

    [Fact]
    public void ALatentThatNeverLandsInsideIsClampedAndCounted()
    {
        // Dimension 0 must be 1000: the flow never gets there.
        var support = new LatentSupport([1000, -50, -50, -50], [1000, 50, 50, 50]);
        var result = Generator(support).Generate(new GenerationRequest(3, [0.1, 0.5, 0.9], 3));
        Assert.All(result.FlowRedraws!, r => Assert.Equal(VaeFlowGenerator.MaxRedraws + 1, r));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1000f, result.Latents[i * 4]);
            Assert.True(support.Contains(result.Latents.AsSpan(i * 4, 4)));
        }
    }
}
