using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge bench simulate</c>: Stamps per second for 64x64 4-band stamps with a Moffat PSF and noise.</summary>
internal static class BenchSimulateCommand
{
    public static Command Create() => NotBuilt.Create(
        "simulate",
        "Stamps per second for 64x64 4-band stamps with a Moffat PSF and noise.",
        "issue #5");
}
