using System.Globalization;
using Galforge.Astro.Noise;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Galaxies from a user parameter table, one galaxy per row in order (cycling when more galaxies
/// than rows are asked for). Columns (names case-insensitive): <c>mag</c> (AB, reference band),
/// <c>re</c> (half-light radius, arcsec), <c>n</c> (Sersic index, 0.3 to 6.2), <c>q</c> (axis ratio, (0, 1]),
/// <c>pa</c> (degrees from North through East); optional <c>z</c> (default 1), <c>lssfr</c>
/// (log sSFR, default -9: star-forming), <c>ref_wavelength</c> (micron, default F160W 1.537).
/// Every row is checked when the table is read: a missing column, a non-numeric cell or a value
/// out of range is a one-line error naming the file, row and column.
/// </summary>
public sealed class TablePopulation : IPopulation
{
    private static readonly string[] s_required = ["mag", "re", "n", "q", "pa"];
    private readonly GalaxyParameters[] _rows;

    /// <summary>Wraps already-validated rows.</summary>
    public TablePopulation(IReadOnlyList<GalaxyParameters> rows, string source)
    {
        if (rows.Count == 0) throw new BadInputException($"{source}: the parameter table has no rows");
        _rows = [.. rows];
        Description = $"parameter table {source}: {rows.Count} rows, in order";
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>Number of rows.</summary>
    public int Count => _rows.Length;

    /// <inheritdoc />
    public GalaxyParameters Draw(long index, CounterRandom random) => _rows[index % _rows.Length];

    /// <summary>Reads a CSV table (header row of column names, comma-separated numbers).</summary>
    public static TablePopulation ReadCsv(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: parameter table not found");
        var lines = File.ReadAllLines(path);
        int first = 0;
        while (first < lines.Length && (string.IsNullOrWhiteSpace(lines[first]) || lines[first].TrimStart().StartsWith('#'))) first++;
        if (first == lines.Length) throw new BadInputException($"{path}: empty parameter table (expected a header row with columns {string.Join(", ", s_required)})");
        var header = lines[first].Split(',');
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < header.Length; i++) index[header[i].Trim()] = i;
        var columns = new Dictionary<string, double[]>(StringComparer.OrdinalIgnoreCase);
        var dataLines = new List<(int LineNo, string[] Cells)>();
        for (int l = first + 1; l < lines.Length; l++)
        {
            if (string.IsNullOrWhiteSpace(lines[l]) || lines[l].TrimStart().StartsWith('#')) continue;
            var cells = lines[l].Split(',');
            if (cells.Length != header.Length)
                throw new BadInputException($"{path} row {dataLines.Count + 1} (line {l + 1}): {cells.Length} cells, expected {header.Length} as in the header");
            dataLines.Add((l + 1, cells));
        }
        foreach (var name in index.Keys)
        {
            var values = new double[dataLines.Count];
            for (int r = 0; r < dataLines.Count; r++)
            {
                var text = dataLines[r].Cells[index[name]].Trim();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out values[r]))
                {
                    if (IsUsed(name))
                        throw new BadInputException($"{path} row {r + 1} column '{name}': '{text}' is not a number");
                    values[r] = double.NaN;
                }
            }
            columns[name] = values;
        }
        return FromColumns(columns, dataLines.Count, path);
    }

    /// <summary>Builds the population from named numeric columns (from CSV or a FITS binary table).</summary>
    public static TablePopulation FromColumns(IReadOnlyDictionary<string, double[]> columns, int rowCount, string source)
    {
        foreach (var name in s_required)
            if (!columns.ContainsKey(name))
                throw new BadInputException($"{source}: missing column '{name}' (required: {string.Join(", ", s_required)}; optional: z, lssfr, ref_wavelength)");
        double[]? Optional(string name) => columns.TryGetValue(name, out var v) ? v : null;
        var z = Optional("z");
        var lssfr = Optional("lssfr");
        var wl = Optional("ref_wavelength");
        var rows = new List<GalaxyParameters>(rowCount);
        for (int r = 0; r < rowCount; r++)
        {
            var p = new GalaxyParameters($"row:{r + 1}", columns["mag"][r], wl?[r] ?? GalaxyParameters.F160WWavelength,
                columns["re"][r], columns["n"][r], columns["q"][r], columns["pa"][r], z?[r] ?? 1.0, lssfr?[r] ?? -9.0);
            p.Validate($"{source} row {r + 1}");
            rows.Add(p);
        }
        return new TablePopulation(rows, source);
    }

    private static bool IsUsed(string name) =>
        Array.IndexOf(s_required, name.ToLowerInvariant()) >= 0 || name.Equals("z", StringComparison.OrdinalIgnoreCase)
        || name.Equals("lssfr", StringComparison.OrdinalIgnoreCase) || name.Equals("ref_wavelength", StringComparison.OrdinalIgnoreCase);
}
