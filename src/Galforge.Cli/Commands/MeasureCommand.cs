using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge measure</c>: Measure photometry, shapes (adaptive moments) and morphology (statmorph definitions) of galaxy images.</summary>
internal static class MeasureCommand
{
    public static Command Create() => NotBuilt.Create(
        "measure",
        "Measure photometry, shapes (adaptive moments) and morphology (statmorph definitions) of galaxy images.",
        "issue #6");
}
