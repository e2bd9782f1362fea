using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train gan</c>: Train the progressive GAN (WGAN-GP) on a dataset.</summary>
internal static class TrainGanCommand
{
    public static Command Create() => NotBuilt.Create(
        "gan",
        "Train the progressive GAN (WGAN-GP) on a dataset.",
        "issue #8");
}
