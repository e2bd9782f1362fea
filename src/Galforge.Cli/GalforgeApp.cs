using System.CommandLine;
using Galforge.Cli.Commands;

namespace Galforge.Cli;

/// <summary>
/// Builds the command tree and runs it. Exit codes: 0 success, 1 internal error, 2 bad input
/// (a file, option or shape the user can fix).
/// </summary>
public static class GalforgeApp
{
    /// <summary>Exit code for bad input (file, option, shape) and for unbuilt subcommands.</summary>
    public const int ExitBadInput = 2;

    /// <summary>Exit code for an unexpected internal failure.</summary>
    public const int ExitInternalError = 1;

    /// <summary>Creates the root command with every subcommand.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            "Galforge: realistic galaxy images with known truth, from deep generative models " +
            "(VAE + normalizing flow, progressive GAN) and a parametric multi-band simulator.");
        foreach (var command in new[]
                 {
                     DemoCommand.Create(),
                     SimulateCommand.Create(),
                     IngestCommand.Create(),
                     InfoCommand.Create(),
                     TrainCommand.Create(),
                     GenerateCommand.Create(),
                     MeasureCommand.Create(),
                     EvaluateCommand.Create(),
                     BenchCommand.Create(),
                 })
            root.Subcommands.Add(command);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, turning errors into exit codes.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = CreateRootCommand();
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var e in parse.Errors)
                    error.WriteLine($"galforge: error: {e.Message}");
                error.WriteLine("Run 'galforge --help' for usage.");
                return ExitBadInput;
            }
            return parse.Invoke(config);
        }
        catch (BadInputException e)
        {
            error.WriteLine($"galforge: error: {e.Message}");
            return ExitBadInput;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("galforge: interrupted");
            return 130;
        }
        catch (Exception e)
        {
            error.WriteLine($"galforge: internal error: {e.GetType().Name}: {e.Message}");
            error.WriteLine(e.StackTrace);
            return ExitInternalError;
        }
    }
}
