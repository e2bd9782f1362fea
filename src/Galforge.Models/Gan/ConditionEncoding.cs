using System.Globalization;
using System.Text.Json.Serialization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Measurement;
using Galforge.Models.Generation;

namespace Galforge.Models.Gan;

/// <summary>
/// How a galaxy's condition becomes the vector fed to both networks: a one-hot class (from a
/// string column, or a numeric column cut at bin edges) or z-scored continuous parameters.
/// Stored in the run's run.json so generation encodes requests exactly as training did.
/// </summary>
public sealed class ConditionEncoding
{
    /// <summary>"class" or "params".</summary>
    [JsonPropertyName("kind")] public string Kind { get; set; } = "class";

    /// <summary>Source column of the class (class kind).</summary>
    [JsonPropertyName("column")] public string Column { get; set; } = "";

    /// <summary>Class names, in one-hot order (class kind).</summary>
    [JsonPropertyName("classes")] public string[] Classes { get; set; } = [];

    /// <summary>Bin edges when classes come from a numeric column (empty for string columns).</summary>
    [JsonPropertyName("edges")] public double[] Edges { get; set; } = [];

    /// <summary>Parameter names (params kind).</summary>
    [JsonPropertyName("params")] public string[] Parameters { get; set; } = [];

    /// <summary>Training-set mean of each parameter, in its own units.</summary>
    [JsonPropertyName("means")] public double[] Means { get; set; } = [];

    /// <summary>Training-set standard deviation of each parameter, in its own units.</summary>
    [JsonPropertyName("stds")] public double[] Stds { get; set; } = [];

    /// <summary>Whether this is a class (one-hot) encoding.</summary>
    [JsonIgnore] public bool IsClass => Kind == "class";

    /// <summary>Length of the condition vector.</summary>
    [JsonIgnore] public int Size => IsClass ? Classes.Length : Parameters.Length;

    /// <summary>Condition names as generation requests them: "class" or the parameter names.</summary>
    [JsonIgnore] public IReadOnlyList<string> Names => IsClass ? ["class"] : Parameters;

    /// <summary>
    /// Builds the encoding from the dataset's parameter table and returns, per galaxy, its raw
    /// condition values (class index, or parameters in their units; NaN row = unknown).
    /// </summary>
    public static (ConditionEncoding Encoding, double[] Raw) FromDataset(GalaxyDataset data, ProgressiveGanConfig config, string source)
    {
        var table = data.Parameters;
        var n = data.Count;
        if (config.Condition == "class")
        {
            var col = config.ClassColumn;
            if (!table.Has(col)) throw new BadInputException($"{source}: parameter column '{col}' (class_column) not found; columns: {string.Join(", ", table.Names)}");
            var raw = new double[n];
            if (table.IsNumeric(col))
            {
                var v = table.Numbers(col);
                var edges = config.ClassEdges;
                var names = new string[edges.Length + 1];
                for (var k = 0; k <= edges.Length; k++)
                    names[k] = k == 0 ? $"{col}<{Num(edges[0])}" : k == edges.Length ? $"{col}>={Num(edges[k - 1])}" : $"{Num(edges[k - 1])}<={col}<{Num(edges[k])}";
                for (var i = 0; i < n; i++)
                {
                    if (!double.IsFinite(v[i])) { raw[i] = double.NaN; continue; }
                    var k = 0;
                    while (k < edges.Length && v[i] >= edges[k]) k++;
                    raw[i] = k;
                }
                return (new ConditionEncoding { Kind = "class", Column = col, Classes = names, Edges = (double[])edges.Clone() }, raw);
            }
            var s = table.Strings(col);
            var distinct = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var x in s) if (x.Length > 0) distinct.Add(x);
            var classes = distinct.ToArray();
            if (classes.Length < 2) throw new BadInputException($"{source}: class column '{col}' has {classes.Length} distinct value(s), expected at least 2");
            for (var i = 0; i < n; i++) raw[i] = s[i].Length == 0 ? double.NaN : Array.IndexOf(classes, s[i]);
            return (new ConditionEncoding { Kind = "class", Column = col, Classes = classes }, raw);
        }
        var p = config.ParamColumns;
        var values = new double[n * p.Length];
        var means = new double[p.Length];
        var stds = new double[p.Length];
        for (var j = 0; j < p.Length; j++)
        {
            var column = ConditionColumns.Values(table, p[j], source);
            double sum = 0, sumSq = 0;
            var count = 0;
            for (var i = 0; i < n; i++)
            {
                values[i * p.Length + j] = column[i];
                if (!double.IsFinite(column[i])) continue;
                sum += column[i]; sumSq += column[i] * column[i]; count++;
            }
            if (count < 2) throw new BadInputException($"{source}: parameter '{p[j]}' has {count} finite value(s), expected at least 2");
            means[j] = sum / count;
            stds[j] = Math.Sqrt(Math.Max(sumSq / count - means[j] * means[j], 0));
            if (!(stds[j] > 0)) throw new BadInputException($"{source}: parameter '{p[j]}' is constant, it cannot condition the model");
        }
        return (new ConditionEncoding { Kind = "params", Parameters = (string[])p.Clone(), Means = means, Stds = stds }, values);
    }

    /// <summary>
    /// The raw conditions (class index, or parameters in their units; row-major) of every row of
    /// <paramref name="table"/> under this encoding, e.g. a held-out set's truth to generate
    /// look-alikes from; a class value outside the training classes is NaN.
    /// </summary>
    public double[] RawValues(ParameterTable table, string source)
    {
        if (!IsClass) return ConditionColumns.Matrix(table, Parameters, source);
        if (!table.Has(Column)) throw new BadInputException($"{source}: class column '{Column}' not found; columns: {string.Join(", ", table.Names)}");
        var raw = new double[table.RowCount];
        if (Edges.Length > 0 || table.IsNumeric(Column))
        {
            var v = table.Numbers(Column);
            for (var i = 0; i < raw.Length; i++)
            {
                if (!double.IsFinite(v[i])) { raw[i] = double.NaN; continue; }
                var k = 0;
                while (k < Edges.Length && v[i] >= Edges[k]) k++;
                raw[i] = k;
            }
            return raw;
        }
        var s = table.Strings(Column);
        for (var i = 0; i < raw.Length; i++)
        {
            var k = Array.IndexOf(Classes, s[i]);
            raw[i] = k < 0 ? double.NaN : k;
        }
        return raw;
    }

    /// <summary>
    /// Encodes raw conditions (per row: a class index, or parameter values in their units) into
    /// <paramref name="destination"/> (rows x <see cref="Size"/>).
    /// </summary>
    public void Encode(ReadOnlySpan<double> raw, int rows, Span<float> destination)
    {
        var width = IsClass ? 1 : Parameters.Length;
        if (raw.Length != rows * width) throw new BadInputException($"conditions: {raw.Length} values for {rows} galaxies, expected {rows * width} ({string.Join(", ", Names)})");
        destination[..(rows * Size)].Clear();
        for (var i = 0; i < rows; i++)
        {
            if (IsClass)
            {
                var c = raw[i];
                if (!(c >= 0 && c < Classes.Length) || c != Math.Floor(c))
                    throw new BadInputException($"conditions: row {i} class {Num(c)} is not a class index 0..{Classes.Length - 1} ({string.Join(", ", Classes)})");
                destination[i * Size + (int)c] = 1f;
                continue;
            }
            for (var j = 0; j < width; j++)
            {
                var v = raw[i * width + j];
                if (!double.IsFinite(v)) throw new BadInputException($"conditions: row {i} parameter '{Parameters[j]}' is {Num(v)}, expected a finite number");
                destination[i * Size + j] = (float)((v - Means[j]) / Stds[j]);
            }
        }
    }

    /// <summary>
    /// Changes one encoded condition row (<see cref="Size"/> values) as dihedral transform
    /// <paramref name="symmetry"/> (<see cref="TrainingLoader.Transform{T}"/>) changes the image:
    /// orientation-dependent parameters (ellipticity components e1, e2 and intr_e1_BAND,
    /// intr_e2_BAND, in pixel axes) get the transform's sign (<see cref="TrainingLoader.EllipticitySigns"/>),
    /// applied to the raw value and standardised again; everything else (and any class) is
    /// unchanged by a rotation or flip.
    /// </summary>
    public void ApplySymmetry(int symmetry, Span<float> encoded)
    {
        if (IsClass || symmetry == 0) return;
        var (s1, s2) = TrainingLoader.EllipticitySigns(symmetry);
        for (var j = 0; j < Parameters.Length; j++)
        {
            var sign = Component(Parameters[j]) switch { 1 => s1, 2 => s2, _ => 1 };
            if (sign == 1) continue;
            var raw = encoded[j] * Stds[j] + Means[j];
            encoded[j] = (float)((-raw - Means[j]) / Stds[j]);
        }
    }

    // 1 for an e1 component, 2 for e2, 0 for anything that does not depend on orientation.
    private static int Component(string name)
    {
        var quantity = IntrinsicColumn.TryParse(name, out var q, out _) ? q : name;
        return quantity switch { "e1" => 1, "e2" => 2, _ => 0 };
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
