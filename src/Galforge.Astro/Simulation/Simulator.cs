using Galforge.Astro.Noise;
using Galforge.Astro.Rendering;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Simulates galaxies from a population: draw the row, build the components with colours, lens,
/// when asked measure the intrinsic (pre-PSF, noise-free) stamps (<see cref="Measurement.IntrinsicShape"/>),
/// render every band with its PSF, add noise. Galaxy i uses only the random streams
/// (seed, i, stream) (stream 0: population row, 1: colour model, 2 + b: noise of band b), so the
/// output is identical for any thread count and order.
/// </summary>
public sealed class Simulator
{
    private const ulong PopulationStream = 0, ModelStream = 1, NoiseStream = 2;
    private readonly PsfKernel[] _kernels;

    /// <summary>Prepares the PSF kernels.</summary>
    public Simulator(SimulationSettings settings, IPopulation population)
    {
        Settings = settings;
        Population = population;
        for (int b = 0; b < settings.Bands.Count; b++) settings.Bands[b].Noise.Validated(settings.Bands[b].Name);
        _kernels = StampRenderer.BuildKernels(settings.Bands, settings.StampSize, settings.PixelScale, settings.PsfFluxFraction);
    }

    /// <summary>The settings.</summary>
    public SimulationSettings Settings { get; }

    /// <summary>The population.</summary>
    public IPopulation Population { get; }

    /// <summary>The PSF kernels (one per band), e.g. to store the PSF with the dataset.</summary>
    public IReadOnlyList<PsfKernel> Kernels => _kernels;

    /// <summary>A renderer sharing this simulator's kernels (one per thread).</summary>
    public StampRenderer CreateRenderer() => new(Settings.Bands, Settings.StampSize, Settings.PixelScale, _kernels);

    /// <summary>Simulates galaxy <paramref name="index"/> into <paramref name="stamps"/> (one array per band).</summary>
    public GalaxyTruth Simulate(long index, StampRenderer renderer, float[][] stamps)
    {
        var s = Settings;
        var parameters = Population.Draw(index, new CounterRandom(s.Seed, (ulong)index, PopulationStream));
        var (model, truth) = ColourModel.Build(parameters, s.Bands, s.PixelScale, new CounterRandom(s.Seed, (ulong)index, ModelStream));
        truth.Index = index;
        truth.Seed = s.Seed;
        truth.Lens = s.Lens;
        // The intrinsic stamps first (the same buffers, overwritten below): measured quantities a
        // generator that outputs pre-PSF images can be conditioned on and checked against.
        if (s.MeasureIntrinsic)
        {
            renderer.Render(model, s.Lens, stamps, applyPsf: false);
            truth.Intrinsic = new Measurement.IntrinsicShape[s.Bands.Count];
            for (int b = 0; b < s.Bands.Count; b++)
                truth.Intrinsic[b] = Measurement.IntrinsicShape.Measure(stamps[b], s.StampSize, s.PixelScale, s.Bands[b].ZeroPoint);
        }
        renderer.Render(model, s.Lens, stamps);
        if (s.AddNoise)
            for (int b = 0; b < s.Bands.Count; b++)
                s.Bands[b].Noise.Apply(stamps[b], s.StampSize, s.PixelScale, new CounterRandom(s.Seed, (ulong)index, NoiseStream + (ulong)b));
        return truth;
    }

    /// <summary>
    /// Simulates galaxies 0 .. count-1 on <paramref name="threads"/> threads. <paramref name="sink"/>
    /// receives each galaxy (from worker threads, in any order; the stamps array is reused after it
    /// returns) and <paramref name="progress"/> the number done so far.
    /// </summary>
    public void Run(int count, int threads, Action<SimulatedGalaxy> sink, Action<int>? progress = null, CancellationToken cancel = default)
    {
        int done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancel };
        int bands = Settings.Bands.Count, pixels = Settings.StampSize * Settings.StampSize;
        Parallel.For(0, count, options,
            () => (Renderer: CreateRenderer(), Stamps: NewStamps(bands, pixels)),
            (i, _, local) =>
            {
                var truth = Simulate(i, local.Renderer, local.Stamps);
                sink(new SimulatedGalaxy(local.Stamps, truth));
                int d = Interlocked.Increment(ref done);
                progress?.Invoke(d);
                return local;
            },
            local => local.Renderer.Dispose());
    }

    private static float[][] NewStamps(int bands, int pixels)
    {
        var s = new float[bands][];
        for (int b = 0; b < bands; b++) s[b] = new float[pixels];
        return s;
    }
}
