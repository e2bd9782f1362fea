using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train</c>: Train a VAE, a conditional flow or a progressive GAN on a dataset.</summary>
internal static class TrainCommand
{
    public static Command Create() => NotBuilt.Create(
        "train",
        "Train a VAE, a conditional flow or a progressive GAN on a dataset.",
        "issues #7 and #8");
}
