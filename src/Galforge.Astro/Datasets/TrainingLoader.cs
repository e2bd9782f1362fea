namespace Galforge.Astro.Datasets;

/// <summary>
/// Feeds a dataset to training: a train/validation split fixed by the seed, a fresh
/// deterministic shuffle of the training galaxies each epoch (seed + epoch), batches, and
/// augmentation by the 8 symmetries of the square (90-degree rotations and flips) applied to
/// image, mask and PSF together. Images are normalised with the dataset's
/// <see cref="AsinhNormalization"/> when it has one. Same seed, same batches.
/// </summary>
public sealed class TrainingLoader
{
    private readonly GalaxyDataset _dataset;
    private readonly long _seed;

    /// <summary>Splits the dataset: a seeded shuffle, the first <paramref name="validationFraction"/> of it for validation.</summary>
    public TrainingLoader(GalaxyDataset dataset, double validationFraction, long seed)
    {
        if (validationFraction is < 0 or >= 1) throw new BadInputException($"validation fraction {validationFraction}: expected 0 <= f < 1");
        _dataset = dataset;
        _seed = seed;
        var order = Enumerable.Range(0, dataset.Count).ToArray();
        Shuffle(order, Rng(seed, -1));
        var nVal = (int)Math.Round(validationFraction * dataset.Count);
        Validation = order[..nVal].Order().ToArray();
        Train = order[nVal..].Order().ToArray();
    }

    /// <summary>Dataset indices of the training galaxies (sorted).</summary>
    public int[] Train { get; }

    /// <summary>Dataset indices of the validation galaxies (sorted).</summary>
    public int[] Validation { get; }

    /// <summary>
    /// The training batches of one epoch, shuffled with seed + epoch, augmented when asked.
    /// The last batch may be smaller unless <paramref name="dropLast"/>.
    /// </summary>
    public IEnumerable<TrainingBatch> TrainBatches(int batchSize, int epoch, bool augment = true, bool dropLast = false)
    {
        var order = (int[])Train.Clone();
        var rng = Rng(_seed, epoch);
        Shuffle(order, rng);
        return Batches(order, batchSize, augment ? rng : null, dropLast);
    }

    /// <summary>The validation batches, in order, never augmented.</summary>
    public IEnumerable<TrainingBatch> ValidationBatches(int batchSize) => Batches(Validation, batchSize, null, false);

    private IEnumerable<TrainingBatch> Batches(int[] order, int batchSize, Random? augment, bool dropLast)
    {
        if (batchSize < 1) throw new BadInputException($"batch size {batchSize}: expected at least 1");
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var n = Math.Min(batchSize, order.Length - start);
            if (dropLast && n < batchSize) yield break;
            // Draw the transforms before yielding so the sequence does not depend on how the caller iterates.
            var transforms = new int[n];
            // Non-square stamps or PSFs only take the shape-keeping transforms: identity, 180-degree rotation and the two flips.
            var square = _dataset.Height == _dataset.Width && _dataset.PsfHeight == _dataset.PsfWidth;
            for (var i = 0; i < n; i++)
                transforms[i] = augment is null ? 0 : square ? augment.Next(8) : 2 * augment.Next(4);
            yield return Make(order.AsSpan(start, n).ToArray(), transforms);
        }
    }

    private TrainingBatch Make(int[] indices, int[] transforms)
    {
        var d = _dataset;
        int nb = d.BandCount, h = d.Height, w = d.Width, ph = d.PsfHeight, pw = d.PsfWidth;
        var images = new float[indices.Length * nb * h * w];
        var masks = new byte[images.Length];
        var psfs = new float[indices.Length * nb * ph * pw];
        var sigmas = new float[indices.Length * nb];
        for (var i = 0; i < indices.Length; i++)
            for (var b = 0; b < nb; b++)
            {
                var g = indices[i];
                var img = images.AsSpan((i * nb + b) * h * w, h * w);
                Transform(d.Image(g, b), img, w, h, transforms[i]);
                Transform(d.Mask(g, b), masks.AsSpan((i * nb + b) * h * w, h * w), w, h, transforms[i]);
                Transform(d.Psf(g, b), psfs.AsSpan((i * nb + b) * ph * pw, ph * pw), pw, ph, transforms[i]);
                d.Normalization?.Forward(img, b);
                sigmas[i * nb + b] = d.NoiseSigma(g, b);
            }
        return new TrainingBatch { Count = indices.Length, Images = images, Masks = masks, Psfs = psfs, Sigmas = sigmas, Indices = indices, Transforms = transforms };
    }

    /// <summary>
    /// Applies dihedral transform t to a w x h plane: rotate by (t mod 4) x 90 degrees
    /// counter-clockwise, then flip left-right when t >= 4. Non-square planes only take even t (0, 2, 4, 6), which keep the shape.
    /// </summary>
    public static void Transform<T>(ReadOnlySpan<T> src, Span<T> dst, int w, int h, int t)
    {
        if (t == 0) { src.CopyTo(dst); return; }
        var k = t & 3;
        var flip = t >= 4;
        if ((k & 1) == 1 && w != h) throw new ArgumentException($"a {w}x{h} plane cannot be rotated by 90 degrees");
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                // Destination (x, y) takes the source pixel that the inverse transform maps it to.
                int ux = flip ? w - 1 - x : x, uy = y;
                int sx, sy;
                switch (k)
                {
                    case 0: sx = ux; sy = uy; break;
                    case 1: sx = uy; sy = w - 1 - ux; break;      // inverse of a 90-degree CCW rotation
                    case 2: sx = w - 1 - ux; sy = h - 1 - uy; break;
                    default: sx = h - 1 - uy; sy = ux; break;
                }
                dst[y * w + x] = src[sy * w + sx];
            }
    }

    /// <summary>
    /// The 2x2 matrix of dihedral transform <paramref name="t"/> (<see cref="Transform{T}"/>) on
    /// pixel offsets from the stamp centre (x along columns, y along rows): a feature at offset
    /// (x, y) in the source lies at (Xx x + Xy y, Yx x + Yy y) in the result.
    /// </summary>
    public static (int Xx, int Xy, int Yx, int Yy) TransformMatrix(int t)
    {
        if (t is < 0 or > 7) throw new ArgumentOutOfRangeException(nameof(t), t, "expected a transform 0..7");
        // Transform reads source offset s = A F d for destination offset d (F: the left-right
        // flip, A: the inverse rotation), so d = F^-1 A^-1 s = F A^T s.
        var (xx, xy, yx, yy) = (t & 3) switch
        {
            0 => (1, 0, 0, 1),
            1 => (0, -1, 1, 0),
            2 => (-1, 0, 0, -1),
            _ => (0, 1, -1, 0),
        };
        return t >= 4 ? (-xx, -xy, yx, yy) : (xx, xy, yx, yy);
    }

    /// <summary>
    /// How dihedral transform <paramref name="t"/> changes an ellipticity (e1, e2) measured in
    /// pixel axes (e1 = (Qxx - Qyy)/(Qxx + Qyy), e2 = 2 Qxy/(Qxx + Qyy) up to the shared
    /// shear-like factor, as <see cref="Measurement.AdaptiveMoments"/> defines them): the
    /// quadrupole moments go to Q' = M Q M^T with M = <see cref="TransformMatrix"/>, and for the
    /// square's symmetries (signed permutations) each component only changes sign: e1' = S1 e1,
    /// e2' = S2 e2.
    /// </summary>
    public static (int S1, int S2) EllipticitySigns(int t)
    {
        var (xx, xy, yx, yy) = TransformMatrix(t);
        // Q = I + e1 diag(1, -1) + e2 [[0, 1], [1, 0]]; M orthogonal keeps the trace. The cross
        // terms (Xx Yx - Xy Yy for e1 -> e2', (Xx Xy - Yx Yy) for e2 -> e1') vanish for a signed
        // permutation.
        var s1 = (xx * xx - xy * xy - yx * yx + yy * yy) / 2;
        var s2 = xx * yy + xy * yx;
        return (s1, s2);
    }

    private static Random Rng(long seed, int epoch) => new(unchecked((int)(seed * 2_654_435_761L) ^ (epoch * 40503 + 17)));

    private static void Shuffle(int[] a, Random rng)
    {
        for (var i = a.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
