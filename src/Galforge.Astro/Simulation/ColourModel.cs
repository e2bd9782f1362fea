using Galforge.Astro.Noise;
using Galforge.Astro.Profiles;

namespace Galforge.Astro.Simulation;

/// <summary>
/// The documented simple model that turns a single-Sersic row (reference-band magnitude, size,
/// n, q, PA, redshift, sSFR) into components with their own colours (docs/simulation.md):
/// <list type="bullet">
/// <item>Bulge-to-total in the reference band B/T = clamp((n - 1) / 3, 0, 1). n &lt;= 1: a single
/// disk with the row's own n; n &gt;= 4: a single bulge with the row's own n; between: a
/// de Vaucouleurs bulge (re_b = re (0.3 + 0.7 B/T), q_b = 1 - (1 - q)(0.4 + 0.6 B/T)) plus an
/// exponential disk (re, q); all share the PA.</item>
/// <item>Colours: each component has a power-law SED f_nu proportional to lambda^alpha, so
/// m(lambda) = m_ref - 2.5 alpha log10(lambda / lambda_ref), with alpha = 1.2 + 1.2 z' (bulge),
/// 0.5 + 0.4 z' (disk), 0.2 + 0.3 z' (arms), 0.1 + 0.15 z' (clumps), z' = min(z, 1.5): red bulges,
/// blue disks, bluer arms and clumps, and so colour gradients.</item>
/// <item>Star-forming disks (log sSFR &gt; -10, B/T &lt; 0.6): Poisson(1 + 1.5 z') clumps (at most 8),
/// together 5-20% of the disk light, each a Gaussian of hlr 0.05-0.15 re (at least 0.5 pixel),
/// placed by the exponential disk's radial distribution in the disk plane; with probability 1/2,
/// 2 to 4 logarithmic spiral arms (pitch 10-30 degrees) holding 10-30% of the disk light.</item>
/// <item>The galaxy centre is dithered uniformly within +-1/2 pixel of the stamp centre.</item>
/// </list>
/// The reference-band total magnitude is preserved exactly; every draw uses the galaxy's stream.
/// </summary>
public static class ColourModel
{
    private static readonly double s_bExponential = SersicProfile.SolveB(1.0);

    /// <summary>Builds the galaxy and its truth record.</summary>
    public static (GalaxyModel Model, GalaxyTruth Truth) Build(GalaxyParameters p, IReadOnlyList<Band> bands, double pixelScale, CounterRandom random)
    {
        double zc = Math.Min(Math.Max(p.Redshift, 0), 1.5);
        double bt = Math.Clamp((p.SersicIndex - 1) / 3, 0, 1);
        double beta = GalaxyParameters.ImageAngle(p.PositionAngle);
        double fluxRef = Math.Pow(10, -0.4 * p.Magnitude); // reference-band flux, arbitrary units
        bool starForming = p.LogSpecificSfr > -10 && bt < 0.6;

        var components = new List<GalaxyComponent>();
        var truth = new GalaxyTruth { Parameters = p, BulgeToTotal = bt };
        double[] BandFluxes(double refFlux, double alpha)
        {
            var f = new double[bands.Count];
            for (int b = 0; b < bands.Count; b++)
            {
                double m = -2.5 * Math.Log10(refFlux) - 2.5 * alpha * Math.Log10(bands[b].WavelengthMicron / p.ReferenceWavelength);
                f[b] = bands[b].FluxFromMagnitude(m);
            }
            return f;
        }

        double alphaBulge = 1.2 + 1.2 * zc, alphaDisk = 0.5 + 0.4 * zc, alphaArms = 0.2 + 0.3 * zc, alphaClumps = 0.1 + 0.15 * zc;
        if (bt > 0)
        {
            double n = bt >= 1 ? Math.Min(p.SersicIndex, SersicProfile.MaxIndex) : 4.0;
            double re = p.HalfLightRadius * (0.3 + 0.7 * bt);
            double q = bt >= 1 ? p.AxisRatio : 1 - (1 - p.AxisRatio) * (0.4 + 0.6 * bt);
            var profile = new SersicProfile(n, re, new Ellipticity(q, beta));
            components.Add(new GalaxyComponent("bulge", profile, BandFluxes(fluxRef * bt, alphaBulge)));
        }
        if (bt < 1)
        {
            double diskRef = fluxRef * (1 - bt);
            double n = bt <= 0 ? Math.Max(p.SersicIndex, SersicProfile.MinIndex) : 1.0;
            var shape = new Ellipticity(p.AxisRatio, beta);
            var diskProfile = new SersicProfile(n, p.HalfLightRadius, shape);
            double clumpShare = 0;
            int clumps = 0;
            SpiralArms? arms = null;
            if (starForming)
            {
                clumps = Math.Min(8, (int)random.NextPoisson(1 + 1.5 * zc));
                clumpShare = clumps > 0 ? random.Uniform(0.05, 0.2) : 0;
                if (random.NextDouble() < 0.5)
                {
                    int m = 2 + random.NextInt(3);
                    arms = new SpiralArms(random.Uniform(0.1, 0.3), m, random.Uniform(10, 30) * Math.PI / 180, random.Uniform(0, 2 * Math.PI));
                }
            }
            double smoothRef = diskRef * (1 - clumpShare);
            if (arms is not null)
                components.Add(new GalaxyComponent("disk", diskProfile, BandFluxes(smoothRef * (1 - arms.Fraction), alphaDisk), 0, 0,
                    arms, BandFluxes(smoothRef * arms.Fraction, alphaArms)));
            else
                components.Add(new GalaxyComponent("disk", diskProfile, BandFluxes(smoothRef, alphaDisk)));
            truth.Arms = arms;
            double cb = Math.Cos(beta), sb = Math.Sin(beta);
            double scaleLength = p.HalfLightRadius / s_bExponential;
            for (int c = 0; c < clumps; c++)
            {
                // Radius from the exponential disk's light distribution r ~ Gamma(2, h), uniform azimuth, then projected.
                double r = -scaleLength * Math.Log(Math.Max(random.NextDouble() * random.NextDouble(), 1e-300));
                double phi = random.Uniform(0, 2 * Math.PI);
                double u = r * Math.Cos(phi), v = r * Math.Sin(phi) * p.AxisRatio;
                double ox = cb * u - sb * v, oy = sb * u + cb * v;
                double hlr = Math.Max(random.Uniform(0.05, 0.15) * p.HalfLightRadius, 0.5 * pixelScale);
                var clump = new SersicProfile(0.5, hlr, Ellipticity.Round);
                components.Add(new GalaxyComponent($"clump{c + 1}", clump, BandFluxes(diskRef * clumpShare / clumps, alphaClumps), ox, oy));
            }
            truth.Clumps = clumps;
            truth.ClumpFraction = clumpShare;
        }
        double dx = random.Uniform(-0.5, 0.5) * pixelScale, dy = random.Uniform(-0.5, 0.5) * pixelScale;
        var model = new GalaxyModel(components, dx, dy);
        truth.Model = model;
        return (model, truth);
    }
}
