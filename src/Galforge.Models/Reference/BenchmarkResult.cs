namespace Galforge.Models.Reference;

/// <summary>
/// One timed workload: <paramref name="Batch"/> images per call, <paramref name="Repeats"/> timed
/// calls taking <paramref name="Seconds"/> in all, and <paramref name="AllocatedBytes"/> managed
/// bytes allocated by all threads during those calls.
/// </summary>
public sealed record BenchmarkResult(string Workload, int Batch, int Repeats, double Seconds, long AllocatedBytes)
{
    /// <summary>Throughput in images per second.</summary>
    public double ImagesPerSecond => Batch * (double)Repeats / Seconds;

    /// <summary>Managed memory allocated per timed call (training step or inference batch), in MiB.</summary>
    public double AllocatedMiBPerCall => AllocatedBytes / (double)Repeats / (1024.0 * 1024.0);
}
