using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge simulate</c>: Simulate multi-band parametric galaxies with PSF, noise and lensing shear, with a truth table.</summary>
internal static class SimulateCommand
{
    public static Command Create() => NotBuilt.Create(
        "simulate",
        "Simulate multi-band parametric galaxies with PSF, noise and lensing shear, with a truth table.",
        "issue #5");
}
