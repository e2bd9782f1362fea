using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge evaluate</c>: Compare generated galaxies with real ones and write metrics.json and report.html.</summary>
internal static class EvaluateCommand
{
    public static Command Create() => NotBuilt.Create(
        "evaluate",
        "Compare generated galaxies with real ones and write metrics.json and report.html.",
        "issue #6");
}
