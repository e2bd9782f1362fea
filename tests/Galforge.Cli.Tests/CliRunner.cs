namespace Galforge.Cli.Tests;

/// <summary>Runs the command line in-process and captures its output and exit code.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = GalforgeApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
