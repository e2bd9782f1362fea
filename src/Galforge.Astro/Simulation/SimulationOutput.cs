using System.Globalization;
using System.Text.Json;
using Galforge.Astro.Datasets;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Writes a finished run into a new folder, atomically: everything goes to a hidden temporary
/// folder beside it, renamed to the requested name only when complete, so an error or an
/// interruption never leaves a half-written output. The folder is a Galforge dataset
/// (<see cref="GalaxyDataset"/>: dataset.fits + dataset.json, N x B x H x W stamps in counts, the
/// PSF of each band, the sky sigma, and the galaxy-level truth as the parameter table) plus
/// <c>truth.csv</c> and <c>components.csv</c> (<see cref="TruthTable"/>) and <c>simulation.json</c>
/// (settings, seed, population, command line).
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

    /// <summary>Allocates the dataset for <paramref name="count"/> galaxies with bands, PSFs and sky sigmas filled in.</summary>
    public static GalaxyDataset CreateDataset(Simulator simulator, int count)
    {
        var s = simulator.Settings;
        int side = 2 * simulator.Kernels[0].RadiusPixels + 1;
        var bands = new List<DatasetBand>();
        foreach (var b in s.Bands) bands.Add(new DatasetBand(b.Name, s.PixelScale, b.ZeroPoint, s.AddNoise && b.Noise.Gain > 0 ? b.Noise.Gain : double.NaN));
        var ds = new GalaxyDataset(bands, count, s.StampSize, s.StampSize, side, side);
        for (int b = 0; b < s.Bands.Count; b++)
        {
            var k = simulator.Kernels[b];
            int r = k.RadiusPixels, off = (side - (2 * r + 1)) / 2;
            var psf = new float[side * side];
            for (int y = 0; y < 2 * r + 1; y++)
                for (int x = 0; x < 2 * r + 1; x++)
                    psf[(y + off) * side + x + off] = (float)k.Image[y * (2 * r + 1) + x];
            float sigma = s.AddNoise ? (float)s.Bands[b].Noise.SkySigma : 0f;
            for (int i = 0; i < count; i++)
            {
                psf.CopyTo(ds.Psf(i, b));
                ds.SetNoiseSigma(i, b, sigma);
            }
        }
        // Correlated noise: the stamp's noise power spectrum per band, for Fourier likelihoods.
        if (s.AddNoise && s.Bands.Any(b => b.Noise.Correlated is not null))
        {
            int px = s.StampSize * s.StampSize;
            var power = new float[s.Bands.Count * px];
            for (int b = 0; b < s.Bands.Count; b++)
            {
                var spectrum = s.Bands[b].Noise.Correlated?.StampPowerSpectrum(s.StampSize, s.PixelScale);
                for (int i = 0; i < px; i++) power[b * px + i] = spectrum is null ? 1f : (float)spectrum[i];
            }
            ds.NoisePowerSpectra = power;
        }
        return ds;
    }

    /// <summary>Writes the run (the dataset's stamps already filled in).</summary>
    public static void Write(string folder, Simulator simulator, GalaxyDataset dataset, IReadOnlyList<GalaxyTruth> truths, string commandLine)
    {
        CheckTarget(folder);
        var s = simulator.Settings;
        dataset.Parameters = TruthTable.ToParameterTable(truths, s.Bands);
        var p = dataset.Provenance;
        p.Source = simulator.Population.Description;
        p.Tool = $"galforge {typeof(SimulationOutput).Assembly.GetName().Version?.ToString(3)} simulate";
        p.Seed = (long)s.Seed;
        p.Settings["command"] = commandLine;
        p.Settings["seeding"] = "counter-based: galaxy i uses streams (seed, i, k) only; independent of thread count";
        p.Settings["g1"] = s.Lens.G1.ToString("R", CultureInfo.InvariantCulture);
        p.Settings["g2"] = s.Lens.G2.ToString("R", CultureInfo.InvariantCulture);
        p.Settings["kappa"] = s.Lens.Kappa.ToString("R", CultureInfo.InvariantCulture);
        p.Settings["units"] = "counts; AB magnitude m gives 10^(-0.4 (m - zero_point)) counts";
        p.Settings["noise"] = s.AddNoise ? "on" : "off";
        foreach (var b in s.Bands) p.Settings[$"band_{b.Name}"] = $"psf {b.Psf.Spec}; {b.Noise.Describe()}; wavelength {b.WavelengthMicron.ToString(CultureInfo.InvariantCulture)} micron";
        p.Counts["simulated"] = truths.Count;

        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.sim.tmp");
        try
        {
            dataset.Write(temp);
            TruthTable.Write(temp, truths, s.Bands);
            File.WriteAllText(Path.Combine(temp, "simulation.json"), Metadata(simulator, truths.Count, commandLine));
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(temp, full);
        }
        catch
        {
            try { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); } catch (IOException) { }
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
}
