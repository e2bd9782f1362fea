using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;

namespace Galforge.Models.Generation;

/// <summary>Reads a table of requested conditions: CSV with a header row, or the first binary table of a FITS file.</summary>
public static class ConditionTable
{
    /// <summary>Reads <paramref name="path"/> (.csv or .fits/.fit/.fits.gz); bad cells are a one-line error naming row and column.</summary>
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
        for (var j = 0; j < header.Length; j++) cols[j] = new double[rows];
        for (var i = 0; i < rows; i++)
        {
            var f = lines[i + 1].Split(',');
            if (f.Length != header.Length) throw new BadInputException($"{path}: row {i + 1} has {f.Length} fields, expected {header.Length}");
            for (var j = 0; j < header.Length; j++)
                if (!double.TryParse(f[j].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out cols[j][i]))
                    throw new BadInputException($"{path}: row {i + 1}, column '{header[j]}': '{f[j].Trim()}' is not a number");
        }
        var t = new ParameterTable(rows);
        for (var j = 0; j < header.Length; j++) t.Set(header[j], cols[j]);
        return t;
    }
}
