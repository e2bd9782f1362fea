using Galforge.Astro.Datasets;
using Galforge.Astro.Measurement;
using Galforge.Engine;
using Galforge.Models.Generation;
using Galforge.Models.Vae;

namespace Galforge.Models.Training;

/// <summary>
/// Where the flow's training conditions come from. With <see cref="Dataset"/> every condition is
/// a column of the dataset's parameter table. With <see cref="Reconstruction"/> every intrinsic
/// condition (intr_QUANTITY_BAND, <see cref="IntrinsicShape"/>) is measured instead on the VAE's
/// own reconstruction of the galaxy (decoder of the encoder mean, before the PSF), other
/// conditions still come from the table.
/// Why: the decoder cannot restore everything the PSF removed, so a galaxy's reconstruction is
/// rounder and smaller than its truth (shipped CANDELS VAE, 2,000 galaxies: mean |e| 0.239 vs
/// 0.292; Pearson r of reconstruction vs truth 0.985 mag, 0.925 hlr, 0.808 e). A flow trained on
/// the truth learns p(latent | truth), and a latent drawn for e = 0.5 decodes to whatever shape
/// the reconstructions of such galaxies had. Trained on the reconstruction's own measurements it
/// learns which latents decode to a galaxy that measures e = 0.5, so requested and measured are
/// the same quantity of the same image, and elongated small galaxies are asked for explicitly
/// instead of averaged away.
/// </summary>
public static class ReconstructionConditions
{
    /// <summary>Conditions read from the dataset's parameter table.</summary>
    public const string Dataset = "dataset";

    /// <summary>Intrinsic conditions measured on the VAE reconstruction.</summary>
    public const string Reconstruction = "reconstruction";

    /// <summary>The accepted source names.</summary>
    public static readonly string[] Sources = [Dataset, Reconstruction];

    /// <summary>
    /// The N x C condition matrix (row-major): intrinsic conditions measured on the decoded
    /// <paramref name="latents"/> (N x latent, encoder means of every galaxy of
    /// <paramref name="ds"/>); other conditions read from the dataset's parameter table
    /// (<see cref="ConditionColumns"/>). The table needs no intr_* columns, so a real dataset
    /// can be conditioned on the measured shape of its reconstructions. NaN where a measurement fails.
    /// </summary>
    /// <param name="vae">The trained VAE whose decoder reconstructs the galaxies.</param>
    /// <param name="latents">Encoder means, N x latent.</param>
    /// <param name="asinhScales">Per band, the asinh scale of the VAE's data (image units of one decoder unit).</param>
    /// <param name="ds">The dataset the latents belong to (bands, zero points, pixel scale).</param>
    /// <param name="conditions">Condition names.</param>
    /// <param name="source">Name of the data, for errors.</param>
    public static double[] Measure(ConvVae vae, float[] latents, IReadOnlyList<double> asinhScales, GalaxyDataset ds,
        IReadOnlyList<string> conditions, string source)
    {
        int n = ds.Count, nc = conditions.Count, b = ds.BandCount, s = ds.Height, px = s * s, d = vae.Latent;
        var bandNames = ds.Bands.Select(x => x.Name).ToList();
        var wanted = new (string Quantity, int Band)?[nc];
        for (var j = 0; j < nc; j++)
        {
            if (!IntrinsicColumn.TryParse(conditions[j], out var quantity, out var band)) continue;
            var index = bandNames.IndexOf(band);
            if (index < 0) throw new BadInputException($"{source}: condition '{conditions[j]}' names band '{band}', expected one of {string.Join(", ", bandNames)}");
            if (quantity == "mag" && !double.IsFinite(ds.Bands[index].ZeroPoint))
                throw new BadInputException($"{source}: band {band} has no zero point, so '{conditions[j]}' cannot be measured on the reconstruction");
            wanted[j] = (quantity, index);
        }
        if (wanted.All(w => w is null))
            throw new BadInputException($"--condition-source {Reconstruction}: none of the conditions ({string.Join(", ", conditions)}) is an intr_QUANTITY_BAND column (quantities {string.Join(", ", IntrinsicColumn.Quantities)}), so nothing would be measured on the reconstruction");
        var measureBands = wanted.Where(w => w is not null).Select(w => w!.Value.Band).Distinct().ToArray();
        var result = new double[n * nc];
        for (var j = 0; j < nc; j++)
        {
            if (wanted[j] is not null) continue;
            var column = ConditionColumns.Values(ds.Parameters, conditions[j], source);
            for (var g = 0; g < n; g++) result[g * nc + j] = column[g];
        }
        var shapes = new IntrinsicShape[n, b];
        const int chunk = 64;
        var image = new float[chunk * b * px];
        for (var start = 0; start < n; start += chunk)
        {
            var m = Math.Min(chunk, n - start);
            vae.DecodeToFlux(latents.AsSpan(start * d, m * d), m, asinhScales, image.AsSpan(0, m * b * px));
            var first = start;
            Parallel.For(0, m * measureBands.Length, t =>
            {
                int k = t / measureBands.Length, band = measureBands[t % measureBands.Length];
                shapes[first + k, band] = IntrinsicShape.Measure(image.AsSpan((k * b + band) * px, px), s, ds.Bands[band].PixelScale, ds.Bands[band].ZeroPoint);
            });
        }
        for (var g = 0; g < n; g++)
            for (var j = 0; j < nc; j++)
                if (wanted[j] is { } w) result[g * nc + j] = IntrinsicColumn.Value(shapes[g, w.Band], w.Quantity);
        return result;
    }
}
