using Galforge.Astro.Datasets;
using Galforge.Astro.Noise;
using Galforge.Engine;
using Galforge.Engine.Fourier;

namespace Galforge.Models.Vae;

/// <summary>
/// A <see cref="GalaxyDataset"/> prepared for the VAE: per galaxy the encoder input (the
/// dataset's <see cref="AsinhNormalization"/>), the target in units of each band's asinh scale,
/// the inverse-variance weights (zero for masked pixels, missing bands and unknown noise) and the
/// PSF spectra, deduplicated (a simulated set usually has one PSF per band, so its spectrum is
/// computed once). The variance of a pixel is the sky term sigma^2 plus, when the band's gain is
/// known, the source Poisson term (<see cref="PixelVariance.FromData"/>): without it bright
/// cores, whose noise is mostly Poisson, would be weighted far above their real precision.
/// With the Fourier likelihood each batch also carries, per galaxy and band, the weight of every
/// Fourier mode of the residual: multiplicity / (S² (σ/scale)² P(k)), P the band's noise power
/// spectrum from the dataset (white when it has none), floored at <see cref="PowerFloor"/> so a
/// mode the noise barely reaches cannot dominate.
/// </summary>
public sealed class VaeData
{
    private readonly GalaxyDataset _data;
    private readonly float[] _inputs, _targets, _weights;
    private readonly int[] _psfIndex; // per (galaxy, band): index into _spectra
    private readonly List<float[]> _spectra = [];

    private readonly float[][]? _modeWeights; // per band: multiplicity / (S² P(k)) over the half spectrum
    private readonly float[]? _inverseSkyVariance; // per (galaxy, band): (scale/σ)², 0 when unknown or missing

    /// <summary>Smallest noise power (relative to the mean, 1) a Fourier mode is weighted with.</summary>
    public const double PowerFloor = 1e-3;

    /// <summary>Prepares <paramref name="dataset"/> with asinh scales <paramref name="scales"/> (one per band, image units).</summary>
    /// <param name="dataset">The galaxies.</param>
    /// <param name="scales">Asinh scale per band, image units.</param>
    /// <param name="fourierLikelihood">Also prepare the Fourier likelihood's mode weights (<see cref="VaeConfig.Likelihood"/> "fourier").</param>
    public VaeData(GalaxyDataset dataset, IReadOnlyList<double> scales, bool fourierLikelihood = false)
    {
        if (dataset.Height != dataset.Width) throw new BadInputException($"dataset stamps are {dataset.Height}x{dataset.Width}, expected square");
        if (scales.Count != dataset.BandCount) throw new ArgumentException("one asinh scale per band expected", nameof(scales));
        _data = dataset;
        Scales = scales;
        int n = dataset.Count, b = dataset.BandCount, s = dataset.Height, px = s * s;
        Convolution = new PsfConvolution(s, PsfConvolution.HalfExtent(dataset.PsfHeight, dataset.PsfWidth));
        _inputs = new float[(long)n * b * px];
        _targets = new float[_inputs.Length];
        _weights = new float[_inputs.Length];
        _psfIndex = new int[n * b];
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var mm = SpectrumLength;
        var normalization = new AsinhNormalization(scales);
        var variance = new float[px];
        for (var g = 0; g < n; g++)
            for (var band = 0; band < b; band++)
            {
                var o = ((long)g * b + band) * px;
                var img = dataset.Image(g, band);
                var mask = dataset.Mask(g, band);
                var scale = (float)scales[band];
                var sigma = dataset.NoiseSigma(g, band);
                var known = float.IsFinite(sigma) && sigma > 0;
                var missing = dataset.IsBandMissing(g, band);
                if (known) PixelVariance.FromData(img, s, sigma, dataset.Bands[band].Gain, variance);
                var inputs = _inputs.AsSpan((int)o, px);
                img.CopyTo(inputs);
                normalization.Forward(inputs, band);
                for (var i = 0; i < px; i++)
                {
                    _targets[o + i] = img[i] / scale;
                    // Weight = 1 / variance in units of the asinh scale.
                    _weights[o + i] = !known || missing || mask[i] != 0 ? 0f : scale * scale / variance[i];
                }
                var psf = dataset.Psf(g, band);
                var key = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(psf)));
                if (!seen.TryGetValue(key, out var idx))
                {
                    idx = _spectra.Count;
                    seen[key] = idx;
                    _spectra.Add(SpectrumOf(psf, dataset.PsfHeight, dataset.PsfWidth, mm));
                }
                _psfIndex[g * b + band] = idx;
            }
        if (!fourierLikelihood) return;
        int hw = Fft2D.HalfWidth(s);
        _modeWeights = new float[b][];
        for (var band = 0; band < b; band++)
        {
            var power = dataset.NoisePowerSpectrum(band);
            var w = _modeWeights[band] = new float[s * hw];
            for (var ky = 0; ky < s; ky++)
                for (var kx = 0; kx < hw; kx++)
                {
                    var p = power.IsEmpty ? 1.0 : Math.Max(power[ky * s + kx], PowerFloor);
                    w[ky * hw + kx] = (float)(Fft2D.ColumnMultiplicity(kx, s) / ((double)px * p));
                }
        }
        _inverseSkyVariance = new float[n * b];
        for (var g = 0; g < n; g++)
            for (var band = 0; band < b; band++)
            {
                var sigma = dataset.NoiseSigma(g, band) / scales[band];
                _inverseSkyVariance[g * b + band] = double.IsFinite(sigma) && sigma > 0 && !dataset.IsBandMissing(g, band) ? (float)(1 / (sigma * sigma)) : 0f;
            }
    }

    /// <summary>True when batches carry the Fourier likelihood's weights.</summary>
    public bool FourierLikelihood => _modeWeights is not null;

    private int SpectrumLength => Convolution.CanvasSize * (Convolution.CanvasSize / 2 + 1) * 2;

    private float[] SpectrumOf(ReadOnlySpan<float> psf, int h, int w, int length)
    {
        double sum = 0;
        foreach (var v in psf) sum += v;
        if (sum == 0)
        {
            // Unknown PSF (all zero in the dataset): use the identity, i.e. no convolution.
            var one = new float[length];
            for (var i = 0; i < length; i += 2) one[i] = 1f;
            return one;
        }
        return Convolution.Spectra(psf, 1, h, w).ToArray();
    }

    /// <summary>The dataset.</summary>
    public GalaxyDataset Dataset => _data;

    /// <summary>Asinh scale of each band, image units.</summary>
    public IReadOnlyList<double> Scales { get; }

    /// <summary>The PSF convolution used by the likelihood.</summary>
    public PsfConvolution Convolution { get; }

    /// <summary>Number of galaxies.</summary>
    public int Count => _data.Count;

    /// <summary>Number of distinct PSFs.</summary>
    public int DistinctPsfCount => _spectra.Count;

    /// <summary>The batch of galaxies <paramref name="indices"/>.</summary>
    public VaeBatch Batch(ReadOnlySpan<int> indices)
    {
        int b = _data.BandCount, s = _data.Height, px = s * s, mm = SpectrumLength, n = indices.Length;
        var inp = new float[n * b * px];
        var tgt = new float[inp.Length];
        var wts = new float[inp.Length];
        for (var k = 0; k < n; k++)
        {
            var g = indices[k];
            Array.Copy(_inputs, (long)g * b * px, inp, (long)k * b * px, b * px);
            Array.Copy(_targets, (long)g * b * px, tgt, (long)k * b * px, b * px);
            Array.Copy(_weights, (long)g * b * px, wts, (long)k * b * px, b * px);
        }
        Tensor? fourier = null, mask = null;
        if (_modeWeights is not null)
        {
            int hw = Fft2D.HalfWidth(s);
            var fw = new float[n * b * s * hw];
            var m = new float[wts.Length];
            for (var k = 0; k < n; k++)
                for (var band = 0; band < b; band++)
                {
                    var factor = _inverseSkyVariance![indices[k] * b + band];
                    var src = _modeWeights[band];
                    var o = (k * b + band) * s * hw;
                    for (var i = 0; i < src.Length; i++) fw[o + i] = src[i] * factor;
                }
            for (var i = 0; i < m.Length; i++) m[i] = wts[i] > 0 ? 1f : 0f;
            fourier = Tensor.Wrap(fw, n, b, s, hw);
            mask = Tensor.Wrap(m, n, b, s, s);
        }
        return new VaeBatch(Tensor.Wrap(inp, n, b, s, s), Tensor.Wrap(tgt, n, b, s, s), Tensor.Wrap(wts, n, b, s, s),
            PsfSpectra(indices), fourier, mask);
    }

    /// <summary>The PSF spectra [n, B, ...] of galaxies <paramref name="indices"/>, per band.</summary>
    public Tensor PsfSpectra(ReadOnlySpan<int> indices)
    {
        int b = _data.BandCount, mm = SpectrumLength, n = indices.Length;
        var spectra = new float[n * b * mm];
        for (var k = 0; k < n; k++)
            for (var band = 0; band < b; band++)
                _spectra[_psfIndex[indices[k] * b + band]].CopyTo(spectra, (k * b + band) * mm);
        var sh = Convolution.SpectrumShape;
        return Tensor.Wrap(spectra, n, b, sh[0], sh[1], sh[2]);
    }

    /// <summary>
    /// Every galaxy's images [Count, B, S, S] (any linear flux unit, e.g. decoded galaxies before
    /// the PSF) convolved with that galaxy's own PSF in each band, as the likelihood convolves them.
    /// </summary>
    public float[] ConvolveWithPsfs(float[] images)
    {
        int n = _data.Count, b = _data.BandCount, s = _data.Height, per = b * s * s;
        if (images.Length != n * per) throw new ArgumentException($"images hold {images.Length} pixels, expected {n} x {b} x {s} x {s}");
        using var _ = Autograd.NoGrad();
        var output = new float[images.Length];
        const int chunk = 32;
        for (var start = 0; start < n; start += chunk)
        {
            var m = Math.Min(chunk, n - start);
            var idx = Enumerable.Range(start, m).ToArray();
            var x = Tensor.FromSpan(images.AsSpan(start * per, m * per), m, b, s, s);
            Convolution.Apply(x, PsfSpectra(idx)).ToArray().CopyTo(output.AsSpan(start * per));
        }
        return output;
    }
}
