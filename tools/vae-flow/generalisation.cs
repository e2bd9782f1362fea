#:project ../../src/Galforge.Models/Galforge.Models.csproj
#:property PublishAot=false
// Generalisation of a VAE + flow run: the VAE's reconstruction chi2 per pixel on its training
// galaxies vs its held-out (validation) galaxies, the flow's NLL on training vs held-out latents
// against a diagonal Gaussian fitted to the training latents (the simplest density a flow must
// beat), and the held-out benchmark (HeldOutEvaluation) on the held-out galaxies and,
// for comparison, on as many training galaxies. The chi2 of an empty stamp (no galaxy at all)
// is given as the scale a reconstruction must improve on.
// Usage: dotnet run tools/vae-flow/generalisation.cs -- VAE_RUN FLOW_RUN [GENERATION_SEED]
using System.Text.Json;
using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Generation;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Galforge.Nn;

var vaeRunDir = args[0];
var flowRunDir = args[1];
var genSeed = args.Length > 2 ? ulong.Parse(args[2]) : 9001UL;
var vaeRun = RunFiles.ReadJson(Path.Combine(vaeRunDir, RunFiles.RunJson));
var cfg = VaeConfig.FromJson(vaeRun["config"]!.ToJsonString());
var seed = (ulong)RunFiles.Num(vaeRun, "seed", vaeRunDir);
var ds = GalaxyDataset.Read(RunFiles.Str(vaeRun, "dataset", vaeRunDir));
var scales = vaeRun["asinh_scales"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
var (train, val) = RunFiles.Split(ds.Count, cfg.ValidationFraction, seed);
var data = new VaeData(ds, scales);
var vae = new ConvVae(cfg, ds.BandCount, ds.Height, new PhiloxGenerator(0));
new Checkpoint().Add("vae", vae).Load(Path.Combine(vaeRunDir, RunFiles.Best));
vae.Eval();
var (trainLoss, trainChi2) = VaeTrainer.Validate(vae, data, train, cfg.BatchSize);
var (valLoss, valChi2) = VaeTrainer.Validate(vae, data, val, cfg.BatchSize);

// The chi2 per pixel of predicting an empty stamp: what a reconstruction has to improve on.
double ZeroChi2(int[] rows)
{
    double chi2 = 0;
    long pixels = 0;
    foreach (var g in rows)
        for (var b = 0; b < ds.BandCount; b++)
        {
            var sigma = ds.NoiseSigma(g, b);
            if (!(sigma > 0)) continue;
            var img = ds.Image(g, b);
            var mask = ds.Mask(g, b);
            for (var i = 0; i < img.Length; i++)
                if (mask[i] == 0) { chi2 += (img[i] / sigma) * (img[i] / sigma); pixels++; }
        }
    return chi2 / pixels;
}

var gen = VaeFlowGenerator.Load(flowRunDir);
var latents = FlowTrainer.EncodeMeans(gen.Vae, data);
var cond = ConditionColumns.Matrix(ds.Parameters, gen.ConditionNames, "dataset");
int d = gen.Vae.Latent, nc = gen.ConditionNames.Count;
double FlowNll(int[] rows)
{
    using var _ = Autograd.NoGrad();
    var x = new float[rows.Length * d];
    var c = new float[rows.Length * nc];
    for (var k = 0; k < rows.Length; k++)
    {
        latents.AsSpan(rows[k] * d, d).CopyTo(x.AsSpan(k * d));
        for (var j = 0; j < nc; j++) c[k * nc + j] = (float)cond[rows[k] * nc + j];
    }
    return -gen.Flow.LogProb(Tensor.FromArray(x, rows.Length, d), Tensor.FromArray(c, rows.Length, nc)).Mean().Item();
}
// Diagonal Gaussian fitted (maximum likelihood) to the training latents.
var mean = new double[d];
var sd = new double[d];
foreach (var r in train) for (var j = 0; j < d; j++) mean[j] += latents[r * d + j] / (double)train.Length;
foreach (var r in train) for (var j = 0; j < d; j++) sd[j] += Math.Pow(latents[r * d + j] - mean[j], 2) / train.Length;
for (var j = 0; j < d; j++) sd[j] = Math.Sqrt(sd[j]);
double GaussNll(int[] rows)
{
    double s = 0;
    foreach (var r in rows)
        for (var j = 0; j < d; j++)
        {
            var z = (latents[r * d + j] - mean[j]) / sd[j];
            s += 0.5 * z * z + Math.Log(sd[j]) + 0.5 * Math.Log(2 * Math.PI);
        }
    return s / rows.Length;
}

var trainSample = train.Take(val.Length).ToArray();
var (_, heldOut, _) = HeldOutEvaluation.Run(gen, ds.Subset(val), genSeed);
var (_, trainBench, _) = HeldOutEvaluation.Run(gen, ds.Subset(trainSample), genSeed);
var result = new JsonObject
{
    ["dataset"] = ds.Provenance.Source,
    ["galaxies"] = ds.Count,
    ["training_galaxies"] = train.Length,
    ["heldout_galaxies"] = val.Length,
    ["vae_chi2_per_pixel_training"] = Math.Round(trainChi2, 4),
    ["vae_chi2_per_pixel_heldout"] = Math.Round(valChi2, 4),
    ["empty_stamp_chi2_per_pixel_training"] = Math.Round(ZeroChi2(train), 4),
    ["empty_stamp_chi2_per_pixel_heldout"] = Math.Round(ZeroChi2(val), 4),
    ["vae_loss_training"] = Math.Round(trainLoss, 2),
    ["vae_loss_heldout"] = Math.Round(valLoss, 2),
    ["flow_nll_nats_training"] = Math.Round(FlowNll(train), 3),
    ["flow_nll_nats_heldout"] = Math.Round(FlowNll(val), 3),
    ["diagonal_gaussian_nll_nats_training"] = Math.Round(GaussNll(train), 3),
    ["diagonal_gaussian_nll_nats_heldout"] = Math.Round(GaussNll(val), 3),
    ["benchmark_heldout"] = heldOut,
    ["benchmark_training_sample"] = trainBench,
};
Console.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
