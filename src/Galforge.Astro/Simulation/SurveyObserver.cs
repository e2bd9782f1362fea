using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Imaging;
using Galforge.Astro.Noise;
using Galforge.Astro.Rendering;
using Galforge.Engine.Fourier;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Observes images of galaxies before the PSF (e.g. a generative model's output, square stamps at
/// the model's pixel scale, in the model's counts) as a survey would: per survey band, the mapped
/// source band is brought to the finer of the two pixel scales (bilinear, flux-conserving,
/// only when the survey's pixels are the finer ones), convolved there with the survey band's PSF
/// (sampled at that grid's pixel centres as the simulator does, on a canvas padded by the PSF
/// radius so no light wraps round and light spread beyond the source stamp is kept), integrated
/// exactly over the survey's pixels (<see cref="Resampling.Integrate"/>) onto a stamp of the
/// requested size with the same centre, scaled by 10^(0.4 (zp_survey − zp_source)) so AB
/// magnitudes are kept, and given the band's noise (source Poisson noise with the gain, sky
/// sigma, correlated where the survey defines it). Galaxy g's noise in output band b uses only
/// the random stream (seed, g, 2 + b), so the result depends on the seed alone, not on threads.
/// </summary>
public sealed class SurveyObserver
{
    /// <summary>Random stream of output band 0's noise (band b uses NoiseStream + b), as in the simulator.</summary>
    public const ulong NoiseStream = 2;

    private readonly IReadOnlyList<SurveyBandMapping> _bands;
    private readonly double[] _fluxFactors;
    private readonly PsfKernel[] _kernels;
    private readonly int _sourceSize, _workingSize, _grid;
    private readonly double _sourceScale, _workingScale;

    /// <summary>Prepares the PSF kernels.</summary>
    /// <param name="bands">Output bands and their source bands.</param>
    /// <param name="sourceZeroPoints">AB zero point of each source band (magnitude of one source count).</param>
    /// <param name="sourcePixelScale">Pixel scale of the source stamps, arcsec/px.</param>
    /// <param name="sourceSize">Side of the square source stamps, pixels.</param>
    /// <param name="pixelScale">Survey pixel scale, arcsec/px.</param>
    /// <param name="stampSize">Side of the output stamps, pixels.</param>
    /// <param name="seed">Seed of every noise draw.</param>
    /// <param name="addNoise">False: noise-free observed images.</param>
    /// <param name="psfFluxFraction">PSF flux fraction inside the kernel (the rest is cut and the kernel renormalised).</param>
    public SurveyObserver(IReadOnlyList<SurveyBandMapping> bands, IReadOnlyList<double> sourceZeroPoints, double sourcePixelScale, int sourceSize,
        double pixelScale, int stampSize, ulong seed, bool addNoise = true, double psfFluxFraction = 0.999)
    {
        if (bands.Count == 0) throw new BadInputException("survey observation: no bands to observe");
        if (!(sourcePixelScale > 0)) throw new BadInputException($"survey observation: source pixel scale {sourcePixelScale}: must be positive");
        if (!(pixelScale > 0)) throw new BadInputException($"survey observation: pixel scale {pixelScale}: must be positive");
        if (stampSize < 1) throw new BadInputException($"survey observation: stamp size {stampSize}: must be at least 1");
        _bands = bands;
        _sourceScale = sourcePixelScale;
        _sourceSize = sourceSize;
        PixelScale = pixelScale;
        StampSize = stampSize;
        Seed = seed;
        AddNoise = addNoise;
        _fluxFactors = new double[bands.Count];
        for (var b = 0; b < bands.Count; b++)
        {
            var zp = sourceZeroPoints[bands[b].ModelBand];
            if (!double.IsFinite(zp))
                throw new BadInputException($"survey observation: the zero point of source band {bands[b].ModelBandName} is unknown, so its flux cannot be converted to {bands[b].SurveyBand.Name}");
            _fluxFactors[b] = Math.Pow(10, 0.4 * (bands[b].SurveyBand.ZeroPoint - zp));
            bands[b].SurveyBand.Noise.Validated(bands[b].SurveyBand.Name);
        }
        // Work at the finer of the two scales: convolve there, then integrate over the survey's pixels.
        _workingScale = Math.Min(sourcePixelScale, pixelScale);
        _workingSize = _workingScale < sourcePixelScale ? Math.Max(1, (int)Math.Round(sourceSize * sourcePixelScale / _workingScale)) : sourceSize;
        var radius = 1;
        foreach (var m in bands) radius = Math.Max(radius, PsfKernel.RadiusFor(m.SurveyBand.Psf, _workingScale, psfFluxFraction));
        var extent = Math.Max(_workingSize, (int)Math.Ceiling(stampSize * pixelScale / _workingScale));
        var grid = Fft2D.GoodSize(extent + 2 * radius + 2);
        while ((grid - _workingSize) % 2 != 0) grid = Fft2D.GoodSize(grid + 1); // the source sits on whole pixels
        _grid = grid;
        _kernels = new PsfKernel[bands.Count];
        for (var b = 0; b < bands.Count; b++) _kernels[b] = new PsfKernel(bands[b].SurveyBand.Psf, _workingScale, grid, Math.Min(radius, grid / 2 - 1));
    }

    /// <summary>Output bands in order.</summary>
    public IReadOnlyList<SurveyBandMapping> Bands => _bands;

    /// <summary>Output pixel scale, arcsec/px.</summary>
    public double PixelScale { get; }

    /// <summary>Side of the output stamps, pixels.</summary>
    public int StampSize { get; }

    /// <summary>The seed of every noise draw.</summary>
    public ulong Seed { get; }

    /// <summary>Whether noise is added.</summary>
    public bool AddNoise { get; }

    /// <summary>Multiplier from source counts to survey counts for each output band (10^(0.4 (zp_survey − zp_source))).</summary>
    public IReadOnlyList<double> FluxFactors => _fluxFactors;

    /// <summary>Pixel scale (arcsec/px) at which the PSF convolution is done: the finer of source and survey.</summary>
    public double WorkingPixelScale => _workingScale;

    /// <summary>
    /// Observes <paramref name="count"/> galaxies: <paramref name="images"/> is count x sourceBands x
    /// S x S (row-major), the result count x Bands.Count x StampSize x StampSize.
    /// </summary>
    public float[] Observe(float[] images, int count, int sourceBands)
    {
        int spx = _sourceSize * _sourceSize, tpx = StampSize * StampSize, nb = _bands.Count;
        if (images.Length != (long)count * sourceBands * spx)
            throw new ArgumentException($"{images.Length} source pixels, expected {count} x {sourceBands} x {_sourceSize}^2");
        var output = new float[(long)count * nb * tpx];
        Parallel.For(0, count * nb, k =>
        {
            int g = k / nb, b = k % nb;
            var source = new Image(_sourceSize, _sourceSize, images.AsSpan((g * sourceBands + _bands[b].ModelBand) * spx, spx).ToArray(), _sourceScale);
            var stamp = ObserveOne(source, b);
            var dst = output.AsSpan(k * tpx, tpx);
            stamp.Pixels.CopyTo(dst);
            if (AddNoise) _bands[b].SurveyBand.Noise.Apply(dst, StampSize, PixelScale, new CounterRandom(Seed, (ulong)g, NoiseStream + (ulong)b));
        });
        return output;
    }

    // Noise-free observation of one source stamp in output band b.
    private Image ObserveOne(Image source, int b)
    {
        var work = _workingScale < _sourceScale ? Resampling.Resample(source, _workingScale) : source;
        var canvas = new float[_grid * _grid];
        var offset = (_grid - _workingSize) / 2;
        for (var y = 0; y < _workingSize; y++)
            work.Pixels.AsSpan(y * _workingSize, _workingSize).CopyTo(canvas.AsSpan((y + offset) * _grid + offset, _workingSize));
        _kernels[b].Convolve(canvas);
        var observed = Resampling.Integrate(new Image(_grid, _grid, canvas, _workingScale), PixelScale, StampSize, StampSize);
        var f = (float)_fluxFactors[b];
        var px = observed.Pixels;
        for (var i = 0; i < px.Length; i++) px[i] *= f;
        return observed;
    }

    /// <summary>One line per output band for metadata: band, source band and rule, PSF, pixel scale, noise.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var m in _bands)
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{m.SurveyBand.Name} <- {m.ModelBandName} ({m.Rule}); psf {m.SurveyBand.Psf.Spec} (FWHM {m.SurveyBand.Psf.Fwhm:G3}\"); {PixelScale}\"/px; {(AddNoise ? m.SurveyBand.Noise.Describe() : "no noise")}");
    }
}
