using System.Text.Json;
using Galforge.Engine;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Nn.Tests;

public class CheckpointTests
{
    private sealed class Run
    {
        public Run(ulong seed)
        {
            Rng = new PhiloxGenerator(seed);
            Net = new SmallNet(Rng);
            Opt = new Adam(Net.NamedParameters(), 1e-2, 0.0, 0.99);
            Ema = new ExponentialMovingAverage(Net, 0.95);
            X = Tensor.RandN(new PhiloxGenerator(100), 8, 5);
            Target = Tensor.RandN(new PhiloxGenerator(101), 8, 3);
        }

        public PhiloxGenerator Rng { get; }
        public SmallNet Net { get; }
        public Adam Opt { get; }
        public ExponentialMovingAverage Ema { get; }
        public Tensor X { get; }
        public Tensor Target { get; }
        public long Step { get; set; }

        public Checkpoint Parts() => new Checkpoint().Add("model", Net).Add("opt", Opt).Add("ema", Ema).Add("rng", Rng);

        /// <summary>One step with fresh input noise from the run's generator, so the RNG state matters.</summary>
        public void Train(int steps)
        {
            for (var i = 0; i < steps; i++)
            {
                Opt.ZeroGrad();
                var noisy = X.Add(Tensor.Normal(Rng, 0f, 0.1f, 8, 5));
                SmallNet.Loss(Net.Forward(noisy), Target).Backward();
                GradientClipping.ClipByGlobalNorm(Net.Parameters(), 1.0);
                new LinearWarmup(new CosineDecay(1e-2, 20), 3).ApplyTo(Opt);
                Opt.Step();
                Ema.Update();
                Step++;
            }
        }
    }

    [Fact]
    public void ResumedTrainingEqualsStraightTrainingBitForBit()
    {
        using var dir = new TempDirectory();
        var straight = new Run(11);
        straight.Train(7);

        var first = new Run(11);
        first.Train(4);
        var ck = first.Parts();
        ck.Step = first.Step;
        ck.Metadata["seed"] = "11";
        ck.Save(dir.File("run.safetensors"));

        var resumed = new Run(999); // different initial weights and generator: all must come from the file
        var loaded = resumed.Parts();
        loaded.Load(dir.File("run.safetensors"));
        Assert.Equal(4, loaded.Step);
        Assert.Equal("11", loaded.Metadata["seed"]);
        resumed.Step = loaded.Step;
        resumed.Train(3);

        Assert.Equal(straight.Opt.StepCount, resumed.Opt.StepCount);
        Assert.Equal(straight.Rng.State, resumed.Rng.State);
        var a = straight.Net.NamedParameters();
        var b = resumed.Net.NamedParameters();
        for (var i = 0; i < a.Count; i++) Assert.Equal(a[i].Value.ToArray(), b[i].Value.ToArray());
        var ea = straight.Ema.StateTensors();
        var eb = resumed.Ema.StateTensors();
        for (var i = 0; i < ea.Count; i++) Assert.Equal(ea[i].Value.ToArray(), eb[i].Value.ToArray());
    }

    [SkippableFact]
    public void PythonReadsOurFileWithJsonAndStructOnly()
    {
        ReferenceTool.RequirePythonModule("numpy", "python3-numpy");
        using var dir = new TempDirectory();
        var run = new Run(3);
        run.Train(2);
        var ck = run.Parts();
        ck.Step = 2;
        ck.Metadata["note"] = "päd ✓";
        var path = dir.File("ck.safetensors");
        ck.Save(path);

        var json = ReferenceTool.RunPython($"tools/torch_nn/read_safetensors.py \"{path}\"");
        using var doc = JsonDocument.Parse(json);
        var meta = doc.RootElement.GetProperty("metadata");
        Assert.Equal("2", meta.GetProperty("galforge.step").GetString());
        Assert.Equal("päd ✓", meta.GetProperty("note").GetString());
        Assert.Equal("adam", meta.GetProperty("galforge.opt.kind").GetString());
        var tensors = doc.RootElement.GetProperty("tensors");
        var expected = new List<KeyValuePair<string, Tensor>>();
        foreach (var (n, t) in run.Net.StateTensors()) expected.Add(new("model." + n, t));
        foreach (var (n, t) in run.Opt.StateTensors()) expected.Add(new("opt." + n, t));
        foreach (var (n, t) in run.Ema.StateTensors()) expected.Add(new("ema." + n, t));
        Assert.Equal(expected.Count, tensors.EnumerateObject().Count());
        foreach (var (name, t) in expected)
        {
            var e = tensors.GetProperty(name);
            Assert.Equal("F32", e.GetProperty("dtype").GetString());
            Assert.Equal(t.Shape, e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
            Assert.Equal(t.ToArray(), e.GetProperty("values").EnumerateArray().Select(v => (float)v.GetDouble()));
        }
    }

    [Fact]
    public void HeaderIsPaddedAndOffsetsAreContiguous()
    {
        using var dir = new TempDirectory();
        var path = dir.File("t.safetensors");
        SafeTensorsFile.Write(path, [new("a", Tensor.Arange(3)), new("b", Tensor.Ones(2, 2))], new Dictionary<string, string> { ["k"] = "v" });
        var bytes = File.ReadAllBytes(path);
        var n = (long)BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0, (8 + n) % 8);
        Assert.Equal(8 + n + 4 * 7, bytes.Length);
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        Assert.Equal([0, 12], doc.RootElement.GetProperty("a").GetProperty("data_offsets").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal([12, 28], doc.RootElement.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(v => v.GetInt32()));
        var back = SafeTensorsFile.Read(path);
        Assert.Equal(["a", "b"], back.Names);
        Assert.Equal([0f, 1f, 2f], back.Get("a").ToArray());
        Assert.Equal("v", back.Meta("k"));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void CorruptTruncatedAndMismatchedFilesGiveOneLineErrorsNamingFileAndTensor()
    {
        using var dir = new TempDirectory();
        var run = new Run(5);
        var path = dir.File("ck.safetensors");
        run.Parts().Save(path);
        var good = File.ReadAllBytes(path);

        var flipped = (byte[])good.Clone();
        flipped[^3] ^= 0x40;
        File.WriteAllBytes(dir.File("flipped.safetensors"), flipped);
        var e = Assert.Throws<BadInputException>(() => new Run(5).Parts().Load(dir.File("flipped.safetensors")));
        Assert.Contains("flipped.safetensors", e.Message);
        Assert.Contains("checksum", e.Message);

        File.WriteAllBytes(dir.File("short.safetensors"), good[..^10]);
        e = Assert.Throws<BadInputException>(() => new Run(5).Parts().Load(dir.File("short.safetensors")));
        Assert.Contains("short.safetensors", e.Message);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("tensor '", e.Message);

        File.WriteAllBytes(dir.File("tiny.safetensors"), good[..5]);
        e = Assert.Throws<BadInputException>(() => SafeTensorsFile.Read(dir.File("tiny.safetensors")));
        Assert.Contains("tiny.safetensors", e.Message);

        File.WriteAllBytes(dir.File("header.safetensors"), good[..40]);
        e = Assert.Throws<BadInputException>(() => SafeTensorsFile.Read(dir.File("header.safetensors")));
        Assert.Contains("header.safetensors", e.Message);

        // same names, other architecture: fc1 with 6 hidden units
        var other = new Checkpoint().Add("model", new WideNet(new PhiloxGenerator(1)));
        e = Assert.Throws<BadInputException>(() => other.Load(path));
        Assert.Contains("'model.fc1.weight'", e.Message);
        Assert.Contains("[4, 5]", e.Message);

        var sgd = new Sgd(run.Net.NamedParameters(), 0.1, momentum: 0.9);
        e = Assert.Throws<BadInputException>(() => new Checkpoint().Add("opt", sgd).Load(path));
        Assert.Contains("'adam'", e.Message);

        e = Assert.Throws<BadInputException>(() => new Checkpoint().Add("gen", run.Net).Load(path));
        Assert.Contains("'gen.fc1.weight' is missing", e.Message);
    }

    [Fact]
    public void AFailedLoadLeavesTheModelUntouched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ck.safetensors");
        new Checkpoint().Add("model", new SmallNet(new PhiloxGenerator(1))).Save(path);
        var net = new SmallNet(new PhiloxGenerator(2));
        var before = net.Parameters().Select(p => p.ToArray()).ToArray();
        var opt = new Adam(net.NamedParameters());
        Assert.Throws<BadInputException>(() => new Checkpoint().Add("model", net).Add("opt", opt).Load(path));
        var after = net.Parameters().Select(p => p.ToArray()).ToArray();
        for (var i = 0; i < before.Length; i++) Assert.Equal(before[i], after[i]);
    }

    private sealed class WideNet : Module
    {
        public WideNet(PhiloxGenerator rng)
        {
            RegisterModule("fc1", new Linear(5, 6, rng));
            RegisterModule("fc2", new Linear(6, 3, rng));
        }

        public override Tensor Forward(Tensor input) => input;
    }
}
