using Galforge.Astro.Reports;
using Galforge.Engine;

namespace Galforge.Models.Gan;

/// <summary>
/// PNG grid of arcsinh-normalised images (what the networks see): greyscale for one or two bands
/// (the first band), colour for three or more (reddest band = red, middle = green, first = blue),
/// each tile up-sampled to the final size so stages compare, scaled to the 99.5th percentile.
/// </summary>
public static class GanSampleGrid
{
    /// <summary>Encodes images [N, B, r, r] as a PNG with <paramref name="columns"/> tiles per row of side <paramref name="tile"/>.</summary>
    public static byte[] Encode(Tensor images, int columns, int tile)
    {
        int n = images.Size(0), bands = images.Size(1), r = images.Size(2);
        var rows = (n + columns - 1) / columns;
        var colour = bands >= 3;
        var channels = colour ? 3 : 1;
        int[] pick = colour ? [bands - 1, bands / 2, 0] : [0];
        var data = images.Data;
        var sorted = data.ToArray();
        Array.Sort(sorted);
        var top = Math.Max(sorted[(int)(0.995 * (sorted.Length - 1))], 1e-6f);
        const float bottom = -0.1f;
        int width = columns * tile, height = rows * tile;
        var pixels = new byte[width * height * channels];
        var factor = tile / r;
        for (var i = 0; i < n; i++)
        {
            int ox = i % columns * tile, oy = i / columns * tile;
            for (var c = 0; c < channels; c++)
            {
                var plane = data.Slice((i * bands + pick[c]) * r * r, r * r);
                for (var y = 0; y < tile; y++)
                    for (var x = 0; x < tile; x++)
                    {
                        var v = (plane[y / factor * r + x / factor] - bottom) / (top - bottom);
                        // Image rows go top-down in PNG; FITS-style y runs up, so flip.
                        pixels[((oy + tile - 1 - y) * width + ox + x) * channels + c] = (byte)Math.Clamp(v * 255f + 0.5f, 0f, 255f);
                    }
            }
        }
        return PngEncoder.Encode(width, height, pixels, channels);
    }

    /// <summary>Writes the grid atomically (temporary file, then rename).</summary>
    public static void Write(string path, Tensor images, int columns, int tile)
    {
        var bytes = Encode(images, columns, tile);
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }
}
