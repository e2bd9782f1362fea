using Galforge.Astro.Detection;
using Galforge.Astro.Imaging;

namespace Galforge.Astro.Datasets;

/// <summary>
/// Builds a multi-band dataset from a field: detection (<see cref="FieldDetector"/>), removal of
/// stars, artefacts and sources touching the border, a PSF per band from a median stack of the
/// field's stars, a stamp of every remaining galaxy in every band (background-subtracted; pixels
/// beyond the field are NaN and end up masked), then <see cref="DatasetBuilder"/>, keeping one
/// stamp of each identical cut-out (<see cref="DuplicateCutouts"/>).
/// </summary>
public static class FieldIngest
{
    /// <summary>Detects, cuts and builds.</summary>
    public static (GalaxyDataset Dataset, BuildReport Report, FieldCatalog Catalog) Build(MultiBandField field, FieldDetectionOptions detection, DatasetBuildOptions build, IProgress<(int Done, int Total)>? progress = null)
    {
        var catalog = FieldDetector.Detect(field, detection);
        var nb = field.Bands.Count;
        var psfSize = build.PsfSize > 0 ? build.PsfSize : 25;
        var psfs = new Image?[nb];
        var stars = catalog.Sources.Where(s => (s.Flags & SourceFlags.Star) != 0 && (s.Flags & (SourceFlags.Edge | SourceFlags.Deblended | SourceFlags.Artefact)) == 0)
            .OrderByDescending(s => s.PeakSnr).Skip(2).Take(40).ToList(); // the very brightest may be saturated
        for (var b = 0; b < nb; b++) psfs[b] = StackPsf(catalog.Subtracted[b], field.Width, field.Height, stars, psfSize, field.Bands[b].PixelScale);

        var galaxies = catalog.Sources.Where(s => (s.Flags & (SourceFlags.Star | SourceFlags.Artefact | SourceFlags.Edge)) == 0).ToList();
        var cut = build.StampSize + build.StampSize / 4; // margin so re-centring rarely pads
        var inputs = new StampInput[galaxies.Count];
        for (var i = 0; i < galaxies.Count; i++)
        {
            var s = galaxies[i];
            var images = new Image?[nb];
            var sigmas = new double[nb];
            for (var b = 0; b < nb; b++)
            {
                images[b] = Cut(catalog.Subtracted[b], field.Width, field.Height, s.X, s.Y, cut, field.Bands[b].PixelScale);
                sigmas[b] = catalog.Backgrounds[b].Sigma;
                // A band with no finite pixel at the source is missing there (e.g. outside that band's coverage).
                if (images[b]!.Pixels.All(float.IsNaN)) images[b] = null;
            }
            inputs[i] = new StampInput(images, sigmas, (Image?[])psfs.Clone());
            progress?.Report((i + 1, galaxies.Count));
        }
        var parameters = new ParameterTable(galaxies.Count)
            .Set("ident", galaxies.Select(s => $"src{s.Id:D5}").ToArray())
            .Set("x_field", galaxies.Select(s => s.X).ToArray(), "pixel")
            .Set("y_field", galaxies.Select(s => s.Y).ToArray(), "pixel")
            .Set("radius_moment", galaxies.Select(s => s.Radius * field.Bands[0].PixelScale).ToArray(), "arcsec")
            .Set("q", galaxies.Select(s => s.AxisRatio).ToArray())
            .Set("pa", galaxies.Select(s => s.PositionAngle).ToArray(), "deg")
            .Set("snr_peak", galaxies.Select(s => s.PeakSnr).ToArray())
            .Set("deblended", galaxies.Select(s => (s.Flags & SourceFlags.Deblended) != 0 ? 1.0 : 0.0).ToArray());
        var provenance = new DatasetProvenance
        {
            Source = "multi-band field: " + string.Join(", ", field.Paths.Select((p, b) => $"{field.Bands[b].Name}={Path.GetFileName(p)}")),
            Tool = $"galforge {typeof(FieldIngest).Assembly.GetName().Version?.ToString(3)} ingest field",
        };
        provenance.Counts["detected"] = catalog.Sources.Count;
        provenance.Counts["stars"] = catalog.Sources.Count(s => (s.Flags & SourceFlags.Star) != 0);
        provenance.Counts["artefacts"] = catalog.Sources.Count(s => (s.Flags & SourceFlags.Artefact) != 0);
        provenance.Counts["edge"] = catalog.Sources.Count(s => (s.Flags & SourceFlags.Edge) != 0);
        provenance.Counts["deblended"] = catalog.Sources.Count(s => (s.Flags & SourceFlags.Deblended) != 0);
        provenance.Counts["psf_stars"] = stars.Count;
        provenance.Settings["detection_threshold_field"] = detection.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        provenance.Settings["stellar_radius_pixels"] = catalog.StellarRadius.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
        for (var b = 0; b < nb; b++)
            provenance.Settings[$"sky_sigma_{field.Bands[b].Name}"] = catalog.Backgrounds[b].Sigma.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        var builder = new DatasetBuilder(build);
        var (dataset, report) = builder.Build(field.Bands, inputs, parameters, provenance);
        // The deblended members of one blend are cut at their own positions, but the builder re-centres
        // each stamp on the flux centroid of its central segment, which for a pair it keeps is the
        // same for both: the same cut-out would enter twice (and could be split between training
        // and held-out).
        return (DuplicateCutouts.Drop(dataset, report, inputs.Length), report, catalog);
    }

    private static Image Cut(float[] pixels, int w, int h, double cx, double cy, int size, double scale)
    {
        var img = new Image(size, size, scale);
        var x0 = (int)Math.Round(cx) - size / 2;
        var y0 = (int)Math.Round(cy) - size / 2;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                int sx = x + x0, sy = y + y0;
                img.Pixels[y * size + x] = sx >= 0 && sx < w && sy >= 0 && sy < h ? pixels[sy * w + sx] : float.NaN;
            }
        return img;
    }

    private static Image? StackPsf(float[] pixels, int w, int h, List<DetectedSource> stars, int size, double scale)
    {
        if (stars.Count < 3) return null;
        var stamps = new List<float[]>();
        foreach (var s in stars)
        {
            var c = Cut(pixels, w, h, s.X, s.Y, size, scale);
            double sum = 0;
            foreach (var v in c.Pixels) if (float.IsFinite(v)) sum += v;
            if (!(sum > 0) || c.Pixels.Any(float.IsNaN)) continue;
            for (var i = 0; i < c.Pixels.Length; i++) c.Pixels[i] = (float)(c.Pixels[i] / sum);
            stamps.Add(c.Pixels);
        }
        if (stamps.Count < 3) return null;
        var psf = new Image(size, size, scale);
        var column = new float[stamps.Count];
        for (var p = 0; p < psf.Pixels.Length; p++)
        {
            for (var k = 0; k < stamps.Count; k++) column[k] = stamps[k][p];
            Array.Sort(column);
            psf.Pixels[p] = Math.Max(0, column[column.Length / 2]);
        }
        return psf;
    }
}
