namespace Galforge.Nn;

/// <summary>The same learning rate at every step.</summary>
public sealed class ConstantRate(double rate) : LearningRateSchedule
{
    /// <summary>The rate.</summary>
    public double Rate { get; } = rate;

    /// <inheritdoc />
    public override double At(long step) => Rate;
}
