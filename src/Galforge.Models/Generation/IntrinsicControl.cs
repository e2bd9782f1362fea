using System.Text.Json.Nodes;
using Galforge.Astro.Fidelity;
using Galforge.Astro.Measurement;
using static Galforge.Models.Generation.SummaryNumber;

namespace Galforge.Models.Generation;

/// <summary>
/// Control of a generator measured the way noise-free images are measured: for each condition
/// that names an <see cref="IntrinsicColumn"/> quantity (intr_QUANTITY_BAND, or a bare mag, hlr
/// in arcsec, e, e1, e2 referred to a default band), <see cref="IntrinsicShape"/> of the generated
/// noise-free image in that band against the request; Pearson r, bias, scatter and, for |e|, the
/// mean generated/requested ratio. A model conditioned on e1 and e2 (and not on |e|) of a band
/// also gets an |e| entry, requested as their modulus. Used for the VAE's pre-PSF output and the
/// progressive GAN's noise-free (PSF-convolved) output; the morphology pipeline's segmentation
/// needs sky noise, this measurement does not.
/// </summary>
public static class IntrinsicControl
{
    /// <summary>Measures the control; entries keyed by condition name (an added |e| as intr_e_BAND, or e for bare names). Empty when no condition is a quantity.</summary>
    /// <param name="names">Condition names, in the column order of <paramref name="requested"/>.</param>
    /// <param name="bands">Band names of the images.</param>
    /// <param name="defaultBand">Band that bare quantity names refer to; null: bare names are not measured.</param>
    /// <param name="images">[count, bands, size, size] noise-free generated images, image units.</param>
    /// <param name="size">Stamp side, pixels.</param>
    /// <param name="pixelScale">Arcsec per pixel.</param>
    /// <param name="requested">[count, names] requested values, row-major.</param>
    /// <param name="count">Galaxies.</param>
    /// <param name="zeroPoints">AB zero point of each band (for mag).</param>
    public static JsonObject Measure(IReadOnlyList<string> names, IReadOnlyList<string> bands, string? defaultBand, float[] images, int size,
        double pixelScale, double[] requested, int count, IReadOnlyList<double> zeroPoints)
    {
        int nc = names.Count, b = bands.Count;
        var resolved = new (string Quantity, int Band)[nc];
        for (var j = 0; j < nc; j++)
        {
            resolved[j] = ("", -1);
            if (IntrinsicColumn.TryParse(names[j], out var quantity, out var band)) resolved[j] = (quantity, IndexOf(bands, band));
            else if (defaultBand is not null && IntrinsicColumn.Quantities.Contains(names[j])) resolved[j] = (names[j], IndexOf(bands, defaultBand));
        }
        var control = new JsonObject();
        var cache = new Dictionary<int, IntrinsicShape[]>();
        IntrinsicShape[] Shapes(int band)
        {
            if (!cache.TryGetValue(band, out var shapes))
                cache[band] = shapes = IntrinsicShape.MeasureBand(images, count, b, band, size, pixelScale, zeroPoints[band]);
            return shapes;
        }
        double[] Requested(int j)
        {
            var v = new double[count];
            for (var g = 0; g < count; g++) v[g] = requested[g * nc + j];
            return v;
        }
        void Add(string name, string quantity, double[] wanted, IntrinsicShape[] shapes)
        {
            var measured = new double[count];
            for (var g = 0; g < count; g++) measured[g] = IntrinsicColumn.Value(shapes[g], quantity);
            var (bias, scatter, pearson, used) = ConditionalControl.Compare(wanted, measured);
            var entry = new JsonObject { ["pearson_r"] = Round(pearson), ["bias"] = Round(bias), ["scatter"] = Round(scatter), ["count"] = used };
            if (quantity == "e") entry["mean_ratio"] = Round(MeanFinitePairs(measured, wanted));
            control[name] = entry;
        }
        int Find(string quantity, int band) => Array.FindIndex(resolved, r => r.Quantity == quantity && r.Band == band);
        for (var j = 0; j < nc; j++)
        {
            var (quantity, band) = resolved[j];
            if (band < 0) continue;
            Add(names[j], quantity, Requested(j), Shapes(band));
            // Conditioned on the components: |e| is judged too, requested as their modulus.
            if (quantity != "e2") continue;
            var j1 = Find("e1", band);
            if (j1 < 0 || Find("e", band) >= 0) continue;
            var e1 = Requested(j1);
            var e2 = Requested(j);
            var modulus = new double[count];
            for (var g = 0; g < count; g++) modulus[g] = Math.Sqrt(e1[g] * e1[g] + e2[g] * e2[g]);
            Add(IntrinsicColumn.TryParse(names[j], out _, out _) ? IntrinsicColumn.Name("e", bands[band]) : "e", "e", modulus, Shapes(band));
        }
        return control;
    }

    private static int IndexOf(IReadOnlyList<string> bands, string band)
    {
        for (var i = 0; i < bands.Count; i++) if (bands[i] == band) return i;
        return -1;
    }

    // mean(measured) / mean(requested) over pairs where both are finite.
    private static double MeanFinitePairs(double[] measured, double[] requested)
    {
        double sm = 0, sr = 0;
        for (var i = 0; i < measured.Length; i++)
            if (double.IsFinite(measured[i]) && double.IsFinite(requested[i])) { sm += measured[i]; sr += requested[i]; }
        return sm / sr;
    }
}
