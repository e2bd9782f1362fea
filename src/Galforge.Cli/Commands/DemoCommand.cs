using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge demo</c>: Generate a sweep of galaxies with the shipped model, measure them and write demo/report.html.</summary>
internal static class DemoCommand
{
    public static Command Create() => NotBuilt.Create(
        "demo",
        "Generate a sweep of galaxies with the shipped model, measure them and write demo/report.html.",
        "issue #7");
}
