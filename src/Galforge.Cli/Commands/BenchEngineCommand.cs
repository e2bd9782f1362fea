using System.CommandLine;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge bench engine</c>: Time the four reference workloads (VAE step, WGAN-GP step, GAN generation, VAE decoding); one JSON line each.</summary>
internal static class BenchEngineCommand
{
    public static Command Create() => NotBuilt.Create(
        "engine",
        "Time the four reference workloads (VAE step, WGAN-GP step, GAN generation, VAE decoding); one JSON line each.",
        "issue #3");
}
