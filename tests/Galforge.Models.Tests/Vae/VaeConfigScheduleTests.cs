using Galforge.Models.Vae;
using Xunit;

namespace Galforge.Models.Tests.Vae;

public sealed class VaeConfigScheduleTests
{
    [Fact]
    public void CosineScheduleRunsFromTheRateToItsFloor()
    {
        var c = new VaeConfig { LearningRate = 1e-3, LearningRateSchedule = "cosine", FinalLearningRateFraction = 0.1, Steps = 1000 };
        Assert.Equal(1e-3, c.LearningRateAt(0), 12);
        Assert.Equal(0.55e-3, c.LearningRateAt(500), 12); // halfway: the mean of start and floor
        Assert.Equal(1e-4, c.LearningRateAt(1000), 12);
        Assert.Equal(1e-4, c.LearningRateAt(5000), 12); // past the end (more steps on resume): stays at the floor
        Assert.True(c.LearningRateAt(250) > c.LearningRateAt(251));
        Assert.Equal(1e-3, (c with { LearningRateSchedule = "constant" }).LearningRateAt(900));
    }

    [Fact]
    public void UnknownScheduleIsABadInput()
    {
        var e = Assert.Throws<BadInputException>(() => new VaeConfig { LearningRateSchedule = "step" }.Validated("cfg.json", 64));
        Assert.Contains("lr_schedule", e.Message);
        Assert.Throws<BadInputException>(() => new VaeConfig { FinalLearningRateFraction = 1.5 }.Validated("cfg.json", 64));
        // Old configuration files without the new keys still load, with a constant rate.
        var old = VaeConfig.FromJson("{\"latent\": 16, \"steps\": 10}");
        Assert.Equal("constant", old.LearningRateSchedule);
        Assert.Equal(old.LearningRate, old.LearningRateAt(5));
    }
}
