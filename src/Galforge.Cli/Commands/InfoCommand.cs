using System.CommandLine;
using Galforge.Cli.Commands.Info;
using System.Runtime.InteropServices;
using Galforge.Engine.Backends;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge info</c>: the system (backend, libraries, threads, SIMD) or a file or dataset.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var system = new Option<bool>("--system") { Description = "Show the compute backend in use and why, native libraries, threads and SIMD width." };
        var path = new Argument<string?>("PATH") { Description = "A FITS file or a dataset folder to describe.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("info", "Describe the system (--system), a FITS file (HDUs, shapes, columns) or a dataset (bands, counts, rejections).")
        {
            system, path,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var target = parse.GetValue(path);
            if (parse.GetValue(system) || target is null)
            {
                WriteSystem(output);
                return 0;
            }
            InfoDescriber.Describe(target, output);
            return 0;
        });
        return command;
    }

    private static void WriteSystem(TextWriter output)
    {
        var selection = BackendSelection.Current;
        output.WriteLine($"galforge {typeof(InfoCommand).Assembly.GetName().Version?.ToString(3)}");
        output.WriteLine($"backend:   {selection.Kind.ToString().ToLowerInvariant()} ({selection.Reason})");
        output.WriteLine($"threads:   {BackendSelection.ThreadCount} (of {Environment.ProcessorCount} cores; set GALFORGE_THREADS to change)");
        output.WriteLine($"simd:      {BackendSelection.SimdWidthBits}-bit vectors");
        output.WriteLine($"runtime:   .NET {Environment.Version} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})");
        output.WriteLine("native libraries:");
        foreach (var lib in NativeLibraries.All)
            output.WriteLine(lib.IsAvailable
                ? $"  {lib.DisplayName,-13} loaded from {lib.LoadedName}"
                : $"  {lib.DisplayName,-13} not found (optional; Debian package {lib.DebianPackage})");
    }
}
