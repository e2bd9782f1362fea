using Galforge.Models.Flow;

namespace Galforge.Models.Training;

/// <summary>What <see cref="FlowTrainer"/> trains and where.</summary>
/// <param name="VaeRunDir">A finished VAE run folder.</param>
/// <param name="OutDir">The vae-flow run folder to create (or resume).</param>
/// <param name="Conditions">Condition names (aliases as in <see cref="Generation.ConditionColumns"/>).</param>
/// <param name="Config">Flow settings.</param>
/// <param name="Seed">Seed of initialisation and batch order.</param>
/// <param name="Resume">Continue from the checkpoint in <paramref name="OutDir"/>.</param>
/// <param name="Command">The command line, for the model card.</param>
public sealed record FlowTrainingOptions(string VaeRunDir, string OutDir, IReadOnlyList<string> Conditions, FlowConfig Config, ulong Seed, bool Resume, string Command)
{
    /// <summary>Stop after this many steps in this session (as if killed); null runs to the end.</summary>
    public int? StopAfterSessionSteps { get; init; }

    /// <summary>Where intrinsic conditions come from: <see cref="ReconstructionConditions.Dataset"/> (default) or <see cref="ReconstructionConditions.Reconstruction"/>.</summary>
    public string ConditionSource { get; init; } = ReconstructionConditions.Dataset;
}
