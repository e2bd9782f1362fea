using System.CommandLine;
using Galforge.Models.Flow;
using Galforge.Models.Training;

namespace Galforge.Cli.Commands;

/// <summary><c>galforge train flow</c>: Train the conditional normalizing flow on a trained VAE's latent space.</summary>
internal static class TrainFlowCommand
{
    public static Command Create()
    {
        var vae = new Option<string>("--vae") { Description = "A trained VAE run folder (galforge train vae).", Required = true };
        var output = new Option<string>("--out") { Description = "vae-flow run folder to create (the model galforge generate loads).", Required = true };
        var conditions = new Option<string>("--conditions") { Description = "Comma-separated conditions: mag, hlr (half_light_radius), e (|e|), n (sersic_n), z, or any numeric dataset column, e.g. the simulator's measured pre-PSF intr_mag_F160W,intr_hlr_F160W,intr_e_F160W (what the shipped model uses; docs/vae-flow.md).", DefaultValueFactory = _ => "mag,hlr,e" };
        var config = new Option<string?>("--config") { Description = "JSON flow configuration (bijectors, hidden, log_scale_clip, learning_rate, batch_size, steps, checkpoint_every, patience)." };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its last checkpoint." };
        var steps = new Option<int?>("--steps") { Description = "Training steps (overrides the configuration)." };
        var source = new Option<string>("--condition-source") { Description = "Where intr_QUANTITY_BAND conditions come from: 'dataset' (the parameter table: the simulator's measurement of the true galaxy) or 'reconstruction' (the same measurement of the VAE's reconstruction of each galaxy, so requested and generated shapes are the same quantity of the same kind of image; what the shipped model uses). Other conditions always come from the table.", DefaultValueFactory = _ => "dataset" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation and batch order.", DefaultValueFactory = _ => 1UL };
        var command = new Command("flow", "Train the conditional normalizing flow on a trained VAE's latent space.") { vae, output, conditions, source, config, resume, steps, seed };
        command.SetAction(parse =>
        {
            var cfg = parse.GetValue(config) is { } path ? FlowConfig.FromJson(ReadText(path), path) : new FlowConfig();
            if (parse.GetValue(steps) is { } s) cfg = cfg with { Steps = s };
            var names = parse.GetValue(conditions)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var options = new FlowTrainingOptions(parse.GetValue(vae)!, parse.GetValue(output)!, names, cfg, parse.GetValue(seed), parse.GetValue(resume), TrainProgressView.CommandLine(parse))
            {
                ConditionSource = parse.GetValue(source)!,
            };
            var writer = parse.InvocationConfiguration.Output;
            var dir = TrainProgressView.Run(writer, "flow", cfg.Steps, p => FlowTrainer.Train(options, p));
            writer.WriteLine($"trained flow: {dir} (model card: {Path.Combine(dir, RunFiles.CardMarkdown)})");
            return 0;
        });
        return command;
    }

    private static string ReadText(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new BadInputException($"--config {path}: file not found");
}
