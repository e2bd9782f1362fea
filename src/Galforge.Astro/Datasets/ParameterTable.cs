using Galforge.Astro.Fits;

namespace Galforge.Astro.Datasets;

/// <summary>
/// Per-galaxy parameters of a dataset: named numeric (float64, NaN = unknown) and string columns,
/// one row per galaxy. Column names follow the field (mag, half_light_radius, q, sersic_n, z,
/// ident...); lookup is case-insensitive. Stored as the PARAMS BINTABLE of dataset.fits.
/// </summary>
public sealed class ParameterTable
{
    private readonly List<Column> _columns = new();

    private sealed record Column(string Name, double[]? Numbers, string[]? Strings, string? Unit);

    /// <summary>An empty table for <paramref name="rowCount"/> galaxies.</summary>
    public ParameterTable(int rowCount)
    {
        if (rowCount < 0) throw new ArgumentOutOfRangeException(nameof(rowCount));
        RowCount = rowCount;
    }

    /// <summary>Number of rows (galaxies).</summary>
    public int RowCount { get; }

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> Names => _columns.ConvertAll(c => c.Name);

    /// <summary>True when the column exists (case-insensitive).</summary>
    public bool Has(string name) => Find(name) is not null;

    /// <summary>True when the column holds numbers.</summary>
    public bool IsNumeric(string name) => Get(name).Numbers is not null;

    /// <summary>The unit of a column, or null.</summary>
    public string? Unit(string name) => Get(name).Unit;

    /// <summary>Adds (or replaces) a numeric column.</summary>
    public ParameterTable Set(string name, double[] values, string? unit = null)
    {
        CheckLength(name, values.Length);
        Replace(new Column(name, values, null, unit));
        return this;
    }

    /// <summary>Adds (or replaces) a string column.</summary>
    public ParameterTable Set(string name, string[] values)
    {
        CheckLength(name, values.Length);
        Replace(new Column(name, null, values, null));
        return this;
    }

    /// <summary>The values of a numeric column.</summary>
    /// <exception cref="BadInputException">No such column, or it holds strings.</exception>
    public double[] Numbers(string name) => Get(name).Numbers ?? throw new BadInputException($"parameter '{name}' holds strings, expected numbers");

    /// <summary>The values of a string column (numeric columns are formatted).</summary>
    public string[] Strings(string name)
    {
        var c = Get(name);
        return c.Strings ?? Array.ConvertAll(c.Numbers!, v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A table of the given rows, in that order.</summary>
    public ParameterTable Select(IReadOnlyList<int> rows)
    {
        var t = new ParameterTable(rows.Count);
        foreach (var c in _columns)
        {
            if (c.Numbers is { } n)
            {
                var v = new double[rows.Count];
                for (var i = 0; i < v.Length; i++) v[i] = n[rows[i]];
                t._columns.Add(c with { Numbers = v });
            }
            else
            {
                var v = new string[rows.Count];
                for (var i = 0; i < v.Length; i++) v[i] = c.Strings![rows[i]];
                t._columns.Add(c with { Strings = v });
            }
        }
        return t;
    }

    /// <summary>The table as a FITS BINTABLE: D columns for numbers, A columns for strings.</summary>
    public FitsTable ToFitsTable()
    {
        var t = new FitsTable(RowCount);
        foreach (var c in _columns)
            t.Add(c.Numbers is not null ? FitsColumn.Doubles(c.Name, c.Numbers, unit: c.Unit) : FitsColumn.Strings(c.Name, c.Strings!));
        return t;
    }

    /// <summary>
    /// Reads a FITS table: character columns become strings, every other scalar column numbers
    /// (physical values); array columns (e.g. 8D) become one column per element, NAME_0, NAME_1, ...
    /// </summary>
    public static ParameterTable FromFitsTable(FitsTable table)
    {
        var t = new ParameterTable(table.RowCount);
        foreach (var c in table.Columns)
        {
            if (c.Type == 'A') t.Set(c.Name, table.GetStrings(c.Name));
            else if (c.Type is 'P' or 'Q' or 'X' or 'C' or 'M') continue;
            else if (c.Repeat == 1) t.Set(c.Name, table.GetDoubles(c.Name), c.Unit);
            else
            {
                var all = table.GetDoubles(c.Name);
                for (var k = 0; k < c.Repeat; k++)
                {
                    var v = new double[table.RowCount];
                    for (var r = 0; r < v.Length; r++) v[r] = all[r * c.Repeat + k];
                    t.Set($"{c.Name}_{k}", v, c.Unit);
                }
            }
        }
        return t;
    }

    private Column Get(string name) => Find(name)
        ?? throw new BadInputException($"no parameter named '{name}', the table has {(_columns.Count == 0 ? "no columns" : string.Join(", ", Names))}");

    private Column? Find(string name)
    {
        foreach (var c in _columns)
            if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }

    private void Replace(Column column)
    {
        var i = _columns.FindIndex(c => string.Equals(c.Name, column.Name, StringComparison.OrdinalIgnoreCase));
        if (i >= 0) _columns[i] = column; else _columns.Add(column);
    }

    private void CheckLength(string name, int length)
    {
        if (length != RowCount) throw new ArgumentException($"parameter '{name}' has {length} values, the table has {RowCount} rows", nameof(name));
    }
}
