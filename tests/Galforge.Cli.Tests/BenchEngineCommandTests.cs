using System.Text.Json;
using Xunit;

namespace Galforge.Cli.Tests;

/// <summary>
/// The allocation counter is process-wide (GC.GetTotalAllocatedBytes), so this class runs alone,
/// after the parallel tests: their allocations (322 MiB once in a full run) would count here.
/// </summary>
[CollectionDefinition("AllocationMeasurement", DisableParallelization = true)]
public class AllocationMeasurementCollection;

[Collection("AllocationMeasurement")]
public class BenchEngineCommandTests
{
    [Fact]
    public void JsonLineHasTheReferenceFieldsAndTheAllocation()
    {
        var (code, output, error) = CliRunner.Run("bench", "engine", "--workload", "vae_decode_64x64x4", "--repeats", "1", "--json");
        Assert.True(code == 0, error);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        // the format of shared/bench/REFERENCE_MODELS.md, plus our allocation per call
        Assert.Equal("vae_decode_64x64x4", root.GetProperty("workload").GetString());
        Assert.True(root.GetProperty("images_per_s").GetDouble() > 0);
        Assert.True(root.GetProperty("threads").GetInt32() >= 1);
        Assert.Equal(256, root.GetProperty("batch").GetInt32());
        // decoding 256 latents keeps only the 16 MiB output and the small first layers
        var allocated = root.GetProperty("allocated_mib_per_call").GetDouble();
        Assert.InRange(allocated, 16.0, 200.0);
    }
}
