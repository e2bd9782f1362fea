using Galforge.Models.Training;

namespace Galforge.Models.Generation;

/// <summary>Loads the right <see cref="IGalaxyGenerator"/> for a run folder from the <c>kind</c> in its run.json.</summary>
public static class GeneratorLoader
{
    /// <summary>Folder of the shipped default model, relative to the repository root.</summary>
    public const string DefaultModelFolder = "models/vae-flow-candels";

    /// <summary>Loads the model in <paramref name="runDir"/>.</summary>
    public static IGalaxyGenerator Load(string runDir)
    {
        var runPath = Path.Combine(runDir, RunFiles.RunJson);
        if (!Directory.Exists(runDir)) throw new BadInputException($"--model {runDir}: folder not found");
        var kind = RunFiles.Str(RunFiles.ReadJson(runPath), "kind", runPath);
        return kind switch
        {
            VaeFlowGenerator.KindName => VaeFlowGenerator.Load(runDir),
            "progressive-gan" => Gan.ProgressiveGanGenerator.Load(runDir),
            "vae" => throw new BadInputException($"{runPath}: a VAE run alone cannot generate from conditions; train a flow on it (galforge train flow --vae {runDir} ...) and pass that run"),
            _ => throw new BadInputException($"{runPath}: unknown model kind '{kind}' (expected vae-flow or progressive-gan)"),
        };
    }
}
