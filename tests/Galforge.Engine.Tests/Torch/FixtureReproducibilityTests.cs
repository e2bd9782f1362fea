using Galforge.TestSupport;
using Xunit;

namespace Galforge.Engine.Tests.Torch;

public class FixtureReproducibilityTests
{
    [SkippableFact]
    public void CommittedFixturesAreWhatTheScriptWrites()
    {
        ReferenceTool.RequirePythonModule("torch", "python3-torch");
        using var dir = new TempDirectory();
        ReferenceTool.RunPython($"tools/torch/make_fixtures.py --out {dir.Path}");
        foreach (var name in new[] { "ops.gft", "critic.gft" })
            Assert.True(File.ReadAllBytes(dir.File(name)).AsSpan().SequenceEqual(File.ReadAllBytes(RepoPaths.TestData("torch", name))),
                $"tests/data/torch/{name} differs from what tools/torch/make_fixtures.py writes: rerun the script and commit");
    }
}
