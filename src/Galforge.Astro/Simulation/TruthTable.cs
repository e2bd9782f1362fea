using System.Globalization;
using System.Text;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Writes the truth of a run as two CSV files: <c>truth.csv</c>, one row per galaxy (population
/// row, colour-model choices, shear, convergence, magnification, seed, noise-free flux and
/// magnitude per band), and <c>components.csv</c>, one row per component (profile, position,
/// flux per band, arms). Fluxes are in counts including the magnification.
/// </summary>
public static class TruthTable
{
    /// <summary>Galaxy-level column names.</summary>
    public static IReadOnlyList<string> GalaxyColumns(IReadOnlyList<Band> bands)
    {
        var c = new List<string>
        {
            "index", "seed", "source", "mag_ref", "ref_wavelength_um", "re_arcsec", "n", "q", "pa_deg", "z", "lssfr",
            "bulge_to_total", "clumps", "clump_fraction", "arms", "arm_fraction", "arm_pitch_deg", "arm_phase_rad",
            "g1", "g2", "kappa", "magnification", "centre_x_arcsec", "centre_y_arcsec",
        };
        foreach (var b in bands) { c.Add($"flux_{b.Name}"); c.Add($"mag_{b.Name}"); }
        return c;
    }

    /// <summary>Writes both files into <paramref name="folder"/>.</summary>
    public static void Write(string folder, IReadOnlyList<GalaxyTruth> truths, IReadOnlyList<Band> bands)
    {
        var inv = CultureInfo.InvariantCulture;
        var g = new StringBuilder();
        g.AppendLine(string.Join(',', GalaxyColumns(bands)));
        var c = new StringBuilder();
        c.Append("index,component,n,re_arcsec,q,beta_deg,offset_x_arcsec,offset_y_arcsec");
        foreach (var b in bands) c.Append(",flux_").Append(b.Name);
        foreach (var b in bands) c.Append(",arm_flux_").Append(b.Name);
        c.AppendLine();
        foreach (var t in truths)
        {
            var p = t.Parameters;
            double mu = t.Lens.Magnification;
            g.Append(inv, $"{t.Index},{t.Seed},{p.Source},{p.Magnitude:R},{p.ReferenceWavelength:R},{p.HalfLightRadius:R},{p.SersicIndex:R},{p.AxisRatio:R},{p.PositionAngle:R},{p.Redshift:R},{p.LogSpecificSfr:R},");
            g.Append(inv, $"{t.BulgeToTotal:R},{t.Clumps},{t.ClumpFraction:R},{t.Arms?.Arms ?? 0},{t.Arms?.Fraction ?? 0:R},{(t.Arms is null ? 0 : t.Arms.PitchAngle * 180 / Math.PI):R},{t.Arms?.Phase ?? 0:R},");
            g.Append(inv, $"{t.Lens.G1:R},{t.Lens.G2:R},{t.Lens.Kappa:R},{mu:R},{t.Model.CentreX:R},{t.Model.CentreY:R}");
            for (int b = 0; b < bands.Count; b++)
            {
                double f = 0;
                foreach (var comp in t.Model.Components) f += comp.BandFlux[b] + (comp.ArmBandFlux?[b] ?? 0);
                f *= mu;
                g.Append(inv, $",{f:R},{Photometry.MagnitudeFromFlux(f, bands[b].ZeroPoint):R}");
            }
            g.AppendLine();
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
