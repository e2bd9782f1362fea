using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge ingest</c>: Turn real data (GalSim COSMOS catalogues, multi-band FITS fields) into a training dataset.</summary>
internal static class IngestCommand
{
    public static Command Create() => NotBuilt.Create(
        "ingest",
        "Turn real data (GalSim COSMOS catalogues, multi-band FITS fields) into a training dataset.",
        "issue #4");
}
