using Galforge.Engine;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Nn.Tests;

/// <summary>PyTorch fixtures of tools/torch_nn/make_fixtures.py and comparison helpers.</summary>
internal static class Fixtures
{
    public static SafeTensorsContent Load(string name) => SafeTensorsFile.Read(RepoPaths.TestData("torch_nn", name + ".safetensors"));

    public static double MetaDouble(SafeTensorsContent c, string key) =>
        double.Parse(c.Meta(key), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>|actual - expected| &lt;= tol * max|expected| elementwise (tol relative to the largest magnitude).</summary>
    public static void AssertClose(Tensor expected, Tensor actual, double tol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var scale = Math.Max(expected.MaxAbs(), 1e-30f);
        var e = expected.Data;
        var a = actual.Data;
        double worst = 0;
        var at = -1;
        for (var i = 0; i < e.Length; i++)
        {
            var d = Math.Abs((double)e[i] - a[i]);
            if (d > worst) { worst = d; at = i; }
        }
        Assert.True(worst <= tol * scale, $"{what}: max |diff| {worst:G4} at {at} (expected {(at >= 0 ? e[at] : 0)}, got {(at >= 0 ? a[at] : 0)}) > {tol} x max|expected| {scale:G4}");
    }
}
