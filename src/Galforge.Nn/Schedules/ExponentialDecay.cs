namespace Galforge.Nn;

/// <summary>Exponential decay (PyTorch's ExponentialLR): rate = base · gamma^step.</summary>
public sealed class ExponentialDecay(double baseRate, double gamma) : LearningRateSchedule
{
    /// <summary>Rate at step 0.</summary>
    public double BaseRate { get; } = baseRate;

    /// <summary>Factor per step.</summary>
    public double Gamma { get; } = gamma;

    /// <inheritdoc />
    public override double At(long step) => BaseRate * Math.Pow(Gamma, step);
}
