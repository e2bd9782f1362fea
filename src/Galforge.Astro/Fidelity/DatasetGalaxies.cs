using Galforge.Astro.Datasets;
using Galforge.Astro.Imaging;

namespace Galforge.Astro.Fidelity;

/// <summary>Turns a <see cref="GalaxyDataset"/> into a <see cref="GalaxySet"/> for measurement.</summary>
public static class DatasetGalaxies
{
    /// <summary>Mask bits that exclude a pixel from measurement: bad pixels, neighbours and
    /// missing bands. Padding is noise-filled sky and stays in.</summary>
    public const byte MeasurementMaskBits = MaskBits.Bad | MaskBits.Neighbour | MaskBits.MissingBand;

    /// <summary>
    /// Every galaxy with its bands (image units, band pixel scale), its numeric parameters and
    /// per-band masks; the bands' zero points when all are known.
    /// </summary>
    public static GalaxySet ToGalaxySet(GalaxyDataset dataset, string name)
    {
        int w = dataset.Width, h = dataset.Height;
        var numeric = dataset.Parameters.Names.Where(dataset.Parameters.IsNumeric).ToList();
        var columns = numeric.Select(c => (c.ToLowerInvariant(), dataset.Parameters.Numbers(c))).ToList();
        var galaxies = new List<GalaxySample>(dataset.Count);
        for (int g = 0; g < dataset.Count; g++)
        {
            var images = new List<Image>(dataset.BandCount);
            var masks = new bool[]?[dataset.BandCount];
            for (int b = 0; b < dataset.BandCount; b++)
            {
                images.Add(new Image(w, h, dataset.Image(g, b).ToArray(), dataset.Bands[b].PixelScale));
                var bits = dataset.Mask(g, b);
                bool[]? m = null;
                for (int i = 0; i < bits.Length; i++)
                    if ((bits[i] & MeasurementMaskBits) != 0) (m ??= new bool[bits.Length])[i] = true;
                masks[b] = m;
            }
            var p = new Dictionary<string, double>();
            foreach (var (col, values) in columns) p[col] = values[g];
            galaxies.Add(new GalaxySample(images, p, masks));
        }
        var zps = dataset.Bands.Select(b => b.ZeroPoint).ToArray();
        return new GalaxySet(name, dataset.Bands.Select(b => b.Name).ToList(), galaxies, zps.All(double.IsFinite) ? zps : null);
    }
}
