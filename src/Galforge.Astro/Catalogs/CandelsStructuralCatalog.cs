using System.Globalization;

namespace Galforge.Astro.Catalogs;

/// <summary>
/// Reads the CANDELS/3D-HST structural catalogue: either the shipped subset
/// (<c>data/candels/cosmos_3dhst.v4.1_structure_good.txt</c>, good F160W fits joined with F125W and
/// FAST) or the original release files (<c>*_f160w.galfit</c>, <c>*_f125w.galfit</c>, <c>*.fout</c>),
/// keeping good F160W fits (flag f = 0) with a redshift. Both are whitespace tables whose column
/// names are on the last comment line before the data.
/// </summary>
public static class CandelsStructuralCatalog
{
    /// <summary>File name of the shipped subset.</summary>
    public const string SubsetFileName = "cosmos_3dhst.v4.1_structure_good.txt";

    /// <summary>Reads the shipped subset file.</summary>
    public static IReadOnlyList<CandelsGalaxy> ReadSubset(string path)
    {
        var t = WhitespaceTable.Read(path);
        var result = new List<CandelsGalaxy>(t.Rows.Count);
        for (int r = 0; r < t.Rows.Count; r++)
        {
            double f125 = t.Get(r, "f_f125w");
            result.Add(new CandelsGalaxy(
                (long)t.Get(r, "id"), t.Get(r, "mag_f160w"), t.Get(r, "re_f160w"), t.Get(r, "n_f160w"), t.Get(r, "q_f160w"), t.Get(r, "pa_f160w"),
                f125 == 0 ? t.Get(r, "mag_f125w") : double.NaN, t.Get(r, "z"), t.Get(r, "lmass"), t.Get(r, "lssfr"), t.Get(r, "av")));
        }
        return result;
    }

    /// <summary>Reads and joins the original release files (good F160W fits with a FAST entry).</summary>
    public static IReadOnlyList<CandelsGalaxy> ReadRelease(string f160wGalfit, string f125wGalfit, string fastOutput)
    {
        var h = WhitespaceTable.Read(f160wGalfit);
        var j = WhitespaceTable.Read(f125wGalfit);
        var fast = WhitespaceTable.Read(fastOutput);
        var jRow = new Dictionary<long, int>();
        for (int r = 0; r < j.Rows.Count; r++) jRow[(long)j.Get(r, "NUMBER")] = r;
        var fastRow = new Dictionary<long, int>();
        for (int r = 0; r < fast.Rows.Count; r++) fastRow[(long)fast.Get(r, "id")] = r;
        var result = new List<CandelsGalaxy>();
        for (int r = 0; r < h.Rows.Count; r++)
        {
            if (h.Get(r, "f") != 0) continue;
            long id = (long)h.Get(r, "NUMBER");
            if (!fastRow.TryGetValue(id, out int fr)) continue;
            double mag125 = jRow.TryGetValue(id, out int jr) && j.Get(jr, "f") == 0 ? j.Get(jr, "mag") : double.NaN;
            result.Add(new CandelsGalaxy(id, h.Get(r, "mag"), h.Get(r, "re"), h.Get(r, "n"), h.Get(r, "q"), h.Get(r, "pa"),
                mag125, fast.Get(fr, "z"), fast.Get(fr, "lmass"), fast.Get(fr, "lssfr"), fast.Get(fr, "Av")));
        }
        return result;
    }

    /// <summary>A whitespace-separated numeric table with '#' comment lines.</summary>
    private sealed class WhitespaceTable
    {
        private readonly string _path;
        private readonly Dictionary<string, int> _columns;

        private WhitespaceTable(string path, Dictionary<string, int> columns, List<string[]> rows)
        {
            _path = path;
            _columns = columns;
            Rows = rows;
        }

        public List<string[]> Rows { get; }

        public static WhitespaceTable Read(string path)
        {
            if (!File.Exists(path)) throw new BadInputException($"{path}: CANDELS catalogue file not found");
            string[]? header = null;
            var rows = new List<string[]>();
            int lineNo = 0;
            foreach (var line in File.ReadLines(path))
            {
                lineNo++;
                if (line.StartsWith('#'))
                {
                    var tokens = line[1..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    if (tokens.Length > 1 && rows.Count == 0) header = tokens;
                    continue;
                }
                if (string.IsNullOrWhiteSpace(line)) continue;
                var cells = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (header is null) throw new BadInputException($"{path} line {lineNo}: data before a '#' header line naming the columns");
                if (cells.Length != header.Length)
                    throw new BadInputException($"{path} line {lineNo}: {cells.Length} values, expected {header.Length} (one per column of the header)");
                rows.Add(cells);
            }
            if (header is null) throw new BadInputException($"{path}: no '#' header line naming the columns");
            var columns = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < header.Length; i++) columns[header[i]] = i;
            return new WhitespaceTable(path, columns, rows);
        }

        public double Get(int row, string column)
        {
            if (!_columns.TryGetValue(column, out int c))
                throw new BadInputException($"{_path}: missing column '{column}'");
            var text = Rows[row][c];
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new BadInputException($"{_path} data row {row + 1} column '{column}': '{text}' is not a number");
            return v;
        }
    }
}
