using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;

namespace Galforge.Models.Generation;

/// <summary>Reads a table of requested conditions: CSV with a header row, or the first binary table of a FITS file.</summary>
public static class ConditionTable
{
    /// <summary>
    /// Reads <paramref name="path"/> (.csv or .fits/.fit/.fits.gz). A CSV column with a cell that is
    /// not a number is kept as text (a simulator truth table's "source" column, say): it is an
    /// error, naming its first such row, only when a condition is read from it
    /// (<see cref="ConditionColumns"/>).
    /// </summary>
    public static ParameterTable Read(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"--conditions {path}: file not found");
        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)) return ReadCsv(path);
        return ParameterTable.FromFitsTable(FitsFile.ReadTable(path, 1));
    }

    private static ParameterTable ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToArray();
        if (lines.Length < 1) throw new BadInputException($"{path}: empty table, expected a header row");
        var header = lines[0].Split(',').Select(s => s.Trim()).ToArray();
        var rows = lines.Length - 1;
        var cols = new double[header.Length][];
        var text = new string[header.Length][];
        var numeric = new bool[header.Length];
        Array.Fill(numeric, true);
        for (var j = 0; j < header.Length; j++) { cols[j] = new double[rows]; text[j] = new string[rows]; }
        for (var i = 0; i < rows; i++)
        {
            var f = lines[i + 1].Split(',');
            if (f.Length != header.Length) throw new BadInputException($"{path}: row {i + 1} has {f.Length} fields, expected {header.Length}");
            for (var j = 0; j < header.Length; j++)
            {
                text[j][i] = f[j].Trim();
                numeric[j] &= double.TryParse(text[j][i], NumberStyles.Float, CultureInfo.InvariantCulture, out cols[j][i]);
            }
        }
        var t = new ParameterTable(rows);
        for (var j = 0; j < header.Length; j++)
            if (numeric[j]) t.Set(header[j], cols[j]); else t.Set(header[j], text[j]);
        return t;
    }
}
