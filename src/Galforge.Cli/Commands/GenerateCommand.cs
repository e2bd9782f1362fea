using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge generate</c>: Generate galaxy images with a trained model, with a truth table.</summary>
internal static class GenerateCommand
{
    public static Command Create() => NotBuilt.Create(
        "generate",
        "Generate galaxy images with a trained model, with a truth table.",
        "issues #7 and #8");
}
