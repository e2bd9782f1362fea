namespace Galforge.Astro.Datasets;

/// <summary>
/// Finds stamps that are the same cut-out of the sky. Stamps cut from a field are re-centred on
/// their segment, so the deblended members of one blend can land on the same centre and give the
/// same stamp twice (differing only where each one's neighbours were masked and filled with
/// noise). Such pairs must not be split between training and held-out sets: a held-out stamp
/// identical to a training stamp makes every memorisation test pass or fail by construction.
/// </summary>
public static class DuplicateCutouts
{
    /// <summary>
    /// Indices (ascending) of the first stamp of every group of identical cut-outs: two stamps are
    /// the same cut-out when every pixel of the central <paramref name="centre"/> x
    /// <paramref name="centre"/> box of every band that is unmasked in both has exactly the same
    /// value, and at least half of those pixels are unmasked in both. Groups are the transitive
    /// closure of that relation; a stamp with no twin is its own group.
    /// </summary>
    /// <exception cref="BadInputException"><paramref name="centre"/> is not between 1 and the stamp size.</exception>
    public static int[] FirstOfEach(GalaxyDataset data, int centre = 16)
    {
        if (centre < 1 || centre > data.Height || centre > data.Width)
            throw new BadInputException($"duplicate cut-outs: centre box {centre} px, expected 1 to {Math.Min(data.Height, data.Width)}");
        int n = data.Count, bands = data.BandCount, box = centre * centre, length = bands * box;
        int y0 = (data.Height - centre) / 2, x0 = (data.Width - centre) / 2;
        // The central boxes, contiguous per stamp, and whether each pixel carries a mask bit.
        var pixels = new float[(long)n * length];
        var good = new bool[(long)n * length];
        for (var g = 0; g < n; g++)
            for (var b = 0; b < bands; b++)
            {
                var image = data.Image(g, b);
                var mask = data.Mask(g, b);
                for (var y = 0; y < centre; y++)
                    for (var x = 0; x < centre; x++)
                    {
                        var source = (y0 + y) * data.Width + x0 + x;
                        var target = (long)g * length + b * box + y * centre + x;
                        pixels[target] = image[source];
                        good[target] = mask[source] == MaskBits.None;
                    }
            }
        var parent = new int[n];
        for (var i = 0; i < n; i++) parent[i] = i;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                if (Same(pixels, good, i, j, length))
                {
                    int ri = Root(parent, i), rj = Root(parent, j);
                    if (ri < rj) parent[rj] = ri; else parent[ri] = rj;
                }
        var first = new List<int>();
        for (var i = 0; i < n; i++)
            if (Root(parent, i) == i) first.Add(i);
        return first.ToArray();
    }

    private static bool Same(float[] pixels, bool[] good, int i, int j, int length)
    {
        long a = (long)i * length, b = (long)j * length;
        var shared = 0;
        for (var k = 0; k < length; k++)
        {
            if (!good[a + k] || !good[b + k]) continue;
            if (pixels[a + k] != pixels[b + k]) return false;   // almost every pair exits here at once
            shared++;
        }
        return 2 * shared >= length;
    }

    // Union-find root with path halving; a union attaches the larger root to the smaller, so
    // every group's root is its smallest index (the stamp kept).
    private static int Root(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /// <summary>
    /// Keeps the first stamp of each identical cut-out (<see cref="FirstOfEach"/>, central 16 px
    /// box) of a dataset just built, and records the others in <paramref name="report"/> as
    /// rejected by the rule "duplicate" (counts, input indices, and the dataset's provenance).
    /// Returns <paramref name="dataset"/> itself when there are none.
    /// </summary>
    /// <param name="dataset">The built dataset; row k is the k-th input the builder kept.</param>
    /// <param name="report">The build's report, updated in place.</param>
    /// <param name="inputCount">Galaxies given to the builder.</param>
    public static GalaxyDataset Drop(GalaxyDataset dataset, BuildReport report, int inputCount)
    {
        var unique = FirstOfEach(dataset, Math.Min(16, Math.Min(dataset.Height, dataset.Width)));
        if (unique.Length == dataset.Count) return dataset;
        var rejected = new HashSet<int>(report.Rejections.Select(r => r.Index));
        var keptInputs = Enumerable.Range(0, inputCount).Where(i => !rejected.Contains(i)).ToArray();
        var keep = new HashSet<int>(unique);
        for (var k = 0; k < dataset.Count; k++)
        {
            if (keep.Contains(k)) continue;
            report.Rejections.Add((keptInputs[k], "duplicate"));
            report.Rejected["duplicate"]++;
        }
        report.Kept = unique.Length;
        var result = dataset.Subset(unique);
        report.CopyTo(result.Provenance);
        return result;
    }
}
