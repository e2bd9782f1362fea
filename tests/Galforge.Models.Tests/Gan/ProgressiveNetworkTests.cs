using Galforge.Engine;
using Galforge.Models.Gan;
using Xunit;

namespace Galforge.Models.Tests.Gan;

/// <summary>Shapes at every stage and the smooth fade-in of generator, critic and real images.</summary>
public sealed class ProgressiveNetworkTests
{
    private static readonly ProgressiveGanConfig Config = new() { LatentSize = 12, Channels = [16, 12, 8, 4] };

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3, 0)]
    [InlineData(3, 2)]
    [InlineData(2, 5)]
    public void ShapesAtEveryStage(int bands, int conditionSize)
    {
        var rng = new PhiloxGenerator(3);
        var g = new GanGenerator(Config, bands, conditionSize, rng);
        var d = new GanCritic(Config, bands, conditionSize, rng);
        var z = Tensor.RandN(rng, 4, Config.LatentSize);
        var c = conditionSize == 0 ? null : Tensor.RandN(rng, 4, conditionSize);
        for (var s = 0; s < Config.StageCount; s++)
            foreach (var alpha in new[] { 0.5f, 1f })
            {
                var x = g.Generate(z, c, s, alpha);
                Assert.Equal([4, bands, 4 << s, 4 << s], x.Shape);
                var o = d.Evaluate(x, c, s, alpha);
                Assert.Equal([4, 1], o.Score.Shape);
                if (conditionSize == 0) Assert.Null(o.Auxiliary);
                else Assert.Equal([4, conditionSize], o.Auxiliary!.Shape);
            }
        if (conditionSize == 0) Assert.Equal([4, bands, 32, 32], g.Forward(z).Shape);
    }

    [Fact]
    public void WrongShapesAreOneLineErrors()
    {
        var rng = new PhiloxGenerator(3);
        var g = new GanGenerator(Config, 2, 0, rng);
        var d = new GanCritic(Config, 2, 3, rng);
        var e1 = Assert.ThrowsAny<BadInputException>(() => g.Generate(Tensor.Zeros(2, 5), null, 0, 1f));
        Assert.Contains("[2, 5]", e1.Message);
        var e2 = Assert.ThrowsAny<BadInputException>(() => d.Evaluate(Tensor.Zeros(2, 3, 8, 8), Tensor.Zeros(2, 3), 1, 1f));
        Assert.Contains("[N, 2, 8, 8]", e2.Message);
        Assert.ThrowsAny<BadInputException>(() => d.Evaluate(Tensor.Zeros(2, 2, 8, 8), null, 1, 1f));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void GeneratorFadeInStartsAtTheOldResolutionUpsampledAndIsLinearInAlpha(int stage)
    {
        var rng = new PhiloxGenerator(5);
        var g = new GanGenerator(Config, 3, 0, rng);
        var z = Tensor.RandN(rng, 4, Config.LatentSize);
        using var _ = Autograd.NoGrad();
        var old = Functional.UpsampleNearest2x(g.Generate(z, null, stage - 1, 1f));
        var at0 = g.Generate(z, null, stage, 0f);
        var at1 = g.Generate(z, null, stage, 1f);
        Assert.True(GanTestData.RelativeError(at0.Data, old.Data) < 1e-6);
        Assert.True(GanTestData.RelativeError(at1.Data, old.Data) > 1e-2, "the new stage differs from the old one");
        var mid = g.Generate(z, null, stage, 0.3f);
        var blend = old.Mul(0.7f).Add(at1.Mul(0.3f));
        Assert.True(GanTestData.RelativeError(mid.Data, blend.Data) < 1e-5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CriticFadeInStartsAtTheOldResolution(int stage)
    {
        var rng = new PhiloxGenerator(6);
        var d = new GanCritic(Config, 2, 0, rng);
        var x = Tensor.RandN(rng, 8, 2, 4 << stage, 4 << stage);
        using var _ = Autograd.NoGrad();
        var old = d.Evaluate(Functional.AvgPool2d(x, 2), null, stage - 1, 1f).Score;
        var at0 = d.Evaluate(x, null, stage, 0f).Score;
        var at1 = d.Evaluate(x, null, stage, 1f).Score;
        Assert.True(GanTestData.RelativeError(at0.Data, old.Data) < 1e-5);
        Assert.True(GanTestData.RelativeError(at1.Data, old.Data) > 1e-3);
    }

    [Fact]
    public void RealImagesAreCrossFadedLikeTheGenerator()
    {
        var rng = new PhiloxGenerator(7);
        var full = Tensor.RandN(rng, 2, 3, 32, 32);
        using var _ = Autograd.NoGrad();
        var s1 = GanTrainingData.ToStage(full, 1, 1f);
        Assert.Equal([2, 3, 8, 8], s1.Shape);
        Assert.Equal(Functional.AvgPool2d(Functional.AvgPool2d(full, 2), 2).ToArray(), s1.ToArray());
        var s2at0 = GanTrainingData.ToStage(full, 2, 0f);
        Assert.True(GanTestData.RelativeError(s2at0.Data, Functional.UpsampleNearest2x(s1).Data) < 1e-6);
        var s2 = GanTrainingData.ToStage(full, 2, 1f);
        var mid = GanTrainingData.ToStage(full, 2, 0.25f);
        var blend = Functional.UpsampleNearest2x(s1).Mul(0.75f).Add(s2.Mul(0.25f));
        Assert.True(GanTestData.RelativeError(mid.Data, blend.Data) < 1e-6);
    }

    [Fact]
    public void ScheduleGrowsWithFadeIns()
    {
        var c = new ProgressiveGanConfig { Channels = [4, 4, 4], ImagesPerPhase = 100, FinalImages = 50 };
        Assert.Equal((0, 1f), GanSchedule.At(c, 0));
        Assert.Equal((0, 1f), GanSchedule.At(c, 99));
        Assert.Equal((1, 0f), GanSchedule.At(c, 100));
        Assert.Equal((1, 0.25f), GanSchedule.At(c, 125));
        Assert.Equal((1, 1f), GanSchedule.At(c, 200));
        Assert.Equal((2, 0.5f), GanSchedule.At(c, 350));
        Assert.Equal((2, 1f), GanSchedule.At(c, 400));
        Assert.Equal((2, 1f), GanSchedule.At(c, 540));
        Assert.Equal(550, c.TotalImages);
        Assert.False(GanSchedule.Done(c, 549));
        Assert.True(GanSchedule.Done(c, 550));
    }

    [Fact]
    public void CrossEntropyMatchesTheDefinition()
    {
        var logits = Tensor.FromArray([1f, 2f, 0.5f, -1f, 0f, 3f], 2, 3);
        var oneHot = Tensor.FromArray([0f, 1f, 0f, 1f, 0f, 0f], 2, 3);
        double Lse(double a, double b, double c) => Math.Log(Math.Exp(a) + Math.Exp(b) + Math.Exp(c));
        var expected = ((Lse(1, 2, 0.5) - 2) + (Lse(-1, 0, 3) + 1)) / 2;
        Assert.Equal(expected, WganGp.CrossEntropy(logits, oneHot).Item(), 5);
    }
}
