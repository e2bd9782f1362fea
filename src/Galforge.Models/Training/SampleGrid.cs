using Galforge.Astro.Imaging;
using Galforge.Astro.Reports;

namespace Galforge.Models.Training;

/// <summary>PNG grids of galaxy stamps (one band, asinh-stretched with a shared scale), for sample previews.</summary>
public static class SampleGrid
{
    /// <summary>
    /// Writes rows of S x S stamps: <paramref name="rows"/>[r] holds the stamps of row r
    /// (each S·S pixels of one band). One pixel of gap between stamps.
    /// </summary>
    public static void Write(string path, IReadOnlyList<IReadOnlyList<float[]>> rows, int size)
    {
        var cols = 0;
        var all = new List<Image>();
        foreach (var r in rows)
        {
            cols = Math.Max(cols, r.Count);
            foreach (var s in r) all.Add(new Image(size, size, s));
        }
        var stretch = Math.Max(ColourComposite.Scale(all), 1e-12);
        int w = cols * (size + 1) + 1, h = rows.Count * (size + 1) + 1;
        var pix = new byte[w * h];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < rows[r].Count; c++)
            {
                var grey = ColourComposite.Grey(new Image(size, size, rows[r][c]), stretch);
                for (var y = 0; y < size; y++)
                    for (var x = 0; x < size; x++)
                        pix[(1 + r * (size + 1) + y) * w + 1 + c * (size + 1) + x] = grey[y * size + x];
            }
        RunFiles.WriteAtomic(path, PngEncoder.Encode(w, h, pix, 1));
    }

    /// <summary>
    /// Writes galaxies <paramref name="images"/> ([count, bands, size, size], image units) as a
    /// preview: up to 8 galaxies per row, one row of stamps per band, at most 32 galaxies.
    /// </summary>
    public static void WriteGalaxies(string path, ReadOnlySpan<float> images, int count, int bands, int size)
    {
        var shown = Math.Min(count, 32);
        var px = size * size;
        var rows = new List<IReadOnlyList<float[]>>();
        for (var start = 0; start < shown; start += 8)
            for (var b = 0; b < bands; b++)
            {
                var row = new List<float[]>();
                for (var g = start; g < Math.Min(shown, start + 8); g++) row.Add(images.Slice((g * bands + b) * px, px).ToArray());
                rows.Add(row);
            }
        if (rows.Count == 0) rows.Add([new float[px]]);
        Write(path, rows, size);
    }
}
