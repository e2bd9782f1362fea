using Galforge.Astro.Imaging;
using Galforge.Astro.Lensing;
using Galforge.Astro.Profiles;
using Galforge.Astro.Rendering;
using Xunit;
using Xunit.Abstractions;

namespace Galforge.Astro.Tests.Lensing;

/// <summary>
/// Ring tests: noise-free galaxies at 8 orientations (0, 22.5, ..., 157.5 degrees: four pairs
/// rotated by 90 degrees) are sheared by +g and -g, and the ellipticity
/// eps = (Q11 - Q22 + 2i Q12) / (Q11 + Q22 + 2 sqrt(det Q)) of unweighted second moments (pixel
/// box 1/12 removed) is averaged. eps transforms as (eps + g) / (1 + conj(g) eps), whose ring
/// average is g, so m = (&lt;eps&gt;(+g) - &lt;eps&gt;(-g)) / 2g - 1 and c = (&lt;eps&gt;(+g) + &lt;eps&gt;(-g)) / 2
/// must vanish up to rendering errors. Profiles are truncated so all their light is on the grid
/// (unweighted moments need the whole profile).
/// </summary>
public class RingTestTests(ITestOutputHelper output)
{
    private const double Scale = 0.1;
    private const int Size = 96;
    private const int Orientations = 8;

    public static (double E1, double E2) MomentEllipticity(ReadOnlySpan<double> image, int size)
    {
        double s = 0, mx = 0, my = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++) { double v = image[y * size + x]; s += v; mx += v * x; my += v * y; }
        mx /= s; my /= s;
        double qxx = 0, qyy = 0, qxy = 0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double v = image[y * size + x], dx = x - mx, dy = y - my;
                qxx += v * dx * dx; qyy += v * dy * dy; qxy += v * dx * dy;
            }
        qxx = qxx / s - 1.0 / 12; qyy = qyy / s - 1.0 / 12; qxy /= s;
        double den = qxx + qyy + 2 * Math.Sqrt(qxx * qyy - qxy * qxy);
        return ((qxx - qyy) / den, 2 * qxy / den);
    }

    private static (double M1, double M2, double C1, double C2) Ring(Func<double, LensDistortion, double[]> draw, double g)
    {
        double Mean(LensDistortion lens, int component)
        {
            double sum = 0;
            for (int k = 0; k < Orientations; k++)
            {
                var (e1, e2) = MomentEllipticity(draw(k * Math.PI / Orientations, lens), Size);
                sum += component == 1 ? e1 : e2;
            }
            return sum / Orientations;
        }
        double p1 = Mean(new LensDistortion(g, 0), 1), n1 = Mean(new LensDistortion(-g, 0), 1);
        double p2 = Mean(new LensDistortion(0, g), 2), n2 = Mean(new LensDistortion(0, -g), 2);
        return ((p1 - n1) / (2 * g) - 1, (p2 - n2) / (2 * g) - 1, (p1 + n1) / 2, (p2 + n2) / 2);
    }

    [Theory]
    [InlineData(1.0, 0.4, 0.5)]
    [InlineData(4.0, 0.6, 0.7)]
    [InlineData(2.5, 0.45, 0.6)]
    [InlineData(0.5, 0.25, 0.3)]
    public void ParametricShearIsRecovered(double n, double hlr, double q)
    {
        var profile0 = new SersicProfile(n, hlr, new Galforge.Astro.Profiles.Ellipticity(q, 0), truncationRadius: 4 * hlr);
        double[] Draw(double angle, LensDistortion lens)
        {
            var p = new SersicProfile(n, hlr, new Galforge.Astro.Profiles.Ellipticity(q, angle), truncationRadius: 4 * hlr);
            var image = new double[Size * Size];
            ProfileRenderer.Render(p, 47.3, 48.1, Scale, lens, image, Size, Size);
            return image;
        }
        var (m1, m2, c1, c2) = Ring(Draw, 0.02);
        output.WriteLine($"n={n} hlr={hlr}\" q={q}: m1={m1:E2} m2={m2:E2} c1={c1:E2} c2={c2:E2}");
        Assert.True(Math.Abs(m1) < 1e-3 && Math.Abs(m2) < 1e-3, $"m = ({m1:E2}, {m2:E2})");
        Assert.True(Math.Abs(c1) < 1e-4 && Math.Abs(c2) < 1e-4, $"c = ({c1:E2}, {c2:E2})");
        Assert.NotNull(profile0);
    }

    [Fact]
    public void MagnificationScalesFlux()
    {
        var p = new SersicProfile(1.5, 0.3, new Galforge.Astro.Profiles.Ellipticity(0.6, 0.4), truncationRadius: 1.5);
        var lens = new LensDistortion(0.05, -0.03, 0.1);
        var plain = new double[Size * Size];
        var lensed = new double[Size * Size];
        ProfileRenderer.Render(p, 48, 48, Scale, LensDistortion.None, plain, Size, Size);
        ProfileRenderer.Render(p, 48, 48, Scale, lens, lensed, Size, Size);
        Assert.Equal(lens.Magnification, lensed.Sum() / plain.Sum(), 4);
    }

    [Fact]
    public void ShearOfRoundSourceGivesEllipticityG()
    {
        var p = new SersicProfile(0.5, 0.5, Galforge.Astro.Profiles.Ellipticity.Round, truncationRadius: 2.0);
        var image = new double[Size * Size];
        ProfileRenderer.Render(p, 47.5, 47.5, Scale, new LensDistortion(0.1, -0.05), image, Size, Size);
        var (e1, e2) = MomentEllipticity(image, Size);
        Assert.Equal(0.1, e1, 4);
        Assert.Equal(-0.05, e2, 4);
    }

    [Fact]
    public void BadShearIsBadInput()
    {
        var e = Assert.Throws<BadInputException>(() => new LensDistortion(0.8, 0.7));
        Assert.Contains("[0, 1)", e.Message);
    }

    // Pixel images (e.g. generated galaxies) sheared by Lanczos-5 interpolation before PSF
    // convolution: the same ring test on a well-resolved galaxy.
    [Fact]
    public void PixelImageShearIsRecovered()
    {
        const double hlr = 0.6;
        double[] Draw(double angle, LensDistortion lens)
        {
            // A smooth (Gaussian) galaxy: interpolation needs no sharp truncation edge.
            var p = new SersicProfile(0.5, hlr, new Galforge.Astro.Profiles.Ellipticity(0.5, angle));
            var pixels = new double[Size * Size];
            ProfileRenderer.Render(p, (Size - 1) / 2.0, (Size - 1) / 2.0, Scale, LensDistortion.None, pixels, Size, Size);
            var image = new Image(Size, Size, Scale);
            for (int i = 0; i < pixels.Length; i++) image.Pixels[i] = (float)pixels[i];
            var lensed = ImageLensing.Apply(image, lens);
            var result = new double[Size * Size];
            for (int i = 0; i < result.Length; i++) result[i] = lensed.Pixels[i];
            return result;
        }
        var (m1, m2, c1, c2) = Ring(Draw, 0.02);
        output.WriteLine($"pixel image, hlr={hlr / Scale} px: m1={m1:E2} m2={m2:E2} c1={c1:E2} c2={c2:E2}");
        Assert.True(Math.Abs(m1) < 1e-3 && Math.Abs(m2) < 1e-3, $"m = ({m1:E2}, {m2:E2})");
        Assert.True(Math.Abs(c1) < 1e-4 && Math.Abs(c2) < 1e-4, $"c = ({c1:E2}, {c2:E2})");
    }
}
