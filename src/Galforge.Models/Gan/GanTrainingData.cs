using Galforge.Astro.Datasets;
using Galforge.Engine;

namespace Galforge.Models.Gan;

/// <summary>One training minibatch at the current stage's resolution.</summary>
/// <param name="Real">[N, B, r, r] arcsinh-normalised images, cross-faded between resolutions during a fade-in.</param>
/// <param name="Mask">[N, B, r, r] fraction of each pixel that is masked in the data (null when nothing in the batch is masked).</param>
/// <param name="Condition">[N, C] condition vectors (null when unconditional).</param>
public sealed record GanBatch(Tensor Real, Tensor? Mask, Tensor? Condition);

/// <summary>
/// The dataset as the GAN sees it: per-band arcsinh normalisation (the dataset's own, else 3x the
/// median noise sigma), a random one of the 8 symmetries of the square (90-degree rotations and a
/// flip, <see cref="TrainingLoader.Transform{T}"/>) per draw, with orientation-dependent
/// conditions (e1, e2) transformed to match (<see cref="ConditionEncoding.ApplySymmetry"/>), masks (bad, neighbour, missing band, padded pixels) carried along, and the
/// images brought down to the stage's resolution by 2x2 averaging, with the fade-in's cross-fade.
/// Galaxies whose condition is unknown are left out. Every random draw comes from the caller's
/// generator, so a run is reproducible and resumable exactly.
/// </summary>
public sealed class GanTrainingData
{
    private readonly float[] _images;
    private readonly float[] _masks;
    private readonly bool[] _anyMasked;
    private readonly float[]? _conditions;

    /// <summary>Prepares <paramref name="data"/> for a model of <paramref name="config"/>; <paramref name="source"/> names the dataset in errors.</summary>
    /// <param name="data">The training set.</param>
    /// <param name="config">Model and training configuration.</param>
    /// <param name="source">Names the dataset in errors.</param>
    /// <param name="sourceNoise">When the config observes noise: also add the source Poisson noise of
    /// the bands whose gain the dataset knows. False only to resume a run made before this term
    /// existed (its run.json has no noise_gains), so that it continues exactly as it started.</param>
    public GanTrainingData(GalaxyDataset data, ProgressiveGanConfig config, string source, bool sourceNoise = true)
    {
        if (data.Height != data.Width || data.Height != config.ImageSize)
            throw new BadInputException($"{source}: stamps are {data.Width}x{data.Height} pixels, the model needs {config.ImageSize}x{config.ImageSize} (channels lists {config.StageCount} stages)");
        if (data.Count < 1) throw new BadInputException($"{source}: the dataset holds no galaxies");
        Normalization = data.Normalization ?? AsinhNormalization.FromNoise(data);
        if (Normalization.Scales.Count != data.BandCount)
            throw new BadInputException($"{source}: normalisation has {Normalization.Scales.Count} scales for {data.BandCount} bands");
        var keep = new List<int>(data.Count);
        double[]? raw = null;
        if (config.IsConditional)
        {
            (Encoding, raw) = ConditionEncoding.FromDataset(data, config, source);
            var width = Encoding.IsClass ? 1 : Encoding.Parameters.Length;
            for (var i = 0; i < data.Count; i++)
            {
                var ok = true;
                for (var j = 0; j < width; j++) ok &= double.IsFinite(raw[i * width + j]);
                if (ok) keep.Add(i);
            }
            if (keep.Count == 0) throw new BadInputException($"{source}: no galaxy has a known condition ({string.Join(", ", Encoding.Names)})");
            var selected = new double[keep.Count * width];
            for (var k = 0; k < keep.Count; k++)
                for (var j = 0; j < width; j++) selected[k * width + j] = raw[keep[k] * width + j];
            _conditions = new float[keep.Count * Encoding.Size];
            Encoding.Encode(selected, keep.Count, _conditions);
        }
        else
            for (var i = 0; i < data.Count; i++) keep.Add(i);
        Count = keep.Count;
        Bands = data.BandCount;
        Size = data.Height;
        var plane = Size * Size;
        _images = new float[Count * Bands * plane];
        _masks = new float[_images.Length];
        _anyMasked = new bool[Count];
        for (var k = 0; k < Count; k++)
            for (var b = 0; b < Bands; b++)
            {
                var dst = _images.AsSpan((k * Bands + b) * plane, plane);
                data.Image(keep[k], b).CopyTo(dst);
                Normalization.Forward(dst, b);
                var m = data.Mask(keep[k], b);
                var md = _masks.AsSpan((k * Bands + b) * plane, plane);
                for (var p = 0; p < plane; p++)
                    if (m[p] != 0) { md[p] = 1f; _anyMasked[k] = true; }
            }
        Kept = keep;
        if (config.ObserveNoise)
        {
            NoiseSigmas = new double[Bands];
            var relative = new float[Bands];
            for (var b = 0; b < Bands; b++)
            {
                var sig = new List<double>(Count);
                foreach (var k in keep)
                {
                    var v = data.NoiseSigma(k, b);
                    if (v > 0 && float.IsFinite(v)) sig.Add(v);
                }
                if (sig.Count == 0) throw new BadInputException($"{source}: band {data.Bands[b].Name} has no noise sigma, observe_noise needs one");
                sig.Sort();
                NoiseSigmas[b] = sig[sig.Count / 2];
                relative[b] = (float)(NoiseSigmas[b] / Normalization.Scales[b]);
            }
            _relativeNoise = Tensor.Wrap(relative, 1, Bands, 1, 1);
            if (sourceNoise)
            {
                // In units of x / scale the Poisson variance of x / gain is u / (gain * scale).
                NoiseGains = new double[Bands];
                var perUnit = new float[Bands];
                var sky = new float[Bands];
                for (var b = 0; b < Bands; b++)
                {
                    NoiseGains[b] = data.Bands[b].HasGain ? data.Bands[b].Gain : 0;
                    perUnit[b] = NoiseGains[b] > 0 ? (float)(1 / (NoiseGains[b] * Normalization.Scales[b])) : 0f;
                    sky[b] = relative[b] * relative[b];
                }
                if (perUnit.Any(v => v > 0))
                {
                    _poissonPerUnit = Tensor.Wrap(perUnit, 1, Bands, 1, 1);
                    _relativeSkyVariance = Tensor.Wrap(sky, 1, Bands, 1, 1);
                }
            }
        }
    }

    private readonly Tensor? _relativeNoise;
    private readonly Tensor? _poissonPerUnit;
    private readonly Tensor? _relativeSkyVariance;

    /// <summary>Median sky noise sigma per band in the data's flux units when the config observes noise, else null.</summary>
    public double[]? NoiseSigmas { get; }

    /// <summary>
    /// Gain per band (electrons per flux unit) of the source Poisson noise added to the fakes when
    /// the config observes noise; 0 for a band whose gain the dataset does not know (sky noise
    /// only). Null when noise is not observed or the source term is off.
    /// </summary>
    public double[]? NoiseGains { get; }

    /// <summary>
    /// The fakes [N, B, r, r] (normalised units, at stage <paramref name="stage"/>) as the data
    /// would show them: brought to full size (nearest), back to flux/scale units (sinh), sky noise
    /// of the data's sigma added, arcsinh again, then down to the stage with the same pooling and
    /// fade-in blend as the real images (<see cref="ToStage"/>). Where the dataset knows a band's
    /// gain the noise also has the source Poisson term, variance sigma^2 + max(x, 0) / gain
    /// (Gaussian approximation, as <see cref="Galforge.Astro.Noise.PixelVariance.AddNoise"/>): bright
    /// galaxy cores in real images carry it, and without it the critic can tell fakes by their
    /// too-smooth cores. Differentiable (the noise's amplitude too); unchanged when the config
    /// does not observe noise.
    /// </summary>
    public Tensor Observe(Tensor fake, PhiloxGenerator rng, int stage, float alpha)
    {
        if (_relativeNoise is null) return fake;
        var x = fake;
        while (x.Size(2) < Size) x = Functional.UpsampleNearest2x(x);
        var e = x.Exp();
        var linear = e.Sub(x.Neg().Exp()).Mul(0.5f);
        var normals = Tensor.RandN(rng, x.Size(0), Bands, Size, Size);
        var noise = _poissonPerUnit is null
            ? normals.Mul(_relativeNoise)
            : normals.Mul(linear.Relu().Mul(_poissonPerUnit).Add(_relativeSkyVariance!).Sqrt());
        var u = linear.Add(noise);
        // asinh(u) = log(u + sqrt(u² + 1)); |u| stays far below where this loses precision.
        var y = u.Add(u.Mul(u).Add(1f).Sqrt()).Log();
        return ToStage(y, stage, alpha);
    }

    /// <summary>Galaxies available for training.</summary>
    public int Count { get; }

    /// <summary>Bands per image.</summary>
    public int Bands { get; }

    /// <summary>Full image side in pixels.</summary>
    public int Size { get; }

    /// <summary>The per-band arcsinh normalisation applied to the images.</summary>
    public AsinhNormalization Normalization { get; }

    /// <summary>Condition encoding (null when unconditional).</summary>
    public ConditionEncoding? Encoding { get; }

    /// <summary>Dataset rows used, in order.</summary>
    public IReadOnlyList<int> Kept { get; }

    /// <summary>Normalised pixels of galaxy <paramref name="index"/> (B x Size x Size).</summary>
    public ReadOnlySpan<float> Image(int index) => _images.AsSpan(index * Bands * Size * Size, Bands * Size * Size);

    /// <summary>Encoded condition vector of galaxy <paramref name="index"/> (empty when unconditional).</summary>
    public ReadOnlySpan<float> Condition(int index) => _conditions is null ? [] : _conditions.AsSpan(index * Encoding!.Size, Encoding.Size);

    /// <summary>
    /// Draws <paramref name="count"/> galaxies uniformly (with replacement) and a symmetry for each,
    /// then returns them at stage <paramref name="stage"/>'s resolution. During a fade-in
    /// (alpha &lt; 1) the real images are blended like the generator's output:
    /// (1-alpha)·up(pool(x)) + alpha·x.
    /// </summary>
    public GanBatch Sample(PhiloxGenerator rng, int count, int stage, float alpha)
    {
        var plane = Size * Size;
        var per = Bands * plane;
        var images = new float[count * per];
        var masks = new float[count * per];
        var cond = _conditions is null ? null : new float[count * Encoding!.Size];
        var anyMasked = false;
        for (var i = 0; i < count; i++)
        {
            var index = Math.Min((int)(rng.NextUniform() * Count), Count - 1);
            var symmetry = Math.Min((int)(rng.NextUniform() * 8), 7);
            for (var b = 0; b < Bands; b++)
            {
                var o = (index * Bands + b) * plane;
                TrainingLoader.Transform<float>(_images.AsSpan(o, plane), images.AsSpan((i * Bands + b) * plane, plane), Size, Size, symmetry);
                if (_anyMasked[index]) TrainingLoader.Transform<float>(_masks.AsSpan(o, plane), masks.AsSpan((i * Bands + b) * plane, plane), Size, Size, symmetry);
            }
            anyMasked |= _anyMasked[index];
            if (cond is not null)
            {
                var row = cond.AsSpan(i * Encoding!.Size, Encoding.Size);
                _conditions.AsSpan(index * Encoding.Size, Encoding.Size).CopyTo(row);
                // A rotated or flipped galaxy has a rotated or flipped ellipticity.
                Encoding.ApplySymmetry(symmetry, row);
            }
        }
        using (Autograd.NoGrad())
        {
            var real = ToStage(Tensor.Wrap(images, count, Bands, Size, Size), stage, alpha);
            var mask = anyMasked ? ToStage(Tensor.Wrap(masks, count, Bands, Size, Size), stage, 1f) : null;
            return new GanBatch(real, mask, cond is null ? null : Tensor.Wrap(cond, count, Encoding!.Size));
        }
    }

    /// <summary>Images at full resolution brought to stage resolution with the fade-in blend.</summary>
    public static Tensor ToStage(Tensor full, int stage, float alpha)
    {
        var x = full;
        while (x.Size(2) > 4 << stage) x = Functional.AvgPool2d(x, 2);
        if (stage == 0 || alpha >= 1f) return x;
        var coarse = Functional.UpsampleNearest2x(Functional.AvgPool2d(x, 2));
        return coarse.Mul(1f - alpha).Add(x.Mul(alpha));
    }
}
