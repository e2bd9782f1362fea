using Galforge.Astro.Datasets;
using Galforge.Astro.Measurement;
using Galforge.Models.Generation;
using Xunit;

namespace Galforge.Models.Tests.Generation;

public sealed class RandomOrientationTests
{
    private static readonly string[] Conditions = ["intr_mag_F160W", "intr_e1_F160W", "intr_e2_F160W"];

    private static ParameterTable Moduli(int n)
    {
        var e = new double[n];
        for (var i = 0; i < n; i++) e[i] = 0.05 + 0.6 * i / n;
        return new ParameterTable(n).Set("intr_mag_F160W", new double[n]).Set("intr_e_F160W", e);
    }

    [Fact]
    public void ComponentsKeepTheModulusAndTheAnglesAreSeededAndUniform()
    {
        var table = Moduli(400);
        var done = RandomOrientation.Complete(table, Conditions, 7);
        var e = table.Numbers("intr_e_F160W");
        double[] e1 = done.Numbers("intr_e1_F160W"), e2 = done.Numbers("intr_e2_F160W"), pa = done.Numbers("intr_pa_F160W");
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i], Math.Sqrt(e1[i] * e1[i] + e2[i] * e2[i]), 1e-12);
            Assert.InRange(pa[i], 0, 180);
        }
        // Uniform angles: a quarter in each 45-degree quadrant (binomial sigma 8.7 of 100).
        for (var q = 0; q < 4; q++)
            Assert.InRange(pa.Count(a => a >= 45 * q && a < 45 * (q + 1)), 70, 130);
        Assert.Equal(pa, RandomOrientation.Complete(table, Conditions, 7).Numbers("intr_pa_F160W"));
        Assert.NotEqual(pa, RandomOrientation.Complete(table, Conditions, 8).Numbers("intr_pa_F160W"));
        Assert.False(table.Has("intr_e1_F160W")); // the caller's table is not modified
    }

    [Fact]
    public void TablesWithComponentsOrModelsWithoutThemAreLeftAlone()
    {
        var table = Moduli(5).Set("intr_e1_F160W", new double[5]).Set("intr_e2_F160W", new double[5]);
        Assert.Same(table, RandomOrientation.Complete(table, Conditions, 1));
        var plain = Moduli(5);
        Assert.Same(plain, RandomOrientation.Complete(plain, ["intr_mag_F160W", "intr_e_F160W"], 1));
    }

    [Fact]
    public void PlainComponentsOfTheGanGetAnOrientationUnlessQAndPaGiveThem()
    {
        string[] gan = ["mag", "hlr", "e1", "e2"];
        var table = new ParameterTable(3).Set("mag", [24, 23, 22]).Set("hlr", [0.2, 0.3, 0.4]).Set("e", [0.1, 0.3, 0.5]);
        var done = RandomOrientation.Complete(table, gan, 2);
        for (var i = 0; i < 3; i++)
            Assert.Equal(table.Numbers("e")[i], Math.Sqrt(Math.Pow(done.Numbers("e1")[i], 2) + Math.Pow(done.Numbers("e2")[i], 2)), 1e-12);
        Assert.True(done.Has("e_pa"));
        var withShape = new ParameterTable(1).Set("e", [0.3]).Set("q", [0.5]).Set("pa", [10.0]);
        Assert.Same(withShape, RandomOrientation.Complete(withShape, gan, 2));
    }

    [Fact]
    public void TheDrawnAngleIsTheMajorAxisAngleTheMeasurementSees()
    {
        // An elliptical Gaussian whose major axis is at the recorded angle from x towards +y
        // (rows) measures e1, e2 of the same signs and sizes.
        var done = RandomOrientation.Complete(Moduli(6), Conditions, 3);
        const int s = 48;
        for (var i = 0; i < 6; i++)
        {
            double theta = done.Numbers("intr_pa_F160W")[i] * Math.PI / 180, e = done.Numbers("intr_e_F160W")[i], q = (1 - e) / (1 + e);
            double c = Math.Cos(theta), sn = Math.Sin(theta);
            var pixels = new float[s * s];
            for (var y = 0; y < s; y++)
                for (var x = 0; x < s; x++)
                {
                    double dx = x - 23.5, dy = y - 23.5, u = c * dx + sn * dy, v = -sn * dx + c * dy;
                    pixels[y * s + x] = (float)Math.Exp(-0.5 * (u * u + v * v / (q * q)) / 16);
                }
            var shape = IntrinsicShape.Measure(pixels, s, 0.06, 25);
            Assert.Equal(done.Numbers("intr_e1_F160W")[i], shape.E1, 0.01);
            Assert.Equal(done.Numbers("intr_e2_F160W")[i], shape.E2, 0.01);
        }
    }
}
