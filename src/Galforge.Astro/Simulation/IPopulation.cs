using Galforge.Astro.Noise;

namespace Galforge.Astro.Simulation;

/// <summary>A source of galaxy parameters: draw number <c>index</c> using its own random stream.</summary>
public interface IPopulation
{
    /// <summary>A short description for metadata (source, selection, size).</summary>
    string Description { get; }

    /// <summary>Draws the parameters of galaxy <paramref name="index"/>.</summary>
    GalaxyParameters Draw(long index, CounterRandom random);
}
