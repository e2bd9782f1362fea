using System.Diagnostics;
using Galforge.Engine;
using Galforge.Nn;

namespace Galforge.Models.Reference;

/// <summary>
/// The four reference workloads of shared/bench/REFERENCE_MODELS.md, set up and timed as
/// tools/bench/torch_ref.py does: same networks, batch, loss and optimizer; two warm-up calls,
/// then <c>repeats</c> timed calls; throughput = images · repeats / seconds, and the managed
/// memory allocated per timed call.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>The workload names, in the order torch_ref.py runs them.</summary>
    public static readonly IReadOnlyList<string> Workloads =
        ["vae_train_64x64x4", "wgan_gp_train_64x64x3", "gan_generate_64x64x3", "vae_decode_64x64x4"];

    /// <summary>Batch used by the inference workloads (generation and decoding).</summary>
    public const int InferenceBatch = 256;

    /// <summary>
    /// Builds and times the named workload with <paramref name="batch"/> images per training step
    /// (inference workloads always use 256). Returns images per second.
    /// Every random draw comes from <paramref name="seed"/>.
    /// </summary>
    public static BenchmarkResult Run(string workload, int batch = 32, int repeats = 6, ulong seed = 0)
    {
        // Each workload starts as a fresh program would: no pooled buffers of another workload's
        // shapes and no garbage of it left (they would only add to the peak resident memory).
        TensorPool.Clear();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var rng = new PhiloxGenerator(seed);
        switch (workload)
        {
            case "vae_train_64x64x4":
            {
                var vae = new ReferenceVae(rng);
                var opt = new Adam(vae.NamedParameters(), 1e-3);
                var x = Tensor.RandN(rng, batch, ReferenceVae.Bands, 64, 64);
                return Time(workload, batch, repeats, () =>
                {
                    var (y, mu, lv) = vae.Reconstruct(x, rng);
                    var loss = ReferenceVae.Loss(y, x, mu, lv);
                    opt.ZeroGrad();
                    loss.Backward();
                    opt.Step();
                });
            }
            case "wgan_gp_train_64x64x3":
            {
                var g = ReferenceGan.Generator(rng);
                var d = ReferenceGan.Critic(rng);
                var optG = new Adam(g.NamedParameters(), 1e-3, 0.0, 0.99);
                var optD = new Adam(d.NamedParameters(), 1e-3, 0.0, 0.99);
                var real = Tensor.RandN(rng, batch, 3, 64, 64);
                return Time(workload, batch, repeats, () => ReferenceGan.TrainStep(g, d, optG, optD, real, rng));
            }
            case "gan_generate_64x64x3":
            {
                var g = ReferenceGan.Generator(rng);
                var z = Tensor.RandN(rng, InferenceBatch, ReferenceGan.Latent, 1, 1);
                return Time(workload, InferenceBatch, repeats, () =>
                {
                    using var _ = Autograd.NoGrad();
                    g.Forward(z);
                });
            }
            case "vae_decode_64x64x4":
            {
                var vae = new ReferenceVae(rng);
                var z = Tensor.RandN(rng, InferenceBatch, ReferenceVae.Latent);
                return Time(workload, InferenceBatch, repeats, () =>
                {
                    using var _ = Autograd.NoGrad();
                    vae.Decode(z);
                });
            }
            default:
                throw new BadInputException($"--workload '{workload}' is not a workload: expected one of {string.Join(", ", Workloads)}");
        }
    }

    private static BenchmarkResult Time(string name, int images, int repeats, Action step)
    {
        step();
        step();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < repeats; i++) step();
        sw.Stop();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        return new BenchmarkResult(name, images, repeats, sw.Elapsed.TotalSeconds, allocated);
    }
}
