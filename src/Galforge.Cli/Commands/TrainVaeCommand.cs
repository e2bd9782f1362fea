using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train vae</c>: Train the convolutional VAE on a dataset.</summary>
internal static class TrainVaeCommand
{
    public static Command Create() => NotBuilt.Create(
        "vae",
        "Train the convolutional VAE on a dataset.",
        "issue #7");
}
