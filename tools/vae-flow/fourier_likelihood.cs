#:project ../../src/Galforge.Models/Galforge.Models.csproj
#:property PublishAot=false
// Reconstruction error against the noise-free truth for VAE runs trained with different
// likelihoods (pixel vs Fourier, docs/vae-flow.md): for each run's held-out (validation) galaxies,
// the PSF-convolved decoder output of the encoder mean against the same galaxies simulated
// without noise (galforge simulate --no-noise, same seed), RMS in units of the sky sigma.
// Usage: dotnet run tools/vae-flow/fourier_likelihood.cs -- NOISY_SET TRUTH_SET VAE_RUN...
using Galforge.Astro.Datasets;
using Galforge.Engine;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Galforge.Nn;
var noisy = GalaxyDataset.Read(args[0]);
var truth = GalaxyDataset.Read(args[1]);
foreach (var runDir in args.Skip(2)) {
  var run = RunFiles.ReadJson(Path.Combine(runDir, RunFiles.RunJson));
  var cfg = VaeConfig.FromJson(run["config"]!.ToJsonString());
  var seed = (ulong)RunFiles.Num(run, "seed", runDir);
  var scales = run["asinh_scales"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
  var (_, val) = RunFiles.Split(noisy, cfg.ValidationFraction, seed);
  var vae = new ConvVae(cfg, noisy.BandCount, noisy.Height, new PhiloxGenerator(0));
  new Checkpoint().Add("vae", vae).Load(Path.Combine(runDir, RunFiles.Best));
  var data = new VaeData(noisy, scales);
  int s = noisy.Height, px = s*s;
  double sse = 0, sst = 0, ssn = 0; int count = 0;
  using (Autograd.NoGrad())
  for (int i = 0; i < val.Length; i += 32) {
    var idx = val.Skip(i).Take(32).ToArray();
    var batch = data.Batch(idx);
    var (mu, _) = vae.Encode(batch.Inputs);
    var model = data.Convolution.Apply(vae.Decode(mu), batch.PsfSpectra).ToArray();
    for (int k = 0; k < idx.Length; k++) {
      var t = truth.Image(idx[k], 0); var o = noisy.Image(idx[k], 0);
      for (int p = 0; p < px; p++) { double m = model[k*px+p]*scales[0]; sse += (m - t[p])*(m - t[p]); sst += t[p]*t[p]; ssn += (o[p]-t[p])*(o[p]-t[p]); }
      count++;
    }
  }
  var sigma = noisy.NoiseSigma(0, 0);
  Console.WriteLine($"{runDir}: likelihood {cfg.Likelihood}, {count} held-out galaxies: RMS(recon - truth) = {Math.Sqrt(sse/(count*px))/sigma:F4} sigma; noise RMS {Math.Sqrt(ssn/(count*px))/sigma:F3} sigma; relative L2 error {Math.Sqrt(sse/sst):F4}");
}
