using Galforge.Astro.Datasets;
using Galforge.Astro.Measurement;
using Galforge.Engine;

namespace Galforge.Models.Generation;

/// <summary>
/// Lets a request give only the ellipticity modulus to a model conditioned on its components.
/// A model conditioned on intr_e1_BAND and intr_e2_BAND (the shipped VAE + flow: conditioning on
/// |e| alone made galaxies too round, docs/vae-flow.md) or on e1 and e2 (the shipped GAN) needs an
/// orientation; when the request table has the modulus (intr_e_BAND or e) but not the components
/// (nor, for plain e1, e2, the q and pa they are otherwise derived from), each galaxy gets a
/// position angle drawn uniformly in [0, 180) degrees from the seed, and e1 = e cos 2θ,
/// e2 = e sin 2θ, θ the major axis from the x (column) axis towards +y (rows), the convention of
/// <see cref="IntrinsicShape"/>. The drawn angles are added to the table as intr_pa_BAND or e_pa
/// (degrees) so the truth table records them.
/// </summary>
public static class RandomOrientation
{
    /// <summary>Seed offset of the orientation draws (independent of the generator's own draws).</summary>
    private const ulong StreamKey = 0x0A1E5EEDUL;

    /// <summary>
    /// Returns <paramref name="table"/> with intr_e1_BAND, intr_e2_BAND and intr_pa_BAND added for
    /// every band whose components <paramref name="conditions"/> need and the table lacks while it
    /// has the modulus; the table itself when nothing is missing.
    /// </summary>
    /// <param name="table">Requested parameters, one row per galaxy.</param>
    /// <param name="conditions">The model's condition names.</param>
    /// <param name="seed">The generation seed.</param>
    public static ParameterTable Complete(ParameterTable table, IReadOnlyList<string> conditions, ulong seed)
    {
        var result = table;
        foreach (var name in conditions)
        {
            // The pair, the modulus columns that can stand in for it, and where the angle goes.
            string e1 = name, e2, angle;
            string[] moduli;
            if (name == "e1")
            {
                // Plain e1, e2 (the GAN's): ConditionColumns derives them from q and pa when present.
                if (table.Has("q") && table.Has("pa")) continue;
                (e2, moduli, angle) = ("e2", ["e"], "e_pa");
            }
            else if (IntrinsicColumn.TryParse(name, out var quantity, out var band) && quantity == "e1")
                (e2, moduli, angle) = (IntrinsicColumn.Name("e2", band), [IntrinsicColumn.Name("e", band), "e"], $"intr_pa_{band}");
            else continue;
            if (!conditions.Contains(e2) || table.Has(e1) || table.Has(e2)) continue;
            var source = moduli.FirstOrDefault(table.Has);
            if (source is null) continue; // the usual missing-column error follows
            var e = ConditionColumns.Values(table, source, "condition table");
            var rng = new PhiloxGenerator(seed ^ StreamKey);
            double[] c1 = new double[e.Length], c2 = new double[e.Length], pa = new double[e.Length];
            for (var i = 0; i < e.Length; i++)
            {
                var theta = Math.PI * rng.NextUniform();
                pa[i] = theta * 180 / Math.PI;
                c1[i] = e[i] * Math.Cos(2 * theta);
                c2[i] = e[i] * Math.Sin(2 * theta);
            }
            if (ReferenceEquals(result, table)) result = table.Select([.. Enumerable.Range(0, table.RowCount)]);
            result.Set(e1, c1).Set(e2, c2).Set(angle, pa, "deg");
        }
        return result;
    }
}
