using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge bench</c>: Benchmarks that print numbers.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks that print numbers.");
        command.Subcommands.Add(BenchEngineCommand.Create());
        command.Subcommands.Add(BenchSimulateCommand.Create());
        command.Subcommands.Add(BenchGenerateCommand.Create());
        return command;
    }
}
