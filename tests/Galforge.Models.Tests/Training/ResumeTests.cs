using Galforge.Models.Flow;
using Galforge.Models.Generation;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Galforge.Nn;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Training;

public sealed class ResumeTests
{
    private static readonly VaeConfig Tiny = new()
    {
        Latent = 4, Width = 4, MaxChannels = 8, Depth = 2, ResidualBlocks = 0, ApodizationPixels = 1,
        BatchSize = 4, Steps = 6, CheckpointEvery = 2, Patience = 0, ValidationFraction = 0.25,
    };

    private static Dictionary<string, float[]> Weights(string file)
    {
        var c = SafeTensorsFile.Read(file);
        return c.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }

    [Fact]
    public void VaeKilledAndResumedEqualsStraightRunBitForBit()
    {
        using var tmp = new TempDirectory();
        var data = tmp.File("ds");
        TinyGalaxies.Make(12).Write(data);
        var straight = new VaeTrainingOptions(data, tmp.File("a"), Tiny, 3, false, "test");
        VaeTrainer.Train(straight);
        // "Kill" after 4 steps (the last checkpoint is at step 4), then resume to 6.
        var killed = new VaeTrainingOptions(data, tmp.File("b"), Tiny, 3, false, "test") { StopAfterSessionSteps = 4 };
        VaeTrainer.Train(killed);
        VaeTrainer.Train(killed with { Resume = true, StopAfterSessionSteps = null });
        var wa = Weights(Path.Combine(tmp.File("a"), RunFiles.Checkpoint));
        var wb = Weights(Path.Combine(tmp.File("b"), RunFiles.Checkpoint));
        Assert.Equal(wa.Keys.Order(), wb.Keys.Order());
        foreach (var (k, v) in wa) Assert.True(v.AsSpan().SequenceEqual(wb[k]), $"tensor {k} differs after resume");
        Assert.True(File.Exists(Path.Combine(tmp.File("b"), RunFiles.CardJson)));
        Assert.True(Directory.GetFiles(Path.Combine(tmp.File("b"), "samples"), "*.png").Length >= 3);
    }

    [Fact]
    public void RefusesToOverwriteARunAndToResumeWithAnotherSeed()
    {
        using var tmp = new TempDirectory();
        var data = tmp.File("ds");
        TinyGalaxies.Make(8).Write(data);
        var o = new VaeTrainingOptions(data, tmp.File("a"), Tiny with { Steps = 2 }, 3, false, "test");
        VaeTrainer.Train(o);
        var e = Assert.Throws<BadInputException>(() => VaeTrainer.Train(o));
        Assert.Contains("--resume", e.Message);
        e = Assert.Throws<BadInputException>(() => VaeTrainer.Train(o with { Resume = true, Seed = 4 }));
        Assert.Contains("seed", e.Message);
    }

    [Fact]
    public void FlowRunLoadsAsAGeneratorAndRejectsACorruptedFile()
    {
        using var tmp = new TempDirectory();
        var data = tmp.File("ds");
        TinyGalaxies.Make(12).Write(data);
        VaeTrainer.Train(new VaeTrainingOptions(data, tmp.File("vae"), Tiny with { Steps = 2 }, 3, false, "test"));
        var fcfg = new FlowConfig { Bijectors = 2, Hidden = 8, Steps = 4, CheckpointEvery = 2, BatchSize = 8 };
        var straight = FlowTrainer.Train(new FlowTrainingOptions(tmp.File("vae"), tmp.File("flow"), ["mag", "hlr", "e"], fcfg, 5, false, "test"));
        var o = new FlowTrainingOptions(tmp.File("vae"), tmp.File("flow2"), ["mag", "hlr", "e"], fcfg, 5, false, "test") { StopAfterSessionSteps = 2 };
        FlowTrainer.Train(o);
        FlowTrainer.Train(o with { Resume = true, StopAfterSessionSteps = null });
        var wa = Weights(Path.Combine(straight, RunFiles.Checkpoint));
        var wb = Weights(Path.Combine(tmp.File("flow2"), RunFiles.Checkpoint));
        foreach (var (k, v) in wa) Assert.True(v.AsSpan().SequenceEqual(wb[k]), $"flow tensor {k} differs after resume");

        var gen = VaeFlowGenerator.Load(straight);
        Assert.Equal(["mag", "hlr", "e"], gen.ConditionNames);
        var req = new GenerationRequest(3, [24.0, 0.3, 0.1, 23.5, 0.2, 0.2, 24.5, 0.25, 0.0], 9);
        var a = gen.Generate(req);
        var b = gen.Generate(req);
        Assert.Equal(3 * 2 * 16 * 16, a.Images.Length);
        Assert.Equal(a.Images, b.Images);
        Assert.NotEqual(a.Images, gen.Generate(req with { Seed = 10 }).Images);

        var flowFile = Path.Combine(straight, VaeFlowGenerator.FlowFile);
        var bytes = File.ReadAllBytes(flowFile);
        bytes[^3] ^= 0x5A;
        File.WriteAllBytes(flowFile, bytes);
        var e = Assert.Throws<BadInputException>(() => VaeFlowGenerator.Load(straight));
        Assert.Contains("SHA-256", e.Message);
    }
}
