using Galforge.Models.Gan;
using Galforge.Models.Generation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Gan;

/// <summary>A run folder becomes an <see cref="IGalaxyGenerator"/>; conditions are encoded as in training.</summary>
public sealed class GeneratorLoadTests
{
    [Fact]
    public void ParameterConditionedRunGeneratesInImageUnits()
    {
        using var dir = new TempDirectory();
        var config = GanTestData.Tiny("params", phase: 8);
        var g = GanTestData.TrainedGenerator(dir, GanTestData.Blobs(8, 2, 8, 21), config, 4, 2);
        Assert.Equal(["mag", "hlr", "e"], g.ConditionNames);
        Assert.Equal((1, 0f), (g.Stage, g.Alpha));   // 2 steps of 4 = one phase: stage 1 fade-in begins
        double[] conditions = [25.5, 0.3, 0.2, 26.0, 0.5, 0.1];
        var a = g.Generate(new GenerationRequest(2, conditions, 8));
        Assert.Equal(2 * 2 * 8 * 8, a.Images.Length);
        Assert.Equal(a.Images, g.Generate(new GenerationRequest(2, conditions, 8)).Images);
        // Images come back in flux units: the network's arcsinh values mapped through scale * sinh.
        var normalised = g.GenerateNormalized(Engine.Tensor.FromArray(a.Latents, 2, config.LatentSize),
            Engine.Tensor.FromArray([.. EncodeAll(g.Info.Condition!, conditions)], 2, 3)).ToArray();
        var scale = g.Info.AsinhScales[1];
        Assert.Equal(scale * Math.Sinh(normalised[64 + 5]), a.Images[64 + 5], 4);
        Assert.Contains("expected 6", Assert.ThrowsAny<BadInputException>(() => g.Generate(new GenerationRequest(2, [1, 2, 3], 8))).Message);
        Assert.ThrowsAny<BadInputException>(() => g.Generate(new GenerationRequest(2, null, 8)));
    }

    private static float[] EncodeAll(ConditionEncoding e, double[] raw)
    {
        var v = new float[raw.Length / e.Size * e.Size];
        e.Encode(raw, raw.Length / e.Size, v);
        return v;
    }
}
