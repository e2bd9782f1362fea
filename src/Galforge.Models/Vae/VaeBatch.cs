using Galforge.Engine;

namespace Galforge.Models.Vae;

/// <summary>
/// One minibatch for the VAE: the encoder's input, the likelihood's target, weights and PSFs.
/// </summary>
/// <param name="Inputs">Asinh-normalised images [N, B, S, S] (encoder input).</param>
/// <param name="Targets">Observed images in units of each band's asinh scale [N, B, S, S].</param>
/// <param name="Weights">Inverse noise variance in those units, 0 on masked pixels and missing bands [N, B, S, S].</param>
/// <param name="PsfSpectra">PSF half spectra [N, B, M, M/2+1, 2] (see <see cref="PsfConvolution"/>).</param>
public sealed record VaeBatch(Tensor Inputs, Tensor Targets, Tensor Weights, Tensor PsfSpectra);
