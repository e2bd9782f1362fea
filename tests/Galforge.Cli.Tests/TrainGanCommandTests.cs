using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Gan;
using Galforge.Models.Generation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Cli.Tests;

/// <summary><c>galforge train gan</c>: run folders, exact resume, bad input.</summary>
public sealed class TrainGanCommandTests
{
    private const string TinyConfig = """
        { "latent_size": 8, "channels": [8, 6], "images_per_phase": 8, "final_images": 8,
          "batch_size": 4, "checkpoint_every": 2, "sample_every": 3 }
        """;

    /// <summary>Round blobs of two sizes (sersic_n 1 or 4) with noise, bands g, r.</summary>
    private static string Dataset(TempDirectory dir, string name, int size = 8, string[]? bands = null)
    {
        bands ??= ["g", "r"];
        var ds = new GalaxyDataset([.. bands.Select(b => new DatasetBand(b, 0.2, 27))], 8, size, size, 3, 3);
        var rng = new PhiloxGenerator(11);
        var n = new double[ds.Count];
        for (var g = 0; g < ds.Count; g++)
        {
            var width = g % 2 == 0 ? 0.8 : 2.0;
            n[g] = g % 2 == 0 ? 1 : 4;
            for (var b = 0; b < bands.Length; b++)
            {
                var img = ds.Image(g, b);
                for (var i = 0; i < img.Length; i++)
                {
                    double dx = i % size - (size - 1) / 2.0, dy = i / size - (size - 1) / 2.0;
                    img[i] = (float)(2 * Math.Exp(-(dx * dx + dy * dy) / (2 * width * width))) + 0.05f * rng.NextNormal();
                }
                ds.SetNoiseSigma(g, b, 0.05f);
            }
        }
        ds.Parameters.Set("sersic_n", n);
        var path = dir.File(name);
        ds.Write(path);
        return path;
    }

    private static string Config(TempDirectory dir)
    {
        var path = dir.File("tiny.json");
        File.WriteAllText(path, TinyConfig);
        return path;
    }

    [Fact]
    public void TrainsAndWritesARunFolderThatGenerates()
    {
        using var dir = new TempDirectory();
        var data = Dataset(dir, "set");
        var run = dir.File("run");
        var (code, output, error) = CliRunner.Run("train", "gan", "--data", data, "--out", run, "--config", Config(dir), "--seed", "5", "--log-every", "1");
        Assert.True(code == 0, error);
        Assert.Contains("alpha 0.50", output);
        Assert.Contains("img/s", output);
        Assert.Contains("schedule complete", output);
        foreach (var f in new[] { "config.json", "run.json", "checkpoint.safetensors", "samples/step-00000003.png", "samples/step-00000006.png" })
            Assert.True(File.Exists(Path.Combine(run, f)), f);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp*", SearchOption.AllDirectories));
        var generator = ProgressiveGanGenerator.Load(run);
        IGalaxyGenerator g = generator;
        Assert.Equal("progressive-gan", g.Kind);
        Assert.Equal(["g", "r"], g.Bands);
        Assert.Equal(8, g.ImageSize);
        Assert.Equal(0.2, g.PixelScale);
        Assert.Empty(g.ConditionNames);
        var a = g.Generate(new GenerationRequest(5, null, 3));
        var b = g.Generate(new GenerationRequest(5, null, 3));
        Assert.Equal(5 * 2 * 64, a.Images.Length);
        Assert.Equal(a.Images, b.Images);
        Assert.Equal(5 * 8, a.Latents.Length);
        Assert.NotEqual(a.Images, g.Generate(new GenerationRequest(5, null, 4)).Images);
        Assert.All(a.Images, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void ResumeMidFadeInEqualsAStraightRunBitForBit()
    {
        using var dir = new TempDirectory();
        var data = Dataset(dir, "set");
        var config = Config(dir);
        string A = dir.File("a"), B = dir.File("b");
        Assert.Equal(0, CliRunner.Run("train", "gan", "--data", data, "--out", A, "--config", config, "--condition", "class", "--steps", "3").Code);
        var (code, output, _) = CliRunner.Run("train", "gan", "--data", data, "--out", A, "--resume", "--steps", "2");
        Assert.Equal(0, code);
        Assert.Contains("resuming", output);
        Assert.Contains("at step 3 (12 images)", output);   // stage 1 at alpha 0.5: mid fade-in
        Assert.Equal(0, CliRunner.Run("train", "gan", "--data", data, "--out", B, "--config", config, "--condition", "class", "--steps", "5").Code);
        var a = File.ReadAllBytes(Path.Combine(A, "checkpoint.safetensors"));
        var b = File.ReadAllBytes(Path.Combine(B, "checkpoint.safetensors"));
        Assert.True(a.AsSpan().SequenceEqual(b), "resumed checkpoint differs from the straight run");
        var g = ProgressiveGanGenerator.Load(A);
        Assert.Equal(["class"], g.ConditionNames);
        Assert.Equal(2, g.Info.Condition!.Classes.Length);
        var e = Assert.Throws<BadInputException>(() => g.Generate(new GenerationRequest(2, [0, 2], 1)));
        Assert.Contains("class 2", e.Message);
    }

    [Fact]
    public void BadInputIsOneLineExit2AndWritesNothing()
    {
        using var dir = new TempDirectory();
        var data = Dataset(dir, "set");
        var big = Dataset(dir, "big", size: 16);
        var config = Config(dir);
        void Bad(string expected, params string[] args)
        {
            var before = Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Length;
            var (code, _, error) = CliRunner.Run(args);
            Assert.Equal(2, code);
            Assert.Contains(expected, error);
            Assert.Single(error.TrimEnd().Split('\n'));
            Assert.Equal(before, Directory.GetFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories).Length);
        }
        Bad("16x16", "train", "gan", "--data", big, "--out", dir.File("r1"), "--config", config);
        Bad("--condition 'shape'", "train", "gan", "--data", data, "--out", dir.File("r2"), "--condition", "shape");
        Bad("--steps -1", "train", "gan", "--data", data, "--out", dir.File("r2"), "--steps", "-1");
        File.WriteAllText(dir.File("badkey.json"), """{ "chanels": [4] }""");
        Bad("badkey.json", "train", "gan", "--data", data, "--out", dir.File("r3"), "--config", dir.File("badkey.json"));
        File.WriteAllText(dir.File("badbatch.json"), """{ "channels": [4, 4], "batch_size": 6 }""");
        Bad("batch_size", "train", "gan", "--data", data, "--out", dir.File("r3"), "--config", dir.File("badbatch.json"));
        Bad("run folder not found", "train", "gan", "--data", data, "--out", dir.File("r4"), "--resume");
        Bad("nothing", "train", "gan", "--data", dir.File("nothing"), "--out", dir.File("r5"), "--config", config);

        var run = dir.File("run");
        Assert.Equal(0, CliRunner.Run("train", "gan", "--data", data, "--out", run, "--config", config, "--steps", "1").Code);
        Bad("not empty", "train", "gan", "--data", data, "--out", run, "--config", config);
        Bad("--seed cannot be combined with --resume", "train", "gan", "--data", data, "--out", run, "--resume", "--seed", "3");
        var other = Dataset(dir, "other", bands: ["g", "i"]);
        Bad("do not match the run's bands g,r", "train", "gan", "--data", other, "--out", run, "--resume");
        var ckpt = Path.Combine(run, "checkpoint.safetensors");
        var bytes = File.ReadAllBytes(ckpt);
        bytes[^3] ^= 0x41;
        File.WriteAllBytes(ckpt, bytes);
        Bad("checkpoint.safetensors", "train", "gan", "--data", data, "--out", run, "--resume");
        Assert.Equal(bytes, File.ReadAllBytes(ckpt));
        Assert.Throws<BadInputException>(() => ProgressiveGanGenerator.Load(run));
    }
}
