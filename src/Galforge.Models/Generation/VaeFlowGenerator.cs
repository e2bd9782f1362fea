using System.Text.Json.Nodes;
using Galforge.Engine;
using Galforge.Models.Flow;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Galforge.Nn;

namespace Galforge.Models.Generation;

/// <summary>
/// The VAE + conditional flow generator (Lanusse et al. 2021): conditions → Gaussian draw →
/// flow → latent → decoder → unconvolved multi-band image, in the training data's image units.
/// Loaded from a <c>vae-flow</c> run folder (run.json, vae.safetensors, flow.safetensors); the
/// SHA-256 of both weight files is checked against run.json, so a corrupted or swapped model is
/// refused with a one-line error.
/// </summary>
public sealed class VaeFlowGenerator : IGalaxyGenerator
{
    /// <summary>Model kind in run.json.</summary>
    public const string KindName = "vae-flow";

    /// <summary>VAE weights file in a vae-flow run.</summary>
    public const string VaeFile = "vae.safetensors";

    /// <summary>Flow weights file in a vae-flow run.</summary>
    public const string FlowFile = "flow.safetensors";

    private const ulong TextureStream = 0x7E47_0000_0000_0001UL;

    private const ulong RedrawStream = 0x5EDA_0000_0000_0002UL;

    /// <summary>Most redraws of the flow's base noise for one galaxy whose latent leaves the <see cref="Support"/>; after that it is clamped into it.</summary>
    public const int MaxRedraws = 32;

    private readonly double[] _scales;

    /// <summary>A generator from networks already in memory.</summary>
    public VaeFlowGenerator(ConvVae vae, ConditionalMaf flow, IReadOnlyList<string> bands, double pixelScale, double[] asinhScales,
        IReadOnlyList<string> conditionNames, double[] conditionMin, double[] conditionMax, DecoderTexture? texture = null, LatentSupport? support = null)
    {
        if (support is not null && support.Dimension != vae.Latent)
            throw new ArgumentException($"latent support of dimension {support.Dimension} for a latent of {vae.Latent}");
        Support = support;
        if (texture is not null && texture.Amplitudes.Count != bands.Count)
            throw new ArgumentException($"texture has {texture.Amplitudes.Count} amplitudes for {bands.Count} bands");
        Texture = texture;
        Vae = vae;
        Flow = flow;
        Bands = bands;
        PixelScale = pixelScale;
        _scales = asinhScales;
        ConditionNames = conditionNames;
        ConditionMin = conditionMin;
        ConditionMax = conditionMax;
    }

    /// <summary>The decoder's VAE.</summary>
    public ConvVae Vae { get; }

    /// <summary>The conditional flow on the latent space.</summary>
    public ConditionalMaf Flow { get; }

    /// <inheritdoc />
    public string Kind => KindName;

    /// <inheritdoc />
    public IReadOnlyList<string> Bands { get; }

    /// <inheritdoc />
    public int ImageSize => Vae.ImageSize;

    /// <inheritdoc />
    public double PixelScale { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> ConditionNames { get; }

    /// <summary>Smallest training value of each condition.</summary>
    public double[] ConditionMin { get; }

    /// <summary>Largest training value of each condition.</summary>
    public double[] ConditionMax { get; }

    /// <summary>
    /// Texture drawn on the decoder's mean image (calibrated when the flow was trained), or null
    /// for runs trained without one; <see cref="GenerationRequest.WithTexture"/> turns it off per request.
    /// </summary>
    public DecoderTexture? Texture { get; }

    /// <summary>
    /// Range of the training latents (recorded when the flow was trained), or null for runs trained
    /// before it was; generation redraws latents outside it (<see cref="LatentSupport"/>).
    /// </summary>
    public LatentSupport? Support { get; }

    /// <summary>Asinh scale of each band (image units): the decoder's output unit.</summary>
    public IReadOnlyList<double> AsinhScales => _scales;

    /// <summary>Loads a vae-flow run folder.</summary>
    public static VaeFlowGenerator Load(string runDir)
    {
        var runPath = Path.Combine(runDir, RunFiles.RunJson);
        var run = RunFiles.ReadJson(runPath);
        var kind = RunFiles.Str(run, "kind", runPath);
        if (kind != KindName) throw new BadInputException($"{runPath}: model kind '{kind}', expected '{KindName}'");
        if (RunFiles.Str(run, "format", runPath) != "galforge-run-1") throw new BadInputException($"{runPath}: format '{run["format"]}' is from another version, expected 'galforge-run-1'");
        foreach (var (file, key) in new[] { (VaeFile, "vae_sha256"), (FlowFile, "flow_sha256") })
        {
            var path = Path.Combine(runDir, file);
            if (!File.Exists(path)) throw new BadInputException($"{path}: model file missing");
            var want = RunFiles.Str(run, key, runPath);
            if (RunFiles.Sha256(path) != want) throw new BadInputException($"{path}: SHA-256 does not match '{key}' in run.json: the model file is corrupted or from another run");
        }
        var cfg = VaeConfig.FromJson(run["config"]!.ToJsonString());
        var fcfg = FlowConfig.FromJson(run["flow_config"]!.ToJsonString(), runPath);
        var bands = Strings(run, "bands", runPath);
        var size = (int)RunFiles.Num(run, "image_size", runPath);
        var conditions = Strings(run, "conditions", runPath);
        var vae = new ConvVae(cfg, bands.Length, size, new PhiloxGenerator(0));
        var flow = new ConditionalMaf(cfg.Latent, conditions.Length, new PhiloxGenerator(0), fcfg.Bijectors, fcfg.Hidden, fcfg.LogScaleClip);
        new Checkpoint().Add("vae", vae).Load(Path.Combine(runDir, VaeFile));
        new Checkpoint().Add("flow", flow).Load(Path.Combine(runDir, FlowFile));
        vae.Eval();
        flow.Eval();
        return new VaeFlowGenerator(vae, flow, bands, RunFiles.Num(run, "pixel_scale", runPath), Doubles(run, "asinh_scales", runPath),
            conditions, Doubles(run, "condition_min", runPath), Doubles(run, "condition_max", runPath),
            DecoderTexture.FromJson(run["texture"], bands.Length, runPath), LatentSupport.FromJson(run["latent_support"], cfg.Latent, runPath));
    }

    private static string[] Strings(JsonObject o, string key, string source) =>
        (o[key] as JsonArray ?? throw new BadInputException($"{source}: '{key}' is missing")).Select(v => v!.GetValue<string>()).ToArray();

    private static double[] Doubles(JsonObject o, string key, string source) =>
        (o[key] as JsonArray ?? throw new BadInputException($"{source}: '{key}' is missing")).Select(v => v!.GetValue<double>()).ToArray();

    /// <inheritdoc />
    public GeneratedGalaxies Generate(GenerationRequest request)
    {
        var nc = ConditionNames.Count;
        if (request.Count < 0) throw new BadInputException($"generate: count {request.Count}, expected >= 0");
        if (nc > 0 && (request.Conditions is null || request.Conditions.Length != request.Count * nc))
            throw new BadInputException($"generate: {request.Count} galaxies need {request.Count * nc} condition values ({string.Join(", ", ConditionNames)} per galaxy), got {request.Conditions?.Length ?? 0}");
        using var _ = Autograd.NoGrad();
        int n = request.Count, d = Vae.Latent, b = Bands.Count, px = ImageSize * ImageSize;
        var rng = new PhiloxGenerator(request.Seed);
        var u = Tensor.RandN(rng, Math.Max(n, 1), d);
        // A stream of its own, so the latents of a seed are the same with and without the texture.
        var textureRng = new PhiloxGenerator(request.Seed ^ TextureStream);
        var texture = request.WithTexture ? Texture : null;
        // Redraws come from a stream of their own, so the galaxies that need none keep their latents.
        var redrawRng = new PhiloxGenerator(request.Seed ^ RedrawStream);
        var redraws = new int[n];
        var images = new float[(long)n * b * px];
        var latents = new float[n * d];
        const int chunk = 64;
        for (var s = 0; s < n; s += chunk)
        {
            var m = Math.Min(chunk, n - s);
            Tensor? c = null;
            if (nc > 0)
            {
                var cf = new float[m * nc];
                for (var i = 0; i < cf.Length; i++) cf[i] = (float)request.Conditions![s * nc + i];
                c = Tensor.FromArray(cf, m, nc);
            }
            var z = Flow.FromBase(u.Narrow(0, s, m).Clone(), c);
            if (Support is not null) Redraw(z, c, redrawRng, redraws.AsSpan(s, m));
            z.Data.CopyTo(latents.AsSpan(s * d, m * d));
            Vae.DecodeToFlux(z.Data, m, _scales, images.AsSpan(s * b * px, m * b * px));
            texture?.ApplyAll(images, s, m, ImageSize, textureRng);
        }
        return new GeneratedGalaxies(images, n, latents, d, request.Conditions, request.Seed, Support is null ? null : redraws);
    }

    // Redraws the base noise of the rows of z outside the support (all such rows of the chunk at
    // once, in row order, so the draws depend only on the seed), up to MaxRedraws times; a row
    // still outside is clamped and counted as MaxRedraws + 1.
    private void Redraw(Tensor z, Tensor? c, PhiloxGenerator rng, Span<int> redraws)
    {
        var support = Support!;
        int m = z.Shape[0], d = z.Shape[1], nc = c?.Shape[1] ?? 0;
        var zs = z.Data;
        var bad = new List<int>();
        for (var r = 0; r < m; r++) if (!support.Contains(zs.Slice(r * d, d))) bad.Add(r);
        for (var attempt = 1; attempt <= MaxRedraws && bad.Count > 0; attempt++)
        {
            Tensor? cb = null;
            if (c is not null)
            {
                var cf = new float[bad.Count * nc];
                for (var k = 0; k < bad.Count; k++) c.Data.Slice(bad[k] * nc, nc).CopyTo(cf.AsSpan(k * nc, nc));
                cb = Tensor.FromArray(cf, bad.Count, nc);
            }
            var fresh = Flow.FromBase(Tensor.RandN(rng, bad.Count, d), cb).Data;
            var still = new List<int>();
            for (var k = 0; k < bad.Count; k++)
            {
                var row = bad[k];
                fresh.Slice(k * d, d).CopyTo(zs.Slice(row * d, d));
                redraws[row] = attempt;
                if (!support.Contains(zs.Slice(row * d, d))) still.Add(row);
            }
            bad = still;
        }
        foreach (var row in bad)
        {
            support.Clamp(zs.Slice(row * d, d));
            redraws[row] = MaxRedraws + 1;
        }
    }

    /// <summary>
    /// For each condition, how far the requested values go outside the training range:
    /// (name, requested extreme, training min, training max) for every condition with a value outside.
    /// </summary>
    public IReadOnlyList<(string Name, double Value, double Min, double Max)> OutOfRange(double[] conditions)
    {
        var nc = ConditionNames.Count;
        var list = new List<(string, double, double, double)>();
        if (nc == 0) return list;
        for (var j = 0; j < nc; j++)
        {
            double worst = double.NaN, dist = 0;
            for (var i = j; i < conditions.Length; i += nc)
            {
                var v = conditions[i];
                var dd = v < ConditionMin[j] ? ConditionMin[j] - v : v > ConditionMax[j] ? v - ConditionMax[j] : 0;
                if (dd > dist) { dist = dd; worst = v; }
            }
            if (dist > 0) list.Add((ConditionNames[j], worst, ConditionMin[j], ConditionMax[j]));
        }
        return list;
    }
}
