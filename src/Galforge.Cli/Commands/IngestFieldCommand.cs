using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge ingest field</c>: Detect galaxies in a multi-band FITS field and cut stamps into a training dataset.</summary>
internal static class IngestFieldCommand
{
    public static Command Create() => NotBuilt.Create(
        "field",
        "Detect galaxies in a multi-band FITS field and cut stamps into a training dataset.",
        "issue #4");
}
