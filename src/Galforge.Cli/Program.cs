namespace Galforge.Cli;

/// <summary>Entry point of the <c>galforge</c> command.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns its exit code.</summary>
    public static int Main(string[] args) => GalforgeApp.Run(args);
}
