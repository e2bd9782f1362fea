using System.Globalization;
using System.Text;
using Galforge.Astro.Datasets;
using Galforge.Astro.Measurement;

namespace Galforge.Astro.Simulation;

/// <summary>
/// The truth of a run. Galaxy level (one row per galaxy; also the dataset's parameter table):
/// population row, colour-model choices, shear, convergence, magnification, seed, centre, and the
/// noise-free flux and magnitude per band. Component level (<c>components.csv</c>, one row per
/// component): profile, position, flux per band, arm flux per band. Fluxes are in counts and
/// include the magnification.
/// </summary>
public static class TruthTable
{
    /// <summary>One galaxy-level column: numbers or strings, with a unit.</summary>
    public sealed record Column(string Name, double[]? Numbers, string[]? Strings, string? Unit);

    /// <summary>The galaxy-level columns.</summary>
    public static IReadOnlyList<Column> GalaxyColumns(IReadOnlyList<GalaxyTruth> truths, IReadOnlyList<Band> bands)
    {
        int n = truths.Count;
        var cols = new List<Column>();
        void Num(string name, string? unit, Func<GalaxyTruth, double> f)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = f(truths[i]);
            cols.Add(new Column(name, v, null, unit));
        }
        Num("index", null, t => t.Index);
        Num("seed", null, t => t.Seed);
        var src = new string[n];
        for (int i = 0; i < n; i++) src[i] = truths[i].Parameters.Source;
        cols.Add(new Column("source", null, src, null));
        Num("mag_ref", "mag", t => t.Parameters.Magnitude);
        Num("ref_wavelength", "micron", t => t.Parameters.ReferenceWavelength);
        Num("half_light_radius", "arcsec", t => t.Parameters.HalfLightRadius);
        Num("sersic_n", null, t => t.Parameters.SersicIndex);
        Num("q", null, t => t.Parameters.AxisRatio);
        Num("pa", "deg", t => t.Parameters.PositionAngle);
        Num("z", null, t => t.Parameters.Redshift);
        Num("lssfr", "log yr-1", t => t.Parameters.LogSpecificSfr);
        Num("bulge_to_total", null, t => t.BulgeToTotal);
        Num("clumps", null, t => t.Clumps);
        Num("clump_fraction", null, t => t.ClumpFraction);
        Num("arms", null, t => t.Arms?.Arms ?? 0);
        Num("arm_fraction", null, t => t.Arms?.Fraction ?? 0);
        Num("arm_pitch", "deg", t => t.Arms is null ? 0 : t.Arms.PitchAngle * 180 / Math.PI);
        Num("arm_phase", "rad", t => t.Arms?.Phase ?? 0);
        Num("g1", null, t => t.Lens.G1);
        Num("g2", null, t => t.Lens.G2);
        Num("kappa", null, t => t.Lens.Kappa);
        Num("magnification", null, t => t.Lens.Magnification);
        Num("centre_x", "arcsec", t => t.Model.CentreX);
        Num("centre_y", "arcsec", t => t.Model.CentreY);
        for (int b = 0; b < bands.Count; b++)
        {
            int band = b;
            Num($"flux_{bands[b].Name}", "counts", t => TotalFlux(t, band));
            Num($"mag_{bands[b].Name}", "mag", t => Photometry.MagnitudeFromFlux(TotalFlux(t, band), bands[band].ZeroPoint));
        }
        // Measured on the noise-free stamp before the PSF (IntrinsicShape; docs/simulation.md).
        // Only when measured (SimulationSettings.MeasureIntrinsic).
        for (int b = 0; n > 0 && truths[0].Intrinsic is not null && b < bands.Count; b++)
            foreach (var quantity in IntrinsicColumn.Quantities)
            {
                int band = b;
                string q = quantity;
                Num(IntrinsicColumn.Name(q, bands[b].Name), IntrinsicColumn.Unit(q), t => t.Intrinsic is null ? double.NaN : IntrinsicColumn.Value(t.Intrinsic[band], q));
            }
        return cols;
    }

    private static double TotalFlux(GalaxyTruth t, int band)
    {
        double f = 0;
        foreach (var c in t.Model.Components) f += c.BandFlux[band] + (c.ArmBandFlux?[band] ?? 0);
        return f * t.Lens.Magnification;
    }

    /// <summary>The galaxy-level columns as a dataset parameter table.</summary>
    public static ParameterTable ToParameterTable(IReadOnlyList<GalaxyTruth> truths, IReadOnlyList<Band> bands)
    {
        var table = new ParameterTable(truths.Count);
        foreach (var c in GalaxyColumns(truths, bands))
        {
            if (c.Numbers is not null) table.Set(c.Name, c.Numbers, c.Unit);
            else table.Set(c.Name, c.Strings!);
        }
        return table;
    }

    /// <summary>Writes <c>truth.csv</c> and <c>components.csv</c> into <paramref name="folder"/>.</summary>
    public static void Write(string folder, IReadOnlyList<GalaxyTruth> truths, IReadOnlyList<Band> bands)
    {
        var inv = CultureInfo.InvariantCulture;
        var cols = GalaxyColumns(truths, bands);
        var g = new StringBuilder();
        g.AppendLine(string.Join(',', cols.Select(c => c.Name)));
        for (int i = 0; i < truths.Count; i++)
        {
            for (int k = 0; k < cols.Count; k++)
            {
                if (k > 0) g.Append(',');
                if (cols[k].Numbers is { } v) g.Append(v[i].ToString("R", inv));
                else g.Append(cols[k].Strings![i]);
            }
            g.AppendLine();
        }
        var c = new StringBuilder();
        c.Append("index,component,sersic_n,half_light_radius,q,beta_deg,offset_x,offset_y");
        foreach (var b in bands) c.Append(",flux_").Append(b.Name);
        foreach (var b in bands) c.Append(",arm_flux_").Append(b.Name);
        c.AppendLine();
        foreach (var t in truths)
        {
            double mu = t.Lens.Magnification;
            foreach (var comp in t.Model.Components)
            {
                var pr = comp.Profile;
                c.Append(inv, $"{t.Index},{comp.Name},{pr?.Index ?? 0:R},{pr?.HalfLightRadius ?? 0:R},{pr?.Shape.AxisRatio ?? 1:R},{(pr is null ? 0 : pr.Shape.PositionAngle * 180 / Math.PI):R},{comp.OffsetX:R},{comp.OffsetY:R}");
                foreach (var f in comp.BandFlux) c.Append(inv, $",{f * mu:R}");
                for (int b = 0; b < bands.Count; b++) c.Append(inv, $",{(comp.ArmBandFlux?[b] ?? 0) * mu:R}");
                c.AppendLine();
            }
        }
        File.WriteAllText(Path.Combine(folder, "truth.csv"), g.ToString());
        File.WriteAllText(Path.Combine(folder, "components.csv"), c.ToString());
    }
}
