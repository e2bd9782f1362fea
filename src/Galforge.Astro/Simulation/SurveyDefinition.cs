using Galforge.Astro.Fits;
using Galforge.Astro.Noise;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Galforge.Astro.Simulation;

/// <summary>
/// A survey file (YAML, e.g. <c>surveys/candels.yaml</c>): name, default pixel scale and stamp
/// size, and per band its name, wavelength (micron), zero point (AB magnitude of one count), PSF
/// spec, sky noise sigma (counts/pixel), gain (e-/count) and optionally a noise correlation
/// function image (FITS, with <c>correlated_noise_scale</c> arcsec/px when the header lacks it).
/// </summary>
public sealed class SurveyDefinition
{
    /// <summary>Survey name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Default pixel scale, arcsec/px.</summary>
    public double PixelScale { get; set; }

    /// <summary>Default stamp size, pixels.</summary>
    public int StampSize { get; set; } = 64;

    /// <summary>The bands.</summary>
    public List<SurveyBand> Bands { get; set; } = [];

    /// <summary>The file it was read from.</summary>
    [YamlIgnore]
    public string Path { get; private set; } = "";

    /// <summary>Reads a survey file.</summary>
    public static SurveyDefinition Read(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: survey file not found");
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        SurveyDefinition survey;
        try
        {
            survey = deserializer.Deserialize<SurveyDefinition>(File.ReadAllText(path)) ?? throw new BadInputException($"{path}: empty survey file");
        }
        catch (YamlException e)
        {
            throw new BadInputException($"{path} line {e.Start.Line}: {e.Message.Split('\n')[0]} (keys: name, pixel_scale, stamp_size, bands[name, wavelength, zero_point, psf, sky_sigma, gain, correlated_noise, correlated_noise_scale])", e);
        }
        survey.Path = path;
        if (survey.Bands.Count == 0) throw new BadInputException($"{path}: no bands");
        if (!(survey.PixelScale > 0)) throw new BadInputException($"{path}: pixel_scale = {survey.PixelScale}: must be positive");
        foreach (var b in survey.Bands)
        {
            if (string.IsNullOrWhiteSpace(b.Name)) throw new BadInputException($"{path}: a band has no name");
            if (!(b.Wavelength > 0)) throw new BadInputException($"{path} band {b.Name}: wavelength = {b.Wavelength} micron: must be positive");
            if (string.IsNullOrWhiteSpace(b.Psf)) throw new BadInputException($"{path} band {b.Name}: no psf spec");
        }
        return survey;
    }

    /// <summary>
    /// Finds a survey by file path, or by name in a <c>surveys/</c> folder of the current folder or
    /// of any folder above the program (the repository's shipped files).
    /// </summary>
    public static string Locate(string nameOrPath)
    {
        if (File.Exists(nameOrPath)) return nameOrPath;
        string file = nameOrPath.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) ? nameOrPath : nameOrPath + ".yaml";
        var tried = new List<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = System.IO.Path.Combine(dir.FullName, "surveys", file);
                if (File.Exists(candidate)) return candidate;
                tried.Add(dir.FullName);
            }
        throw new BadInputException($"survey '{nameOrPath}': no such file, and no surveys/{file} above the current folder or the program");
    }

    /// <summary>
    /// Effective wavelength (micron) of every band named in the survey files (*.yaml) of
    /// <paramref name="folders"/>, by band name (case-insensitive; the first file wins). Files
    /// that do not parse are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, double> KnownWavelengths(IEnumerable<string> folders)
    {
        var result = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) continue;
            foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
            {
                SurveyDefinition survey;
                try { survey = Read(file); }
                catch (BadInputException) { continue; }
                foreach (var b in survey.Bands) result.TryAdd(b.Name, b.Wavelength);
            }
        }
        return result;
    }

    /// <summary>
    /// The bands to simulate, in the order named (all bands when <paramref name="names"/> is
    /// null), with an optional PSF spec overriding every band's.
    /// </summary>
    public IReadOnlyList<Band> ResolveBands(IReadOnlyList<string>? names, string? psfOverride)
    {
        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        var chosen = new List<SurveyBand>();
        if (names is null) chosen.AddRange(Bands);
        else
            foreach (var n in names)
                chosen.Add(Bands.Find(b => string.Equals(b.Name, n, StringComparison.OrdinalIgnoreCase))
                    ?? throw new BadInputException($"band '{n}': not in survey {Name} ({Path}); known bands: {string.Join(", ", Bands.ConvertAll(b => b.Name))}"));
        var result = new List<Band>();
        foreach (var b in chosen)
        {
            var psf = Psf.PsfSpec.Parse(psfOverride ?? b.Psf, dir);
            CorrelatedNoise? correlated = null;
            if (!string.IsNullOrWhiteSpace(b.CorrelatedNoise))
            {
                var cfPath = System.IO.Path.IsPathRooted(b.CorrelatedNoise) ? b.CorrelatedNoise : System.IO.Path.Combine(dir!, b.CorrelatedNoise);
                if (!File.Exists(cfPath)) throw new BadInputException($"{Path} band {b.Name}: correlated_noise file {cfPath} not found");
                var cf = FitsFile.ReadImage(cfPath);
                if (b.CorrelatedNoiseScale > 0) cf.PixelScale = b.CorrelatedNoiseScale;
                correlated = new CorrelatedNoise(cf, cfPath);
            }
            var noise = new BandNoise(b.SkySigma, b.Gain, correlated).Validated(b.Name);
            result.Add(new Band(b.Name, b.Wavelength, b.ZeroPoint, psf, noise));
        }
        return result;
    }
}

/// <summary>One band of a survey file.</summary>
public sealed class SurveyBand
{
    /// <summary>Band name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Effective wavelength, micron.</summary>
    public double Wavelength { get; set; }

    /// <summary>AB magnitude of a source giving one count in the image.</summary>
    public double ZeroPoint { get; set; }

    /// <summary>PSF spec (see <see cref="Psf.PsfSpec"/>).</summary>
    public string Psf { get; set; } = "";

    /// <summary>Sky (and read) noise sigma, counts per pixel.</summary>
    public double SkySigma { get; set; }

    /// <summary>Electrons per count (0: no source Poisson noise).</summary>
    public double Gain { get; set; }

    /// <summary>Optional noise correlation-function FITS image (relative to the survey file).</summary>
    public string? CorrelatedNoise { get; set; }

    /// <summary>Pixel scale of the correlation-function image, arcsec/px (0: from its header).</summary>
    public double CorrelatedNoiseScale { get; set; }
}
