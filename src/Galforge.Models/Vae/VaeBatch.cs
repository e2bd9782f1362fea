using Galforge.Engine;

namespace Galforge.Models.Vae;

/// <summary>
/// One minibatch for the VAE: the encoder's input, the likelihood's target, weights and PSFs.
/// </summary>
/// <param name="Inputs">Asinh-normalised images [N, B, S, S] (encoder input).</param>
/// <param name="Targets">Observed images in units of each band's asinh scale [N, B, S, S].</param>
/// <param name="Weights">Inverse noise variance in those units, 0 on masked pixels and missing bands [N, B, S, S].</param>
/// <param name="PsfSpectra">PSF half spectra [N, B, M, M/2+1, 2] (see <see cref="PsfConvolution"/>).</param>
/// <param name="FourierWeights">For the Fourier likelihood: per half-spectrum mode, its multiplicity / (S² σ² P(k)) in asinh-scale units [N, B, S, S/2+1], 0 for missing bands and unknown noise; null for the pixel likelihood.</param>
/// <param name="PixelMask">For the Fourier likelihood: 1 on pixels that count, 0 on masked ones [N, B, S, S]; null otherwise.</param>
public sealed record VaeBatch(Tensor Inputs, Tensor Targets, Tensor Weights, Tensor PsfSpectra, Tensor? FourierWeights = null, Tensor? PixelMask = null);
