namespace Galforge.Nn;

/// <summary>Step decay (PyTorch's StepLR): rate = base · gamma^floor(step / stepSize).</summary>
public sealed class StepDecay(double baseRate, long stepSize, double gamma) : LearningRateSchedule
{
    /// <summary>Rate at step 0.</summary>
    public double BaseRate { get; } = baseRate;

    /// <summary>Steps between decays.</summary>
    public long StepSize { get; } = stepSize >= 1 ? stepSize : throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "step decay: step size must be >= 1");

    /// <summary>Factor per decay.</summary>
    public double Gamma { get; } = gamma;

    /// <inheritdoc />
    public override double At(long step) => BaseRate * Math.Pow(Gamma, step / StepSize);
}
