using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge ingest cosmos</c>: Turn a GalSim COSMOS RealGalaxyCatalog into a training dataset.</summary>
internal static class IngestCosmosCommand
{
    public static Command Create() => NotBuilt.Create(
        "cosmos",
        "Turn a GalSim COSMOS RealGalaxyCatalog into a training dataset.",
        "issue #4");
}
