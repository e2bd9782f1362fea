using Galforge.Astro.Catalogs;

namespace Galforge.Astro.Datasets;

/// <summary>
/// Builds a one-band (F814W) dataset from a GalSim COSMOS RealGalaxyCatalog: every galaxy image
/// with its PSF and noise sigma = sqrt(NOISE_VARIANCE), the catalogue and parametric-fit columns
/// as parameters, through <see cref="DatasetBuilder"/>.
/// </summary>
public static class CosmosIngest
{
    /// <summary>
    /// AB zero point of the COSMOS F814W stamps in GalSim's catalogues (their flux unit): MAG =
    /// 25.94 - 2.5 log10(stamp_flux), as GalSim's COSMOSCatalog uses.
    /// </summary>
    public const double F814WZeroPoint = 25.94;

    /// <summary>Reads the catalogue's images and builds the dataset.</summary>
    /// <exception cref="BadInputException">The catalogue's image files are absent, or it is malformed.</exception>
    public static (GalaxyDataset Dataset, BuildReport Report) Build(string catalogPath, DatasetBuildOptions options, IProgress<(int Done, int Total)>? progress = null)
    {
        using var catalog = RealGalaxyCatalog.Open(catalogPath);
        if (!catalog.ImagesAvailable) throw new BadInputException(catalog.MissingSummary);
        var inputs = new StampInput[catalog.Count];
        for (var i = 0; i < catalog.Count; i++)
        {
            inputs[i] = new StampInput([catalog.ReadGalaxy(i)], [Math.Sqrt(catalog.NoiseVariances[i])], [catalog.ReadPsf(i)]);
            progress?.Report((i + 1, 2 * catalog.Count));
        }
        var band = catalog.Bands.Length > 0 ? catalog.Bands[0] : "F814W";
        var scale = catalog.PixelScales.Length > 0 ? catalog.PixelScales[0] : 0.03;
        var provenance = new DatasetProvenance
        {
            Source = $"GalSim RealGalaxyCatalog {Path.GetFileName(catalogPath)} ({catalog.Count} galaxies)",
            Tool = $"galforge {typeof(CosmosIngest).Assembly.GetName().Version?.ToString(3)} ingest cosmos",
        };
        var shipped = Path.Combine(catalog.Folder, "PROVENANCE.md");
        if (File.Exists(shipped)) provenance.Licence = "see " + shipped;
        var builder = new DatasetBuilder(options);
        return builder.Build([new DatasetBand(band, scale, F814WZeroPoint)], inputs, catalog.ToParameters(), provenance, progress is null ? null : new SyncProgress(i => progress!.Report((catalog.Count + i, 2 * catalog.Count))));
    }

    // Progress<T> posts to a synchronisation context; this reports on the calling thread.
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
