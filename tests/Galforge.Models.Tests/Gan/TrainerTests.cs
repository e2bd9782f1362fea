using Galforge.Engine;
using Galforge.Models.Gan;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Gan;

/// <summary>Training steps, the critic learning, masks and exact resume.</summary>
public sealed class TrainerTests
{
    [Fact]
    public void CriticLossFallsOnATrivialDistribution()
    {
        // Real: noisy round blobs; fake: a fixed untrained generator. The critic alone trains
        // with the full WGAN-GP loss, which must fall well below where it starts.
        var config = GanTestData.Tiny(phase: 1000);
        var data = new GanTrainingData(GanTestData.Blobs(16, 1, 8, 1), config, "blobs");
        var t = new ProgressiveGanTrainer(config, data, 42);
        var rng = new PhiloxGenerator(7);
        var losses = new List<float>();
        for (var i = 0; i < 30; i++)
        {
            var batch = data.Sample(rng, 4, 1, 1f);
            Tensor fake;
            using (Autograd.NoGrad()) fake = t.Generator.Generate(Tensor.RandN(rng, 4, config.LatentSize), null, 1, 1f);
            var loss = WganGp.Critic(t.Critic, batch.Real, fake, Tensor.Rand(rng, 4, 1, 1, 1), null, null, 1, 1f, 10f, 1e-3f, 0f);
            t.CriticOptimizer.ZeroGrad();
            loss.Total.Backward();
            t.CriticOptimizer.Step();
            losses.Add(loss.Total.Item());
        }
        double first = losses.Take(5).Average(), last = losses.Skip(25).Average();
        Assert.True(last < first - 1, $"critic loss mean {first} over steps 1-5, {last} over steps 26-30");
    }

    [Fact]
    public void GeneratorMovesTowardsTheData()
    {
        // One 4x4 stage on bright blobs: the EMA-free generator's mean image must approach the
        // data's mean image (the distance at least halves) within 120 steps.
        var config = new ProgressiveGanConfig { LatentSize = 8, Channels = [16], ImagesPerPhase = 100000, BatchSize = 8, EmaDecay = 0 };
        var data = new GanTrainingData(GanTestData.Blobs(32, 1, 4, 8, noise: 0.02f), config, "blobs");
        var t = new ProgressiveGanTrainer(config, data, 5);
        var rng = new PhiloxGenerator(99);
        var real = data.Sample(rng, 64, 0, 1f).Real.Mean(0).ToArray();
        var z = Tensor.RandN(rng, 64, config.LatentSize);
        double Distance()
        {
            using var _ = Autograd.NoGrad();
            var g = t.Generator.Generate(z, null, 0, 1f).Mean(0).ToArray();
            double d = 0;
            for (var i = 0; i < g.Length; i++) d += (g[i] - real[i]) * (g[i] - real[i]);
            return Math.Sqrt(d / g.Length);
        }
        var before = Distance();
        for (var i = 0; i < 120; i++) t.TrainStep();
        var after = Distance();
        Assert.True(after < 0.5 * before, $"rms distance of mean images {before} before, {after} after training");
    }

    [Fact]
    public void FullStepsStayFinite()
    {
        var config = GanTestData.Tiny("params", phase: 8);
        var t = new ProgressiveGanTrainer(config, new GanTrainingData(GanTestData.Blobs(8, 2, 8, 2), config, "blobs"), 3);
        for (var i = 0; i < 6; i++)
        {
            var r = t.TrainStep();
            Assert.True(float.IsFinite(r.CriticLoss) && float.IsFinite(r.GeneratorLoss) && float.IsFinite(r.Auxiliary) && r.Auxiliary > 0, r.ToString());
        }
    }

    [Fact]
    public void OptimizersAreResetAtANewResolution()
    {
        var config = GanTestData.Tiny(phase: 8);
        var t = new ProgressiveGanTrainer(config, new GanTrainingData(GanTestData.Blobs(8, 2, 8, 2), config, "blobs"), 1);
        var before = t.CriticOptimizer;
        t.TrainStep();
        t.TrainStep();
        Assert.Same(before, t.CriticOptimizer);
        Assert.Equal(2, t.CriticOptimizer.StepCount);
        var r = t.TrainStep();                   // images 8: stage 1 fade-in begins
        Assert.Equal((1, 0f), (r.Stage, r.Alpha));
        Assert.NotSame(before, t.CriticOptimizer);
        Assert.Equal(1, t.CriticOptimizer.StepCount);
        Assert.Equal(1, t.OptimizerStage);
        Assert.Equal(0.5f, t.TrainStep().Alpha);
    }

    [Fact]
    public void ResumeInTheMiddleOfAFadeInIsBitForBit()
    {
        var config = GanTestData.Tiny("class", phase: 8);
        config.ClassEdges = [2.0];
        var data = new GanTrainingData(GanTestData.Blobs(12, 2, 8, 3), config, "blobs");
        using var dir = new TempDirectory();
        var a = new ProgressiveGanTrainer(config, data, 9);
        for (var i = 0; i < 3; i++) a.TrainStep();     // images 12: stage 1, alpha 0.5 next
        Assert.Equal((1, 0.5f), a.Position);
        a.Save(dir.File("ckpt.safetensors"));
        var b = new ProgressiveGanTrainer(config, data, 12345);
        b.Load(dir.File("ckpt.safetensors"));
        Assert.Equal(a.Step, b.Step);
        var straight = new List<GanStepResult>();
        var resumed = new List<GanStepResult>();
        for (var i = 0; i < 3; i++) { straight.Add(a.TrainStep()); resumed.Add(b.TrainStep()); }
        Assert.Equal(straight, resumed);
        a.Save(dir.File("a.safetensors"));
        b.Save(dir.File("b.safetensors"));
        Assert.True(File.ReadAllBytes(dir.File("a.safetensors")).AsSpan().SequenceEqual(File.ReadAllBytes(dir.File("b.safetensors"))), "checkpoints differ");
    }

    [Fact]
    public void CorruptCheckpointIsABadInputAndLeavesTheTrainerUntouched()
    {
        var config = GanTestData.Tiny();
        var data = new GanTrainingData(GanTestData.Blobs(4, 1, 8, 4), config, "blobs");
        using var dir = new TempDirectory();
        var t = new ProgressiveGanTrainer(config, data, 1);
        t.TrainStep();
        t.Save(dir.File("c.safetensors"));
        var bytes = File.ReadAllBytes(dir.File("c.safetensors"));
        bytes[^5] ^= 0x5A;
        File.WriteAllBytes(dir.File("bad.safetensors"), bytes);
        var fresh = new ProgressiveGanTrainer(config, data, 1);
        var w = fresh.Generator.NamedParameters()[0].Value.ToArray();
        var e = Assert.ThrowsAny<BadInputException>(() => fresh.Load(dir.File("bad.safetensors")));
        Assert.Contains("bad.safetensors", e.Message);
        Assert.Equal(w, fresh.Generator.NamedParameters()[0].Value.ToArray());
        Assert.Equal(0, fresh.Step);
        var other = GanTestData.Tiny();
        other.Channels = [8, 4];
        var mismatched = new ProgressiveGanTrainer(other, data, 1);
        Assert.ThrowsAny<BadInputException>(() => mismatched.Load(dir.File("c.safetensors")));
    }

    [Fact]
    public void DataIsArcsinhNormalisedAndMasksReachTheFakes()
    {
        var ds = GanTestData.Blobs(2, 2, 8, 5);
        ds.Mask(1, 0)[10] = 1;                     // one bad pixel in galaxy 1, band 0
        var config = GanTestData.Tiny();
        var data = new GanTrainingData(ds, config, "blobs");
        var scale = data.Normalization.Scales[1];
        Assert.Equal(3 * 0.05, scale, 6);
        Assert.Equal((float)Math.Asinh(ds.Image(0, 1)[17] / scale), data.Image(0)[64 + 17], 5);
        var rng = new PhiloxGenerator(1);
        GanBatch? masked = null;
        for (var i = 0; i < 20 && masked is null; i++)
        {
            var b = data.Sample(rng, 1, 1, 1f);
            if (b.Mask is not null) masked = b;
        }
        Assert.NotNull(masked);
        Assert.Equal(1f, masked!.Mask!.Data.ToArray().Sum());
        var fake = Tensor.Full(100f, 1, 2, 8, 8);
        var mixed = ProgressiveGanTrainer.MaskLike(fake, masked).ToArray();
        var real = masked.Real.ToArray();
        var m = masked.Mask.ToArray();
        for (var i = 0; i < m.Length; i++) Assert.Equal(m[i] > 0 ? real[i] : 100f, mixed[i]);
    }

    [Fact]
    public void ObservedFakesCarryTheDataNoiseThroughTheSamePipeline()
    {
        // 64 galaxies of 16x16 (stages 4, 8, 16), sky sigma 0.05 in both bands: the asinh scale is
        // 3 sigma, so on an empty fake (asinh units 0) the observed noise is asinh(N(0, 1/3)).
        var ds = GanTestData.Blobs(4, 2, 16, 7);
        var config = GanTestData.Tiny();
        config.Channels = [8, 6, 4];
        var plain = new GanTrainingData(ds, config, "blobs");
        var empty = Tensor.Zeros(64, 2, 16, 16);
        Assert.Same(empty, plain.Observe(empty, new PhiloxGenerator(1), 2, 1f));
        Assert.Null(plain.NoiseSigmas);

        config.ObserveNoise = true;
        var data = new GanTrainingData(ds, config, "blobs");
        Assert.Equal([0.05, 0.05], data.NoiseSigmas!.Select(v => Math.Round(v, 6)));
        double Std(Tensor t) { var v = t.ToArray(); var m = v.Average(); return Math.Sqrt(v.Select(x => (x - m) * (x - m)).Average()); }
        // Expected std of asinh(N(0, s)) by quadrature, s = 1/3.
        double Expected(double s)
        {
            double acc = 0, norm = 0;
            for (var x = -8.0; x <= 8.0; x += 1e-3) { var w = Math.Exp(-x * x / 2); acc += w * Math.Pow(Math.Asinh(s * x), 2); norm += w; }
            return Math.Sqrt(acc / norm);
        }
        var full = data.Observe(Tensor.Zeros(64, 2, 16, 16), new PhiloxGenerator(2), 2, 1f);
        Assert.Equal(Expected(1 / 3.0), Std(full), 2);
        // At 8x8 the noise went through the same 2x2 average as the real images: half the std.
        var half = data.Observe(Tensor.Zeros(64, 2, 8, 8), new PhiloxGenerator(3), 1, 1f);
        Assert.Equal(new[] { 64, 2, 8, 8 }, half.Shape.ToArray());
        Assert.Equal(Expected(1 / 3.0) / 2, Std(half), 2);
        // A bright fake keeps its value on average (noise is small next to it) and gradients flow.
        var bright = Tensor.Full(3f, 64, 2, 16, 16).RequiresGrad_();
        var seen = data.Observe(bright, new PhiloxGenerator(4), 2, 1f);
        Assert.Equal(3.0, seen.ToArray().Average(), 2);
        seen.Sum().Backward();
        Assert.Equal(1.0, bright.Grad!.ToArray().Average(), 2);
    }

    [Fact]
    public void ObservedFakesCarryTheSourcePoissonNoiseWhereTheDatasetKnowsTheGain()
    {
        // Sky sigma 0.05, asinh scale 0.15, gain 20 electrons per flux unit. A fake at asinh value 3
        // is u = sinh(3) = 10.02 scales (1.50 flux units): in units of the scale its noise variance
        // is (1/3)^2 + u / (gain * scale) = 0.111 + 3.34, not the sky's 0.111 alone.
        var config = GanTestData.Tiny();
        config.Channels = [8, 6, 4];
        config.ObserveNoise = true;
        var withGain = new GanTrainingData(GanTestData.Blobs(4, 2, 16, 7, gain: 20), config, "blobs");
        Assert.Equal([20.0, 20.0], withGain.NoiseGains!);
        var legacy = new GanTrainingData(GanTestData.Blobs(4, 2, 16, 7, gain: 20), config, "blobs", sourceNoise: false);
        Assert.Null(legacy.NoiseGains);
        var unknown = new GanTrainingData(GanTestData.Blobs(4, 2, 16, 7), config, "blobs");
        Assert.Equal([0.0, 0.0], unknown.NoiseGains!);

        double Std(Tensor t) { var v = t.ToArray(); var m = v.Average(); return Math.Sqrt(v.Select(x => (x - m) * (x - m)).Average()); }
        // Std of asinh(u + s N) by quadrature.
        double Expected(double u, double s)
        {
            double acc = 0, acc2 = 0, norm = 0;
            for (var x = -8.0; x <= 8.0; x += 1e-3) { var w = Math.Exp(-x * x / 2); var y = Math.Asinh(u + s * x); acc += w * y; acc2 += w * y * y; norm += w; }
            return Math.Sqrt(acc2 / norm - acc * acc / norm / norm);
        }
        double u = Math.Sinh(3);
        var bright = Tensor.Full(3f, 64, 2, 16, 16);
        Assert.Equal(Expected(u, Math.Sqrt(1 / 9.0 + u / (20 * 0.15))), Std(withGain.Observe(bright, new PhiloxGenerator(5), 2, 1f)), 2);
        Assert.Equal(Expected(u, 1 / 3.0), Std(legacy.Observe(bright, new PhiloxGenerator(5), 2, 1f)), 3);
        Assert.Equal(Expected(u, 1 / 3.0), Std(unknown.Observe(bright, new PhiloxGenerator(5), 2, 1f)), 3);
        // Empty sky has no source term.
        Assert.Equal(Expected(0, 1 / 3.0), Std(withGain.Observe(Tensor.Zeros(64, 2, 16, 16), new PhiloxGenerator(6), 2, 1f)), 2);
        // The gradient reaches the fake through the noise amplitude too, and stays finite at zero flux.
        var fake = Tensor.Full(0f, 8, 2, 16, 16).RequiresGrad_();
        withGain.Observe(fake, new PhiloxGenerator(7), 2, 1f).Sum().Backward();
        Assert.All(fake.Grad!.ToArray(), g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void WrongStampSizeIsABadInput()
    {
        var e = Assert.ThrowsAny<BadInputException>(() => new GanTrainingData(GanTestData.Blobs(2, 1, 16, 1), GanTestData.Tiny(), "set16"));
        Assert.Contains("set16", e.Message);
        Assert.Contains("16x16", e.Message);
    }
}
