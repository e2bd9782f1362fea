namespace Galforge.Nn;

/// <summary>
/// Linear warm-up in front of another schedule: rate = inner(step) · min(1, (step + 1) / warmupSteps),
/// so the first step uses 1/warmupSteps of the rate and step warmupSteps-1 the full rate.
/// </summary>
public sealed class LinearWarmup : LearningRateSchedule
{
    private readonly LearningRateSchedule _inner;

    /// <summary>Warms up over <paramref name="warmupSteps"/> steps, then follows <paramref name="inner"/>.</summary>
    public LinearWarmup(LearningRateSchedule inner, long warmupSteps)
    {
        if (warmupSteps < 1) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warm-up: steps must be >= 1");
        _inner = inner;
        WarmupSteps = warmupSteps;
    }

    /// <summary>Length of the warm-up in steps.</summary>
    public long WarmupSteps { get; }

    /// <inheritdoc />
    public override double At(long step) => _inner.At(step) * Math.Min(1.0, (step + 1.0) / WarmupSteps);
}
