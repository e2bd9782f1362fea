using System.Globalization;
using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Gan;

/// <summary>Losses and position after one training step.</summary>
/// <param name="Step">Steps done, including this one.</param>
/// <param name="ImagesSeen">Real images shown so far.</param>
/// <param name="Stage">Stage trained (resolution 4·2^stage).</param>
/// <param name="Alpha">Fade-in alpha used.</param>
/// <param name="CriticLoss">Total critic loss.</param>
/// <param name="GeneratorLoss">Total generator loss.</param>
/// <param name="Wasserstein">Critic's Wasserstein estimate D(real) - D(fake).</param>
/// <param name="Penalty">Gradient penalty before lambda.</param>
/// <param name="Auxiliary">AC-GAN critic loss (0 when unconditional).</param>
public readonly record struct GanStepResult(long Step, long ImagesSeen, int Stage, float Alpha, float CriticLoss, float GeneratorLoss,
    float Wasserstein, float Penalty, float Auxiliary);

/// <summary>
/// Trains a progressive GAN with WGAN-GP: one critic and one generator Adam step per minibatch
/// (lr 1e-3, betas (0, 0.99), eps 1e-8, both optimizers recreated when a new resolution starts),
/// a generator EMA for sampling, masked data pixels copied into the fakes so the critic judges only
/// what the data shows. The whole state (weights, EMA, Adam moments and step counts, the Philox
/// generator, images shown) is checkpointed, so a resumed run continues bit for bit.
/// </summary>
public sealed class ProgressiveGanTrainer
{
    private readonly PhiloxGenerator _rng;

    /// <summary>Builds fresh networks for <paramref name="data"/>; <paramref name="seed"/> fixes initialisation and every later draw.</summary>
    public ProgressiveGanTrainer(ProgressiveGanConfig config, GanTrainingData data, ulong seed)
    {
        Config = config;
        Data = data;
        Seed = seed;
        var condition = data.Encoding?.Size ?? 0;
        var init = new PhiloxGenerator(seed);
        Generator = new GanGenerator(config, data.Bands, condition, init);
        Critic = new GanCritic(config, data.Bands, condition, init);
        Average = new ExponentialMovingAverage(Generator, config.EmaDecay);
        _rng = new PhiloxGenerator(new PhiloxState(seed, 1UL << 40));
        CreateOptimizers(0);
    }

    /// <summary>Settings.</summary>
    public ProgressiveGanConfig Config { get; }

    /// <summary>Training data.</summary>
    public GanTrainingData Data { get; }

    /// <summary>Seed of the run.</summary>
    public ulong Seed { get; private set; }

    /// <summary>The generator being trained.</summary>
    public GanGenerator Generator { get; }

    /// <summary>The critic.</summary>
    public GanCritic Critic { get; }

    /// <summary>Exponential moving average of the generator's weights (sampling weights).</summary>
    public ExponentialMovingAverage Average { get; }

    /// <summary>Generator optimizer (recreated at each new stage).</summary>
    public Adam GeneratorOptimizer { get; private set; } = null!;

    /// <summary>Critic optimizer (recreated at each new stage).</summary>
    public Adam CriticOptimizer { get; private set; } = null!;

    /// <summary>Stage the optimizers were created for.</summary>
    public int OptimizerStage { get; private set; }

    /// <summary>Steps done.</summary>
    public long Step { get; private set; }

    /// <summary>Real images shown.</summary>
    public long ImagesSeen { get; private set; }

    /// <summary>Stage and alpha of the next step.</summary>
    public (int Stage, float Alpha) Position => GanSchedule.At(Config, ImagesSeen);

    /// <summary>Whether the schedule is complete.</summary>
    public bool Done => GanSchedule.Done(Config, ImagesSeen);

    private void CreateOptimizers(int stage)
    {
        GeneratorOptimizer = new Adam(Generator.NamedParameters(), Config.LearningRate, Config.Beta1, Config.Beta2, Config.AdamEps);
        CriticOptimizer = new Adam(Critic.NamedParameters(), Config.LearningRate, Config.Beta1, Config.Beta2, Config.AdamEps);
        OptimizerStage = stage;
    }

    /// <summary>One critic step and one generator step on a fresh minibatch.</summary>
    public GanStepResult TrainStep()
    {
        var (stage, alpha) = Position;
        // Karras et al.: Adam's moments are reset whenever a new resolution is introduced.
        if (stage != OptimizerStage) CreateOptimizers(stage);
        var n = Config.BatchSize;
        var batch = Data.Sample(_rng, n, stage, alpha);
        var encoding = Data.Encoding;
        var lambda = (float)Config.GpLambda;
        var drift = (float)Config.Drift;
        var aux = (float)Config.AuxWeight;

        var z = Tensor.RandN(_rng, n, Config.LatentSize);
        var eps = Tensor.Rand(_rng, n, 1, 1, 1);
        Tensor fake;
        using (Autograd.NoGrad()) fake = MaskLike(Data.Observe(Generator.Generate(z, batch.Condition, stage, alpha), _rng, stage, alpha), batch);
        var critic = WganGp.Critic(Critic, batch.Real, fake, eps, batch.Condition, encoding, stage, alpha, lambda, drift, aux);
        CriticOptimizer.ZeroGrad();
        critic.Total.Backward();
        CriticOptimizer.Step();
        var criticLoss = critic.Total.Item();

        var z2 = Tensor.RandN(_rng, n, Config.LatentSize);
        var observed = MaskLike(Data.Observe(Generator.Generate(z2, batch.Condition, stage, alpha), _rng, stage, alpha), batch);
        var (generatorLoss, _) = WganGp.Generator(Critic, observed, batch.Condition, encoding, stage, alpha, aux);
        GeneratorOptimizer.ZeroGrad();
        generatorLoss.Backward();
        GeneratorOptimizer.Step();
        // The critic's parameters received gradients from the generator loss; drop them.
        CriticOptimizer.ZeroGrad();
        Average.Update();

        Step++;
        ImagesSeen += n;
        return new GanStepResult(Step, ImagesSeen, stage, alpha, criticLoss, generatorLoss.Item(), critic.Wasserstein, critic.Penalty, critic.Auxiliary);
    }

    /// <summary>
    /// Where the data is masked (bad pixels, neighbours, missing bands, padding) the fake takes
    /// the real image's pixels, so neither network is judged on what the data does not show.
    /// </summary>
    public static Tensor MaskLike(Tensor fake, GanBatch batch) =>
        batch.Mask is null ? fake : fake.Mul(batch.Mask.RSub(1f)).Add(batch.Real.Mul(batch.Mask));

    /// <summary>Images from the EMA generator at the current position, [N, B, r, r] in normalised units.</summary>
    public Tensor SampleAverage(Tensor latent, Tensor? condition)
    {
        var (stage, alpha) = Position;
        var copy = new GanGenerator(Config, Data.Bands, Data.Encoding?.Size ?? 0, new PhiloxGenerator(0));
        Average.CopyTo(copy);
        using (Autograd.NoGrad()) return copy.Generate(latent, condition, stage, alpha);
    }

    /// <summary>Writes the full training state atomically (temporary file, then rename).</summary>
    public void Save(string path)
    {
        var c = Build();
        c.Step = Step;
        c.Metadata["images_seen"] = ImagesSeen.ToString(CultureInfo.InvariantCulture);
        c.Metadata["optimizer_stage"] = OptimizerStage.ToString(CultureInfo.InvariantCulture);
        var (stage, alpha) = Position;
        c.Metadata["stage"] = stage.ToString(CultureInfo.InvariantCulture);
        c.Metadata["alpha"] = alpha.ToString("R", CultureInfo.InvariantCulture);
        c.Metadata["seed"] = Seed.ToString(CultureInfo.InvariantCulture);
        c.Save(path);
    }

    /// <summary>Restores the state written by <see cref="Save"/>; a bad file throws <see cref="BadInputException"/> and changes nothing.</summary>
    public void Load(string path)
    {
        var c = Build();
        c.Load(path);
        if (!c.Metadata.TryGetValue("images_seen", out var seen) || !long.TryParse(seen, NumberStyles.Integer, CultureInfo.InvariantCulture, out var images) || images < 0)
            throw new BadInputException($"{path}: metadata 'images_seen' is missing or not a count");
        if (!c.Metadata.TryGetValue("optimizer_stage", out var os) || !int.TryParse(os, NumberStyles.Integer, CultureInfo.InvariantCulture, out var stage) || stage < 0 || stage >= Config.StageCount)
            throw new BadInputException($"{path}: metadata 'optimizer_stage' is missing or not a stage 0..{Config.StageCount - 1}");
        if (!c.Metadata.TryGetValue("seed", out var sd) || !ulong.TryParse(sd, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
            throw new BadInputException($"{path}: metadata 'seed' is missing or not an unsigned integer");
        Step = c.Step;
        Seed = seed;
        ImagesSeen = images;
        OptimizerStage = stage;
    }

    private Checkpoint Build() => new Checkpoint()
        .Add("generator", Generator).Add("critic", Critic).Add("ema", Average)
        .Add("optim_g", GeneratorOptimizer).Add("optim_d", CriticOptimizer).Add("rng", _rng);
}
