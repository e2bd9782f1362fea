namespace Galforge.Nn;

/// <summary>
/// A learning rate as a function of the number of optimizer steps already taken (0 for the
/// first step). Closed forms of PyTorch's schedulers; compose warm-up with a decay through
/// <see cref="LinearWarmup"/>. Apply with <see cref="ApplyTo"/> before each step.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate for the step after <paramref name="step"/> completed steps.</summary>
    public abstract double At(long step);

    /// <summary>Sets the optimizer's learning rate for its next step.</summary>
    public void ApplyTo(Optimizer optimizer) => optimizer.LearningRate = At(optimizer.StepCount);
}
