namespace Galforge.Nn;

/// <summary>
/// Cosine annealing (PyTorch's CosineAnnealingLR closed form): rate = min + (base - min)·(1 + cos(π·t/T))/2
/// with t = min(step, T), constant at min afterwards.
/// </summary>
public sealed class CosineDecay(double baseRate, long totalSteps, double minRate = 0) : LearningRateSchedule
{
    /// <summary>Rate at step 0.</summary>
    public double BaseRate { get; } = baseRate;

    /// <summary>Steps to reach the minimum (T).</summary>
    public long TotalSteps { get; } = totalSteps >= 1 ? totalSteps : throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "cosine decay: steps must be >= 1");

    /// <summary>Final rate.</summary>
    public double MinRate { get; } = minRate;

    /// <inheritdoc />
    public override double At(long step) =>
        MinRate + (BaseRate - MinRate) * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(step, TotalSteps) / TotalSteps));
}
