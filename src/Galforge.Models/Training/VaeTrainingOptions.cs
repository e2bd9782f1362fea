using Galforge.Models.Vae;

namespace Galforge.Models.Training;

/// <summary>What <see cref="VaeTrainer"/> trains and where.</summary>
/// <param name="DatasetPath">Dataset folder (or its dataset.fits).</param>
/// <param name="OutDir">Run folder to create (or resume).</param>
/// <param name="Config">Architecture and training settings.</param>
/// <param name="Seed">Seed of initialisation, split, batch order and sampling noise.</param>
/// <param name="Resume">Continue the run in <paramref name="OutDir"/> from its checkpoint.</param>
/// <param name="Command">The command line, recorded in the model card.</param>
public sealed record VaeTrainingOptions(string DatasetPath, string OutDir, VaeConfig Config, ulong Seed, bool Resume, string Command)
{
    /// <summary>Stop after this many steps in this session (as if killed); null runs to the end. Used to test exact resume.</summary>
    public int? StopAfterSessionSteps { get; init; }
}
