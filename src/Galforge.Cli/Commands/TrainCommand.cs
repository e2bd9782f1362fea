using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train</c>: Train a VAE, a conditional flow or a progressive GAN.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var command = new Command("train", "Train a VAE, a conditional flow or a progressive GAN.");
        command.Subcommands.Add(TrainVaeCommand.Create());
        command.Subcommands.Add(TrainFlowCommand.Create());
        command.Subcommands.Add(TrainGanCommand.Create());
        return command;
    }
}
