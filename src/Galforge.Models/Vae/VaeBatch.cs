using Galforge.Engine;

namespace Galforge.Models.Vae;

/// <summary>
/// One minibatch for the VAE: the encoder's input, the likelihood's target, weights and PSFs.
/// </summary>
/// <param name="Inputs">Asinh-normalised images [N, B, S, S] (encoder input).</param>
/// <param name="Targets">Observed images in units of each band's asinh scale [N, B, S, S].</param>
/// <param name="Weights">Inverse noise variance in those units, 0 on masked pixels and missing bands [N, B, S, S].</param>
/// <param name="PsfReal">Real part of the PSF spectra [N, B, M, M].</param>
/// <param name="PsfImag">Imaginary part of the PSF spectra [N, B, M, M].</param>
public sealed record VaeBatch(Tensor Inputs, Tensor Targets, Tensor Weights, Tensor PsfReal, Tensor PsfImag);
