using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train flow</c>: Train the conditional masked autoregressive flow on a trained VAE's latent space.</summary>
internal static class TrainFlowCommand
{
    public static Command Create() => NotBuilt.Create(
        "flow",
        "Train the conditional masked autoregressive flow on a trained VAE's latent space.",
        "issue #7");
}
