using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;

namespace Galforge.Models.Generation;

/// <summary>
/// The galaxy-cube FITS layout that <c>galforge generate</c> writes and <c>galforge evaluate</c>
/// reads: an empty primary HDU with provenance cards, one image HDU per band holding a
/// W x H x N cube (EXTNAME = band name, PIXSCALE in arcsec/pixel), and a PARAMS binary table
/// with one row per galaxy. Written atomically.
/// </summary>
public static class GalaxyCubeFile
{
    /// <summary>Writes <paramref name="images"/> (N x B x S x S) with their table to <paramref name="path"/>.</summary>
    /// <param name="path">Output FITS file.</param>
    /// <param name="images">N x B x S x S pixels, row-major.</param>
    /// <param name="count">N.</param>
    /// <param name="bands">Band names (one image HDU each).</param>
    /// <param name="size">S.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="table">PARAMS table, one row per galaxy.</param>
    /// <param name="cards">Primary-header string cards.</param>
    /// <param name="bandCards">Optional extra cards for each band's image HDU.</param>
    public static void Write(string path, float[] images, int count, IReadOnlyList<string> bands, int size, double pixelScale,
        ParameterTable table, IReadOnlyDictionary<string, string> cards, IReadOnlyList<IReadOnlyList<FitsCard>>? bandCards = null)
    {
        var b = bands.Count;
        var px = size * size;
        FitsFile.WriteAtomically(path, w =>
        {
            var primary = new FitsHeader();
            foreach (var (k, v) in cards) primary.Add(FitsCard.String(k, v));
            w.WriteEmptyPrimary(primary);
            for (var band = 0; band < b; band++)
            {
                var cube = new float[(long)Math.Max(count, 1) * px];
                for (var g = 0; g < count; g++) Array.Copy(images, ((long)g * b + band) * px, cube, (long)g * px, px);
                var img = new FitsImage([size, size, Math.Max(count, 1)], cube);
                img.Header.Add(FitsCard.String("BAND", bands[band]));
                img.Header.Add(FitsCard.Float("PIXSCALE", pixelScale, "arcsec per pixel"));
                if (bandCards is not null) foreach (var c in bandCards[band]) img.Header.Add(c);
                w.WriteImage(img, FitsStorage.Float32, bands[band]);
            }
            w.WriteTable(table.ToFitsTable(), "PARAMS");
        });
    }
}
