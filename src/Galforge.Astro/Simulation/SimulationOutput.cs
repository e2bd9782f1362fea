using System.Globalization;
using System.Text.Json;
using Galforge.Astro.Fits;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Writes a finished run into a new folder, atomically: everything goes to a hidden temporary
/// folder beside it, which is renamed to the requested name only when complete, so an error or
/// interruption never leaves a half-written output. Contents: <c>stamps.fits</c> (one N x H x W
/// float32 cube per band, EXTNAME = band, counts), <c>psf.fits</c> (the unit-sum PSF kernel used
/// for each band), <c>truth.csv</c> and <c>components.csv</c> (<see cref="TruthTable"/>), and
/// <c>simulation.json</c> (settings, seed, population, command line).
/// </summary>
public static class SimulationOutput
{
    /// <summary>Fails early (before any work) when <paramref name="folder"/> exists and is not empty.</summary>
    public static void CheckTarget(string folder)
    {
        if (File.Exists(folder)) throw new BadInputException($"--out {folder}: is a file, expected a new or empty folder");
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new BadInputException($"--out {folder}: exists and is not empty (choose a new folder)");
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder));
        if (parent is null || !Directory.Exists(parent)) throw new BadInputException($"--out {folder}: parent folder {parent} does not exist");
    }

    /// <summary>Writes the run. <paramref name="images"/> is galaxy-major: [galaxy][band][y][x].</summary>
    public static void Write(string folder, Simulator simulator, float[] images, IReadOnlyList<GalaxyTruth> truths, string commandLine)
    {
        CheckTarget(folder);
        var s = simulator.Settings;
        int n = truths.Count, nb = s.Bands.Count, size = s.StampSize, pix = size * size;
        var full = Path.GetFullPath(folder);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            using (var w = new FitsWriter(new FileStream(Path.Combine(temp, "stamps.fits"), FileMode.CreateNew)))
            {
                w.WriteEmptyPrimary(Header(s, simulator));
                for (int b = 0; b < nb; b++)
                {
                    var cube = new float[(long)n * pix];
                    for (int i = 0; i < n; i++)
                        Array.Copy(images, ((long)i * nb + b) * pix, cube, (long)i * pix, pix);
                    var img = new FitsImage([size, size, n], cube) { Header = BandHeader(s, b) };
                    w.WriteImage(img, FitsStorage.Float32, s.Bands[b].Name);
                }
            }
            using (var w = new FitsWriter(new FileStream(Path.Combine(temp, "psf.fits"), FileMode.CreateNew)))
            {
                w.WriteEmptyPrimary();
                for (int b = 0; b < nb; b++)
                {
                    var k = simulator.Kernels[b];
                    int side = 2 * k.RadiusPixels + 1;
                    w.WriteImage(new FitsImage([side, side], k.Image) { Header = BandHeader(s, b) }, FitsStorage.Float32, s.Bands[b].Name);
                }
            }
            TruthTable.Write(temp, truths, s.Bands);
            File.WriteAllText(Path.Combine(temp, "simulation.json"), Metadata(simulator, n, commandLine));
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(temp, full);
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>The run's settings as JSON (also used by the dataset provenance).</summary>
    public static string Metadata(Simulator simulator, int count, string commandLine)
    {
        var s = simulator.Settings;
        var bands = new List<object>();
        foreach (var b in s.Bands)
            bands.Add(new { name = b.Name, wavelength_um = b.WavelengthMicron, zero_point = b.ZeroPoint, psf = b.Psf.Spec, psf_fwhm_arcsec = b.Psf.Fwhm, noise = b.Noise.Describe() });
        var meta = new
        {
            generator = $"galforge {typeof(SimulationOutput).Assembly.GetName().Version?.ToString(3)} parametric simulator",
            command = commandLine,
            count,
            seed = s.Seed,
            seeding = "counter-based: galaxy i uses streams (seed, i, k) only; independent of thread count",
            stamp_size = s.StampSize,
            pixel_scale_arcsec = s.PixelScale,
            units = "counts (AB magnitude m gives 10^(-0.4 (m - zero_point)) counts)",
            g1 = s.Lens.G1,
            g2 = s.Lens.G2,
            kappa = s.Lens.Kappa,
            magnification = s.Lens.Magnification,
            noise = s.AddNoise,
            psf_flux_fraction = s.PsfFluxFraction,
            population = simulator.Population.Description,
            colour_model = "ColourModel (docs/simulation.md): B/T from n, power-law SEDs per component, clumps and arms for star-forming disks",
            bands,
        };
        return JsonSerializer.Serialize(meta, new JsonSerializerOptions { WriteIndented = true });
    }

    private static FitsHeader Header(SimulationSettings s, Simulator sim)
    {
        var h = new FitsHeader();
        h.Add(FitsCard.Integer("SEED", (long)s.Seed, "galforge simulate seed"));
        h.Add(FitsCard.Float("G1", s.Lens.G1, "applied reduced shear"));
        h.Add(FitsCard.Float("G2", s.Lens.G2, "applied reduced shear"));
        h.Add(FitsCard.Float("KAPPA", s.Lens.Kappa, "applied convergence"));
        return h;
    }

    private static FitsHeader BandHeader(SimulationSettings s, int b)
    {
        var h = new FitsHeader();
        h.Add(FitsCard.String("BAND", s.Bands[b].Name, "band name"));
        h.Add(FitsCard.Float("PIXSCALE", s.PixelScale, "arcsec per pixel"));
        h.Add(FitsCard.Float("ZEROPNT", s.Bands[b].ZeroPoint, "AB mag of 1 count"));
        h.Add(FitsCard.String("BUNIT", "counts", "pixel unit"));
        h.Add(FitsCard.Integer("SEED", (long)s.Seed, "galforge simulate seed"));
        return h;
    }
}
