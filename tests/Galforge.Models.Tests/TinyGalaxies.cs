using Galforge.Astro.Datasets;
using Galforge.Engine;

namespace Galforge.Models.Tests;

/// <summary>
/// Small synthetic datasets for the model tests: elliptical Gaussian galaxies (flux, size,
/// ellipticity recorded as mag, half_light_radius, e1, e2, q) convolved with a per-band Gaussian
/// PSF, with Gaussian noise of known sigma. Fast enough to build in milliseconds.
/// </summary>
internal static class TinyGalaxies
{
    public static GalaxyDataset Make(int count, int bands = 2, int size = 16, ulong seed = 1, int psfSize = 7)
    {
        var bandList = new DatasetBand[bands];
        for (var b = 0; b < bands; b++) bandList[b] = new DatasetBand("B" + b, 0.1, 25.0);
        var ds = new GalaxyDataset(bandList, count, size, size, psfSize, psfSize);
        var rng = new PhiloxGenerator(seed);
        var mag = new double[count];
        var hlr = new double[count];
        var e1 = new double[count];
        var e2 = new double[count];
        var q = new double[count];
        const double sigma = 0.05;
        for (var g = 0; g < count; g++)
        {
            var flux = 20 + 60 * rng.NextUniform();
            var r = 1.2 + 1.8 * rng.NextUniform(); // Gaussian sigma, pixels
            var ee1 = 0.5 * (rng.NextUniform() - 0.5);
            var ee2 = 0.5 * (rng.NextUniform() - 0.5);
            var e = Math.Sqrt(ee1 * ee1 + ee2 * ee2);
            var phi = 0.5 * Math.Atan2(ee2, ee1);
            var qq = (1 - e) / (1 + e);
            mag[g] = 25 - 2.5 * Math.Log10(flux);
            hlr[g] = r * Math.Sqrt(2 * Math.Log(2)) * Math.Sqrt(qq) * 0.1;
            e1[g] = ee1; e2[g] = ee2; q[g] = qq;
            for (var b = 0; b < bands; b++)
            {
                var psfSigma = 0.8 + 0.3 * b;
                var psf = ds.Psf(g, b);
                double ps = 0;
                for (var y = 0; y < psfSize; y++)
                    for (var x = 0; x < psfSize; x++)
                    {
                        double dy = y - psfSize / 2, dx = x - psfSize / 2;
                        ps += psf[y * psfSize + x] = (float)Math.Exp(-(dx * dx + dy * dy) / (2 * psfSigma * psfSigma));
                    }
                for (var i = 0; i < psf.Length; i++) psf[i] /= (float)ps;
                // Convolved Gaussian: variances add along both axes (the PSF is round).
                double a2 = r * r / qq + psfSigma * psfSigma, b2 = r * r * qq + psfSigma * psfSigma;
                double c = Math.Cos(phi), s = Math.Sin(phi), c0 = (size - 1) / 2.0;
                var img = ds.Image(g, b);
                var colour = 1.0 - 0.2 * b;
                for (var y = 0; y < size; y++)
                    for (var x = 0; x < size; x++)
                    {
                        double dx = x - c0, dy = y - c0, u = c * dx + s * dy, v = -s * dx + c * dy;
                        img[y * size + x] = (float)(flux * colour / (2 * Math.PI * Math.Sqrt(a2 * b2)) * Math.Exp(-0.5 * (u * u / a2 + v * v / b2))
                            + sigma * Normal(rng));
                    }
                ds.SetNoiseSigma(g, b, (float)sigma);
            }
        }
        ds.Parameters.Set("mag", mag).Set("half_light_radius", hlr, "arcsec").Set("e1", e1).Set("e2", e2).Set("q", q);
        ds.Normalization = AsinhNormalization.FromNoise(ds);
        ds.Provenance.Source = "TinyGalaxies (tests)";
        ds.Provenance.Seed = (long)seed;
        return ds;
    }

    private static double Normal(PhiloxGenerator rng)
    {
        double u1 = Math.Max(rng.NextUniform(), 1e-7), u2 = rng.NextUniform();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// Noise-free stand-in "generated" images [n, 2, size, size]: band 1 an elliptical Gaussian of
    /// variance <paramref name="variance"/> px^2 along the major axis, axis ratio q = (1 - e)/(1 + e)
    /// and major axis at phi (radians from x towards +y), centred; band 0 empty. Also returns the
    /// matching requested (e1, e2) = e (cos 2 phi, sin 2 phi), row-major [n, 2].
    /// </summary>
    public static (float[] Images, double[] Components) EllipticalGaussians(int n, int size, double variance, Func<int, (double E, double Phi)> shape)
    {
        var px = size * size;
        var images = new float[n * 2 * px];
        var components = new double[n * 2];
        double centre = (size - 1) / 2.0;
        for (var g = 0; g < n; g++)
        {
            var (e, phi) = shape(g);
            double q = (1 - e) / (1 + e), c = Math.Cos(phi), sn = Math.Sin(phi);
            components[2 * g] = e * Math.Cos(2 * phi);
            components[2 * g + 1] = e * Math.Sin(2 * phi);
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    double dx = x - centre, dy = y - centre, u = c * dx + sn * dy, v = -sn * dx + c * dy;
                    images[(g * 2 + 1) * px + y * size + x] = (float)Math.Exp(-0.5 * (u * u + v * v / (q * q)) / variance);
                }
        }
        return (images, components);
    }
}
