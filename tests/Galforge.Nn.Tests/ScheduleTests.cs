using Xunit;

namespace Galforge.Nn.Tests;

/// <summary>Learning-rate schedules against PyTorch's closed forms (StepLR, ExponentialLR, CosineAnnealingLR).</summary>
public class ScheduleTests
{
    [Fact]
    public void StepExponentialAndCosineFollowTheirClosedForms()
    {
        var step = new StepDecay(0.1, 3, 0.5);
        Assert.Equal([0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025], Enumerable.Range(0, 7).Select(s => step.At(s)));
        var exp = new ExponentialDecay(1.0, 0.9);
        Assert.Equal(0.9 * 0.9 * 0.9, exp.At(3), 12);
        var cos = new CosineDecay(1.0, 10, 0.1);
        Assert.Equal(1.0, cos.At(0), 12);
        Assert.Equal(0.55, cos.At(5), 12);
        Assert.Equal(0.1, cos.At(10), 12);
        Assert.Equal(0.1, cos.At(50), 12);
    }

    [Fact]
    public void WarmupRampsLinearlyThenFollowsTheInnerSchedule()
    {
        var s = new LinearWarmup(new CosineDecay(1e-3, 100), 4);
        Assert.Equal(0.25e-3, s.At(0), 15);
        Assert.Equal(0.75e-3 * new CosineDecay(1e-3, 100).At(2) / 1e-3, s.At(2), 15);
        Assert.Equal(new CosineDecay(1e-3, 100).At(20), s.At(20), 15);
    }

    [Fact]
    public void ApplyToSetsTheRateOfTheNextStep()
    {
        var p = Engine.Tensor.Zeros(2).RequiresGrad_();
        var opt = new Sgd([new("p", p)], 1.0);
        var schedule = new StepDecay(1.0, 1, 0.5);
        for (var i = 0; i < 3; i++)
        {
            schedule.ApplyTo(opt);
            Assert.Equal(Math.Pow(0.5, i), opt.LearningRate, 12);
            p.Grad = Engine.Tensor.Ones(2);
            opt.Step();
        }
        // 1 + 0.5 + 0.25 taken off
        Assert.Equal(-1.75f, p.Data[0], 6);
    }
}
