namespace Galforge.Astro.Fidelity;

/// <summary>Nearest-neighbour diversity of a generated set against real images (all in the same units, e.g. arcsinh-normalised pixels).</summary>
/// <param name="GeneratedToReal">Median RMS pixel distance from each generated image to its nearest reference real image.</param>
/// <param name="RealToReal">Median RMS distance from each held-out real image to its nearest reference real image (the baseline).</param>
/// <param name="GeneratedToGenerated">Median RMS distance from each generated image to the nearest other generated image.</param>
/// <param name="HeldOutWithin">Median RMS distance from each held-out real image to the nearest other held-out image (compare with <paramref name="GeneratedToGenerated"/> for sets of the same size).</param>
/// <param name="CopyThreshold">1st percentile of the held-out real-to-reference distances.</param>
/// <param name="NearCopies">Generated images closer to a reference real image than <paramref name="CopyThreshold"/>.</param>
/// <param name="Generated">Number of generated images.</param>
public sealed record DiversityResult(double GeneratedToReal, double RealToReal, double GeneratedToGenerated, double HeldOutWithin,
    double CopyThreshold, int NearCopies, int Generated);
