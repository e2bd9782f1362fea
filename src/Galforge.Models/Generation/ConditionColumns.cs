using Galforge.Astro.Datasets;
using Galforge.Astro.Simulation;

namespace Galforge.Models.Generation;

/// <summary>
/// Resolves the condition names a user gives (<c>--conditions mag,hlr,e</c>) to values from a
/// parameter table. Short names are aliases of the dataset's columns: mag (AB magnitude; the
/// simulator's reference-band mag_ref when no mag column exists),
/// hlr = half_light_radius (arcsec), e = |e| from e1, e2 when present, else (1 - q)/(1 + q)
/// from the axis ratio, e1 and e2 = the shear-like components (1 - q)/(1 + q) (cos 2 beta,
/// sin 2 beta) from the axis ratio q and the sky position angle pa (degrees from North through
/// East; beta = <see cref="GalaxyParameters.ImageAngle"/>, counter-clockwise from +x) when the
/// table has no e1, e2 columns, n = sersic_n, z; any other name is a column read as is.
/// e1, e2 are in the convention of <see cref="Galforge.Astro.Measurement.AdaptiveMoments.G1"/>
/// and G2 (x along columns, y along rows), so a generated image's measured shape compares with
/// them directly. They are the galaxy's intrinsic shape: the simulator's lensing shear (truth
/// columns g1, g2) is not added.
/// </summary>
public static class ConditionColumns
{
    /// <summary>The values of condition <paramref name="name"/> for every row of <paramref name="table"/>; <paramref name="source"/> names the table in errors.</summary>
    public static double[] Values(ParameterTable table, string name, string source)
    {
        switch (name)
        {
            case "mag" when !table.Has("mag") && table.Has("mag_ref"): return Column(table, "mag_ref", name, source);
            case "hlr" when !table.Has("hlr"): return Column(table, "half_light_radius", name, source);
            case "n" when !table.Has("n"): return Column(table, "sersic_n", name, source);
            case "e" when !table.Has("e"):
                if (table.Has("e1") && table.Has("e2"))
                {
                    var e1 = Column(table, "e1", name, source);
                    var e2 = Column(table, "e2", name, source);
                    var e = new double[e1.Length];
                    for (var i = 0; i < e.Length; i++) e[i] = Math.Sqrt(e1[i] * e1[i] + e2[i] * e2[i]);
                    return e;
                }
                if (table.Has("q"))
                {
                    var q = Column(table, "q", name, source);
                    var e = new double[q.Length];
                    for (var i = 0; i < e.Length; i++) e[i] = (1 - q[i]) / (1 + q[i]);
                    return e;
                }
                throw new BadInputException($"{source}: condition 'e' needs columns e1 and e2, or q (axis ratio); none found");
            case "e1" or "e2" when !table.Has(name):
                if (!table.Has("q") || !table.Has("pa"))
                    throw new BadInputException($"{source}: condition '{name}' needs a column '{name}', or q (axis ratio) and pa (position angle, degrees); columns: {string.Join(", ", table.Names)}");
                {
                    var q = Column(table, "q", name, source);
                    var pa = Column(table, "pa", name, source);
                    var component = new double[q.Length];
                    for (var i = 0; i < q.Length; i++)
                    {
                        var g = (1 - q[i]) / (1 + q[i]);
                        var twoBeta = 2 * GalaxyParameters.ImageAngle(pa[i]);
                        component[i] = g * (name == "e1" ? Math.Cos(twoBeta) : Math.Sin(twoBeta));
                    }
                    return component;
                }
            default: return Column(table, name, name, source);
        }
    }

    /// <summary>Rows x conditions, row-major.</summary>
    public static double[] Matrix(ParameterTable table, IReadOnlyList<string> names, string source)
    {
        var cols = new double[names.Count][];
        for (var j = 0; j < names.Count; j++) cols[j] = Values(table, names[j], source);
        var m = new double[table.RowCount * names.Count];
        for (var i = 0; i < table.RowCount; i++)
            for (var j = 0; j < names.Count; j++) m[i * names.Count + j] = cols[j][i];
        return m;
    }

    private static double[] Column(ParameterTable table, string column, string name, string source)
    {
        if (!table.Has(column))
            throw new BadInputException($"{source}: no column '{column}' for condition '{name}' (columns: {string.Join(", ", table.Names)})");
        if (!table.IsNumeric(column))
        {
            var cells = table.Strings(column);
            var row = Array.FindIndex(cells, c => !double.TryParse(c, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _));
            throw new BadInputException(row < 0
                ? $"{source}: column '{column}' holds text, expected numbers for condition '{name}'"
                : $"{source}: row {row + 1}, column '{column}': '{cells[row]}' is not a number (condition '{name}')");
        }
        return table.Numbers(column);
    }
}
