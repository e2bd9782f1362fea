namespace Galforge.Models.Generation;

/// <summary>
/// A trained generative model that turns a request (count or per-galaxy conditions, seed) into
/// unconvolved multi-band galaxy images. Both the VAE + flow and the progressive GAN implement
/// it, so <c>galforge generate</c> and the demo treat them alike.
/// </summary>
public interface IGalaxyGenerator
{
    /// <summary>Model family as stored in the run's metadata, e.g. "vae-flow" or "progressive-gan".</summary>
    string Kind { get; }

    /// <summary>Band names in output order, e.g. F606W, F814W, F125W, F160W.</summary>
    IReadOnlyList<string> Bands { get; }

    /// <summary>Side length of the square output stamps, in pixels.</summary>
    int ImageSize { get; }

    /// <summary>Pixel scale of the output stamps, in arcsec per pixel.</summary>
    double PixelScale { get; }

    /// <summary>
    /// Names of the conditions the model takes (e.g. mag, hlr, e, n, z, or "class"); empty for an
    /// unconditional model.
    /// </summary>
    IReadOnlyList<string> ConditionNames { get; }

    /// <summary>Generates galaxies; the same request and seed give the same images.</summary>
    GeneratedGalaxies Generate(GenerationRequest request);
}

/// <summary>What to generate.</summary>
/// <param name="Count">Number of galaxies.</param>
/// <param name="Conditions">Per galaxy, one value per entry of <see cref="IGalaxyGenerator.ConditionNames"/> (row-major, Count rows); null for unconditional models.</param>
/// <param name="Seed">Seed that fixes every random draw.</param>
/// <param name="WithTexture">VAE + flow: draw the model's calibrated decoder texture on the mean image (default); false gives the decoder's mean image. Other models ignore it.</param>
public sealed record GenerationRequest(int Count, double[]? Conditions, ulong Seed, bool WithTexture = true);

/// <summary>Generated galaxies: unconvolved images and what produced them.</summary>
/// <param name="Images">Count x Bands x Size x Size float32 pixels, row-major, in the training data's flux units (normalisation undone).</param>
/// <param name="Count">Number of galaxies.</param>
/// <param name="Latents">Count x LatentSize latent vectors (row-major), recorded in truth tables.</param>
/// <param name="LatentSize">Length of one latent vector.</param>
/// <param name="Conditions">The conditions used (as requested), or null.</param>
/// <param name="Seed">The seed used.</param>
/// <param name="FlowRedraws">VAE + flow with a recorded latent support: per galaxy, how many times the flow's base noise was redrawn because the latent fell outside the training latents' range (<see cref="LatentSupport"/>; <see cref="VaeFlowGenerator.MaxRedraws"/> + 1: still outside, clamped into it); null otherwise.</param>
public sealed record GeneratedGalaxies(float[] Images, int Count, float[] Latents, int LatentSize, double[]? Conditions, ulong Seed, int[]? FlowRedraws = null);
