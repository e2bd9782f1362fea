using Galforge.Astro.Catalogs;
using Galforge.Astro.Fits;
using Galforge.Astro.Lensing;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Everything a user asks of a simulation run (the <c>galforge simulate</c> options), and how it
/// becomes a <see cref="Simulator"/>: survey file, bands, PSF override, population, lensing, seed.
/// </summary>
public sealed record SimulationRequest
{
    /// <summary>Number of galaxies (&gt;= 1).</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Survey name (surveys/NAME.yaml) or path.</summary>
    public string Survey { get; init; } = "candels";

    /// <summary>Band names (null: all bands of the survey).</summary>
    public IReadOnlyList<string>? Bands { get; init; }

    /// <summary>Stamp size override, pixels.</summary>
    public int? StampSize { get; init; }

    /// <summary>Pixel scale override, arcsec/px.</summary>
    public double? PixelScale { get; init; }

    /// <summary>PSF spec overriding every band's.</summary>
    public string? Psf { get; init; }

    /// <summary><c>candels</c>, <c>candels:PATH</c> (subset file or release folder), or <c>table:PATH</c> / a .csv or .fits path.</summary>
    public string Population { get; init; } = "candels";

    /// <summary>Reduced shear component 1.</summary>
    public double G1 { get; init; }

    /// <summary>Reduced shear component 2.</summary>
    public double G2 { get; init; }

    /// <summary>Convergence.</summary>
    public double Kappa { get; init; }

    /// <summary>Seed.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Whether to add noise.</summary>
    public bool Noise { get; init; } = true;

    /// <summary>Whether to measure the intrinsic (pre-PSF, noise-free) stamps (<see cref="SimulationSettings.MeasureIntrinsic"/>).</summary>
    public bool Intrinsic { get; init; }

    /// <summary>Builds the simulator (reads the survey, PSFs and population; validates everything first).</summary>
    public Simulator Build()
    {
        if (Count < 1) throw new BadInputException($"--n {Count}: must be at least 1");
        var lens = new LensDistortion(G1, G2, Kappa);
        var survey = SurveyDefinition.Read(SurveyDefinition.Locate(Survey));
        int size = StampSize ?? survey.StampSize;
        if (size < 8 || size > 1024) throw new BadInputException($"--size {size}: allowed range is 8 to 1024 pixels");
        double scale = PixelScale ?? survey.PixelScale;
        if (!(scale > 0) || !double.IsFinite(scale)) throw new BadInputException($"--pixel-scale {scale}: must be positive");
        var bands = survey.ResolveBands(Bands, Psf);
        var population = ResolvePopulation(Population);
        var settings = new SimulationSettings { Bands = bands, StampSize = size, PixelScale = scale, Lens = lens, Seed = Seed, AddNoise = Noise, MeasureIntrinsic = Intrinsic };
        return new Simulator(settings, population);
    }

    /// <summary>Resolves a population spec (see <see cref="Population"/>).</summary>
    public static IPopulation ResolvePopulation(string spec)
    {
        if (spec.Equals("candels", StringComparison.OrdinalIgnoreCase))
            return new CandelsPopulation(CandelsStructuralCatalog.ReadSubset(LocateShipped(Path.Combine("data", "candels", CandelsStructuralCatalog.SubsetFileName))), "(shipped subset)");
        if (spec.StartsWith("candels:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec[8..];
            if (Directory.Exists(path))
                return new CandelsPopulation(CandelsStructuralCatalog.ReadRelease(
                    Path.Combine(path, "cosmos_3dhst.v4.1_f160w.galfit"), Path.Combine(path, "cosmos_3dhst.v4.1_f125w.galfit"),
                    Path.Combine(path, "cosmos_3dhst.v4.1.fout")), path);
            return new CandelsPopulation(CandelsStructuralCatalog.ReadSubset(path), path);
        }
        var table = spec.StartsWith("table:", StringComparison.OrdinalIgnoreCase) ? spec[6..] : spec;
        if (table.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return TablePopulation.ReadCsv(table);
        if (table.EndsWith(".fits", StringComparison.OrdinalIgnoreCase) || table.EndsWith(".fit", StringComparison.OrdinalIgnoreCase))
        {
            if (!File.Exists(table)) throw new BadInputException($"{table}: parameter table not found");
            var t = FitsFile.ReadTable(table);
            var columns = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var c in t.Columns)
            {
                try { columns[c.Name] = t.GetDoubles(c.Name); }
                catch (BadInputException) { } // text columns are not parameters
            }
            return TablePopulation.FromColumns(columns, t.RowCount, table);
        }
        throw new BadInputException($"--population '{spec}': expected candels, candels:PATH, table:PATH, or a .csv or .fits parameter table");
    }

    private static string LocateShipped(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        throw new BadInputException($"{relative}: shipped CANDELS catalogue not found above the current folder or the program; give --population candels:PATH");
    }
}
