using System.CommandLine;
using Galforge.Models.Training;
using Galforge.Models.Vae;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train vae</c>: Train the convolutional VAE on a dataset.</summary>
internal static class TrainVaeCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (galforge ingest) or galforge simulate output folder.", Required = true };
        var output = new Option<string>("--out") { Description = "Run folder to create (or resume with --resume).", Required = true };
        var config = new Option<string?>("--config") { Description = "JSON configuration (latent, width, depth, residual_blocks, beta, free_bits, learning_rate, batch_size, steps, ...; see docs/vae-flow.md)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint (bit-for-bit as if never stopped)." };
        var steps = new Option<int?>("--steps") { Description = "Training steps (overrides the configuration)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, split, batch order and sampling noise.", DefaultValueFactory = _ => 1UL };
        var command = new Command("vae", "Train the convolutional VAE on a dataset.") { data, output, config, resume, steps, seed };
        command.SetAction(parse =>
        {
            var cfg = parse.GetValue(config) is { } path ? VaeConfig.Load(path) : new VaeConfig();
            if (parse.GetValue(steps) is { } s) cfg = cfg with { Steps = s };
            var options = new VaeTrainingOptions(parse.GetValue(data)!, parse.GetValue(output)!, cfg, parse.GetValue(seed), parse.GetValue(resume), TrainProgressView.CommandLine(parse));
            var writer = parse.InvocationConfiguration.Output;
            var dir = TrainProgressView.Run(writer, "vae", cfg.Steps, p => VaeTrainer.Train(options, p));
            writer.WriteLine($"trained VAE: {dir} (model card: {Path.Combine(dir, RunFiles.CardMarkdown)})");
            return 0;
        });
        return command;
    }
}
