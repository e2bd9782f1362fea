using Galforge.Astro.Datasets;
using Galforge.Astro.Measurement;

namespace Galforge.Models.Generation;

/// <summary>
/// Truth of the generated images themselves, next to the requested conditions: a generator
/// follows its request only to a scatter (and the VAE's decoder texture adds some), so a
/// shape-measurement calibration needs what each galaxy actually is. For every band and every
/// <see cref="IntrinsicColumn"/> quantity, <see cref="IntrinsicShape"/> of the generated noise-free
/// image before any shear or survey observation, as column <c>gen_intr_QUANTITY_BAND</c> (the
/// same measurement as <c>galforge simulate --intrinsic</c>'s intr_* columns: AB magnitude,
/// circular half-light radius in arcsec, shear-like ellipticity components, x along columns).
/// </summary>
public static class MeasuredTruth
{
    /// <summary>Prefix of the measured columns.</summary>
    public const string Prefix = "gen_";

    /// <summary>Adds the measured columns to <paramref name="table"/>.</summary>
    /// <param name="table">Truth table with one row per galaxy.</param>
    /// <param name="images">[count, bands, size, size] generated images, image units, before shear or PSF.</param>
    /// <param name="count">Galaxies.</param>
    /// <param name="bands">Band names.</param>
    /// <param name="size">Stamp side, pixels.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="zeroPoints">AB zero point per band (NaN: magnitudes NaN).</param>
    public static void Add(ParameterTable table, float[] images, int count, IReadOnlyList<string> bands, int size, double pixelScale, IReadOnlyList<double> zeroPoints)
    {
        for (var band = 0; band < bands.Count; band++)
        {
            var shapes = IntrinsicShape.MeasureBand(images, count, bands.Count, band, size, pixelScale, zeroPoints[band]);
            foreach (var quantity in IntrinsicColumn.Quantities)
                table.Set(Prefix + IntrinsicColumn.Name(quantity, bands[band]), [.. shapes.Select(s => IntrinsicColumn.Value(s, quantity))], IntrinsicColumn.Unit(quantity));
        }
    }
}
