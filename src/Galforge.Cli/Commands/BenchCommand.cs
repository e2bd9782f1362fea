using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge bench</c>: Benchmarks: engine workloads against PyTorch, simulation and generation speed.</summary>
internal static class BenchCommand
{
    public static Command Create() => NotBuilt.Create(
        "bench",
        "Benchmarks: engine workloads against PyTorch, simulation and generation speed.",
        "issues #3, #5 and #7");
}
