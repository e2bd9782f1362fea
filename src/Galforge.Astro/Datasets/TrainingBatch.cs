namespace Galforge.Astro.Datasets;

/// <summary>
/// One batch for training: images [n, B, H, W] (normalised when the dataset has a
/// normalisation), masks, PSFs [n, B, Hp, Wp] and noise sigmas [n, B], in the same augmented
/// orientation; which galaxies and which of the 8 dihedral transforms were used.
/// </summary>
public sealed class TrainingBatch
{
    /// <summary>Number of galaxies in the batch.</summary>
    public required int Count { get; init; }

    /// <summary>Pixels, [Count, B, H, W].</summary>
    public required float[] Images { get; init; }

    /// <summary>Masks, [Count, B, H, W] (<see cref="MaskBits"/>).</summary>
    public required byte[] Masks { get; init; }

    /// <summary>PSFs, [Count, B, Hp, Wp], transformed like the images.</summary>
    public required float[] Psfs { get; init; }

    /// <summary>Noise sigma, [Count, B], image units (before normalisation).</summary>
    public required float[] Sigmas { get; init; }

    /// <summary>Dataset index of each galaxy.</summary>
    public required int[] Indices { get; init; }

    /// <summary>Transform of each galaxy: 0-3 = rotation by k x 90 degrees, +4 = then flipped left-right.</summary>
    public required int[] Transforms { get; init; }
}
