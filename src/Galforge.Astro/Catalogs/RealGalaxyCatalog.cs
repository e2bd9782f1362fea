using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;
using Galforge.Astro.Imaging;

namespace Galforge.Astro.Catalogs;

/// <summary>
/// A GalSim RealGalaxyCatalog (Mandelbaum et al. 2012; the COSMOS F814W training sample): the
/// catalogue table (IDENT, MAG, BAND, GAL_FILENAME/GAL_HDU, PSF_FILENAME/PSF_HDU, PIXEL_SCALE,
/// NOISE_MEAN, NOISE_VARIANCE, ...), the galaxy and PSF image files it names (one HDU per
/// object), and the companion parametric-fit table (same name with "_fits": mag_auto,
/// flux_radius, zphot, sersicfit[8], bulgefit[16], HSC magnitudes where present) joined on IDENT.
/// Files are looked up beside the catalogue. A missing image file is reported, not fatal: the
/// tables still load and <see cref="ImagesAvailable"/> says why images cannot be read.
/// </summary>
public sealed class RealGalaxyCatalog : IDisposable
{
    private readonly Dictionary<string, FitsReader> _readers = new(StringComparer.Ordinal);
    private readonly FitsTable _table;

    private RealGalaxyCatalog(string path, FitsTable table, ParameterTable fits, string? fitsPath)
    {
        CatalogPath = path;
        _table = table;
        Folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Count = table.RowCount;
        Idents = table.GetInt64s("IDENT");
        Magnitudes = table.GetDoubles("MAG");
        PixelScales = table.GetDoubles("PIXEL_SCALE");
        NoiseVariances = table.GetDoubles("NOISE_VARIANCE");
        NoiseMeans = table.HasColumn("NOISE_MEAN") ? table.GetDoubles("NOISE_MEAN") : new double[Count];
        Bands = table.HasColumn("BAND") ? table.GetStrings("BAND") : Enumerable.Repeat("F814W", Count).ToArray();
        GalaxyFiles = table.GetStrings("GAL_FILENAME");
        PsfFiles = table.GetStrings("PSF_FILENAME");
        GalaxyHdus = Array.ConvertAll(table.GetInt64s("GAL_HDU"), v => (int)v);
        PsfHdus = Array.ConvertAll(table.GetInt64s("PSF_HDU"), v => (int)v);
        FitParameters = fits;
        FitsTablePath = fitsPath;
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in GalaxyFiles.Concat(PsfFiles))
            if (!File.Exists(Path.Combine(Folder, f))) missing.Add(f);
        MissingFiles = missing.ToArray();
    }

    /// <summary>Opens a catalogue and its companion "_fits" table when present.</summary>
    /// <exception cref="BadInputException">The file or a required column is missing.</exception>
    public static RealGalaxyCatalog Open(string catalogPath)
    {
        if (!File.Exists(catalogPath)) throw new BadInputException($"{catalogPath}: catalogue file not found");
        var table = FitsFile.ReadTable(catalogPath, 1);
        foreach (var col in new[] { "IDENT", "MAG", "GAL_FILENAME", "GAL_HDU", "PSF_FILENAME", "PSF_HDU", "PIXEL_SCALE", "NOISE_VARIANCE" })
            if (!table.HasColumn(col))
                throw new BadInputException($"{catalogPath} HDU 1: column {col} is missing, expected a GalSim RealGalaxyCatalog (IDENT, MAG, GAL_FILENAME, GAL_HDU, PSF_FILENAME, PSF_HDU, PIXEL_SCALE, NOISE_VARIANCE)");
        var fitsPath = CompanionPath(catalogPath);
        var parameters = new ParameterTable(table.RowCount);
        if (fitsPath is not null)
        {
            var fitsTable = FitsFile.ReadTable(fitsPath, 1);
            var all = ParameterTable.FromFitsTable(fitsTable);
            parameters = Join(table.GetInt64s("IDENT"), fitsTable.GetInt64s("IDENT"), all);
        }
        return new RealGalaxyCatalog(catalogPath, table, parameters, fitsPath);
    }

    /// <summary>The catalogue file.</summary>
    public string CatalogPath { get; }

    /// <summary>The folder where image files are looked up.</summary>
    public string Folder { get; }

    /// <summary>The companion parametric-fit table, or null when absent.</summary>
    public string? FitsTablePath { get; }

    /// <summary>Number of galaxies.</summary>
    public int Count { get; }

    /// <summary>IDENT: COSMOS identifiers.</summary>
    public long[] Idents { get; }

    /// <summary>MAG: F814W AB magnitude.</summary>
    public double[] Magnitudes { get; }

    /// <summary>BAND of each galaxy image.</summary>
    public string[] Bands { get; }

    /// <summary>PIXEL_SCALE: arcsec per pixel of each galaxy image.</summary>
    public double[] PixelScales { get; }

    /// <summary>NOISE_VARIANCE: per-pixel noise variance of each image (image units squared).</summary>
    public double[] NoiseVariances { get; }

    /// <summary>NOISE_MEAN: mean of the noise (image units).</summary>
    public double[] NoiseMeans { get; }

    /// <summary>GAL_FILENAME per galaxy.</summary>
    public string[] GalaxyFiles { get; }

    /// <summary>PSF_FILENAME per galaxy.</summary>
    public string[] PsfFiles { get; }

    /// <summary>GAL_HDU per galaxy (0-based HDU index).</summary>
    public int[] GalaxyHdus { get; }

    /// <summary>PSF_HDU per galaxy.</summary>
    public int[] PsfHdus { get; }

    /// <summary>The companion table's columns aligned to the catalogue rows (NaN / "" where a galaxy has no row); empty when there is no companion.</summary>
    public ParameterTable FitParameters { get; }

    /// <summary>Image or PSF files named by the catalogue that are not beside it.</summary>
    public IReadOnlyList<string> MissingFiles { get; }

    /// <summary>True when every galaxy and PSF file is present.</summary>
    public bool ImagesAvailable => MissingFiles.Count == 0;

    /// <summary>A one-line statement of what is missing ("" when complete).</summary>
    public string MissingSummary => ImagesAvailable ? "" :
        $"{CatalogPath}: {string.Join(", ", MissingFiles)} {(MissingFiles.Count == 1 ? "is" : "are")} absent from {Folder} (GalSim's example catalogue ships without its image file); the catalogue and parametric fits are loaded, images cannot be read";

    /// <summary>Any column of the catalogue table (e.g. WEIGHT, stamp_flux) as float64.</summary>
    public double[] Column(string name) => _table.GetDoubles(name);

    /// <summary>The galaxy image of row <paramref name="index"/> with its pixel scale.</summary>
    /// <exception cref="BadInputException">The image file is absent or the HDU does not exist.</exception>
    public Image ReadGalaxy(int index) => ReadStamp(GalaxyFiles[index], GalaxyHdus[index], index, PixelScales[index]);

    /// <summary>The PSF image of row <paramref name="index"/> (same pixel scale as the galaxy).</summary>
    public Image ReadPsf(int index) => ReadStamp(PsfFiles[index], PsfHdus[index], index, PixelScales[index]);

    /// <summary>
    /// The parameters in the dataset vocabulary: ident, mag, band, pixel_scale, noise_variance,
    /// plus from the companion table the derived half_light_radius (arcsec, circularised, from
    /// the Sersic fit), sersic_n, q, pa (degrees), z (zphot) and every original column.
    /// </summary>
    public ParameterTable ToParameters()
    {
        var t = new ParameterTable(Count)
            .Set("ident", Array.ConvertAll(Idents, v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Set("mag", Magnitudes, "mag")
            .Set("band", Bands)
            .Set("pixel_scale", PixelScales, "arcsec/pixel")
            .Set("noise_variance", NoiseVariances);
        var p = FitParameters;
        if (p.Has("sersicfit_1"))
        {
            // GalSim's sersicfit: [I, r_half (pixels along the major axis), n, q, boxiness, x0, y0, phi (rad)];
            // GalSim's parametric galaxies use hlr = 0.03 * sqrt(q) * r_half arcsec.
            var r = p.Numbers("sersicfit_1");
            var n = p.Numbers("sersicfit_2");
            var q = p.Numbers("sersicfit_3");
            var phi = p.Numbers("sersicfit_7");
            var hlr = new double[Count];
            var pa = new double[Count];
            for (var i = 0; i < Count; i++)
            {
                hlr[i] = 0.03 * Math.Sqrt(q[i]) * r[i];
                pa[i] = phi[i] * 180.0 / Math.PI;
            }
            t.Set("half_light_radius", hlr, "arcsec").Set("sersic_n", n).Set("q", q).Set("pa", pa, "deg");
        }
        else if (p.Has("flux_radius"))
        {
            // SExtractor FLUX_RADIUS (pixels of the catalogue's image) as the half-light radius.
            var fr = p.Numbers("flux_radius");
            var hlr = new double[Count];
            for (var i = 0; i < Count; i++) hlr[i] = fr[i] * PixelScales[i];
            t.Set("half_light_radius", hlr, "arcsec");
        }
        if (p.Has("zphot")) t.Set("z", p.Numbers("zphot"));
        foreach (var name in p.Names)
            if (!string.Equals(name, "IDENT", StringComparison.OrdinalIgnoreCase) && !t.Has(name))
            {
                if (p.IsNumeric(name)) t.Set(name, p.Numbers(name), p.Unit(name));
                else t.Set(name, p.Strings(name));
            }
        return t;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var r in _readers.Values) r.Dispose();
        _readers.Clear();
    }

    private Image ReadStamp(string file, int hdu, int index, double pixelScale)
    {
        var path = Path.Combine(Folder, file);
        if (!_readers.TryGetValue(file, out var reader))
        {
            if (!File.Exists(path))
                throw new BadInputException($"{CatalogPath} row {index} (IDENT {Idents[index]}): image file {file} is absent from {Folder}; the catalogue loads but its images cannot be read");
            _readers[file] = reader = FitsReader.Open(path);
        }
        return reader.ReadImage(reader[hdu].Index).ToImage(0, pixelScale);
    }

    private static string? CompanionPath(string catalogPath)
    {
        var full = Path.GetFullPath(catalogPath);
        var dir = Path.GetDirectoryName(full)!;
        var stem = Path.GetFileNameWithoutExtension(full);
        var candidate = Path.Combine(dir, stem + "_fits.fits");
        return File.Exists(candidate) ? candidate : null;
    }

    private static ParameterTable Join(long[] idents, long[] fitIdents, ParameterTable fits)
    {
        var rowOf = new Dictionary<long, int>(fitIdents.Length);
        for (var i = 0; i < fitIdents.Length; i++) rowOf.TryAdd(fitIdents[i], i);
        var t = new ParameterTable(idents.Length);
        foreach (var name in fits.Names)
        {
            if (fits.IsNumeric(name))
            {
                var src = fits.Numbers(name);
                var v = new double[idents.Length];
                for (var i = 0; i < v.Length; i++) v[i] = rowOf.TryGetValue(idents[i], out var r) ? src[r] : double.NaN;
                t.Set(name, v, fits.Unit(name));
            }
            else
            {
                var src = fits.Strings(name);
                var v = new string[idents.Length];
                for (var i = 0; i < v.Length; i++) v[i] = rowOf.TryGetValue(idents[i], out var r) ? src[r] : "";
                t.Set(name, v);
            }
        }
        return t;
    }
}
