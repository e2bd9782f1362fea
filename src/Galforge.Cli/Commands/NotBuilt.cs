using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary>
/// A subcommand whose feature is not built yet: it has its help text, says so in one line
/// and exits 2, so nothing pretends to work.
/// </summary>
internal static class NotBuilt
{
    public static Command Create(string name, string description, string issue)
    {
        var command = new Command(name, description + $" (not built yet: {issue})");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(parse =>
        {
            var path = new List<string>();
            for (System.CommandLine.Parsing.SymbolResult? r = parse.CommandResult; r is System.CommandLine.Parsing.CommandResult c; r = r.Parent)
                path.Insert(0, c.Command.Name);
            path[0] = "galforge";
            parse.InvocationConfiguration.Error.WriteLine($"{string.Join(' ', path)}: not built yet ({issue})");
            return GalforgeApp.ExitBadInput;
        });
        return command;
    }
}
