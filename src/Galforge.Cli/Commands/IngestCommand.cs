using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge ingest</c>: Turn real data into a training dataset.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var command = new Command("ingest", "Turn real data into a training dataset.");
        command.Subcommands.Add(IngestCosmosCommand.Create());
        command.Subcommands.Add(IngestFieldCommand.Create());
        return command;
    }
}
