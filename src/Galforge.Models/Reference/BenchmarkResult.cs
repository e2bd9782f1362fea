namespace Galforge.Models.Reference;

/// <summary>One timed workload: <paramref name="Batch"/> images per call, <paramref name="Repeats"/> timed calls taking <paramref name="Seconds"/> in all.</summary>
public sealed record BenchmarkResult(string Workload, int Batch, int Repeats, double Seconds)
{
    /// <summary>Throughput in images per second.</summary>
    public double ImagesPerSecond => Batch * (double)Repeats / Seconds;
}
