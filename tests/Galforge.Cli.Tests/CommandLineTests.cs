using Xunit;

namespace Galforge.Cli.Tests;

public class CommandLineTests
{
    public static TheoryData<string> Subcommands => new() { "demo", "simulate", "ingest", "info", "train", "generate", "measure", "evaluate", "bench" };

    [Fact]
    public void RootHelpListsEverySubcommand()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        foreach (var name in Subcommands)
            Assert.Contains(name, output);
    }

    [Theory]
    [MemberData(nameof(Subcommands))]
    public void EverySubcommandHasHelp(string name)
    {
        var (code, output, _) = CliRunner.Run(name, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public void VersionIsPrinted()
    {
        var (code, output, _) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void UnknownOptionIsBadInput()
    {
        var (code, _, error) = CliRunner.Run("info", "--no-such-option");
        Assert.Equal(GalforgeApp.ExitBadInput, code);
        Assert.Contains("--no-such-option", error);
    }

    [Fact]
    public void InfoSystemNamesTheBackendAndWhy()
    {
        var (code, output, _) = CliRunner.Run("info", "--system");
        Assert.Equal(0, code);
        Assert.Matches(@"backend:\s+(managed|onednn) \(.+\)", output);
        Assert.Matches(@"threads:\s+\d+", output);
        Assert.Matches(@"simd:\s+\d+-bit", output);
    }
}
