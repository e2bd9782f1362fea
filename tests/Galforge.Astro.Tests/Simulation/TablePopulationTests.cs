using Galforge.Astro.Simulation;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Simulation;

public class TablePopulationTests
{
    private static string Write(TempDirectory dir, string text)
    {
        var path = dir.File("params.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void ReadsRowsInOrder()
    {
        using var dir = new TempDirectory();
        var pop = TablePopulation.ReadCsv(Write(dir, "mag,re,n,q,pa,z\n22.5,0.3,1.5,0.7,20,0.8\n24,0.2,4,0.9,-45,1.9\n"));
        Assert.Equal(2, pop.Count);
        var second = pop.Draw(1, new Galforge.Astro.Noise.CounterRandom(1, 1, 0));
        Assert.Equal((24.0, 0.2, 4.0, 0.9, -45.0, 1.9), (second.Magnitude, second.HalfLightRadius, second.SersicIndex, second.AxisRatio, second.PositionAngle, second.Redshift));
        Assert.Equal(22.5, pop.Draw(2, new Galforge.Astro.Noise.CounterRandom(1, 2, 0)).Magnitude);
    }

    [Fact]
    public void ReadsAFitsTable()
    {
        using var dir = new TempDirectory();
        var path = dir.File("params.fits");
        var table = new Galforge.Astro.Fits.FitsTable(2)
            .Add(Galforge.Astro.Fits.FitsColumn.Doubles("MAG", [23.0, 24.5]))
            .Add(Galforge.Astro.Fits.FitsColumn.Singles("re", [0.4f, 0.25f]))
            .Add(Galforge.Astro.Fits.FitsColumn.Doubles("n", [1.0, 3.5]))
            .Add(Galforge.Astro.Fits.FitsColumn.Doubles("q", [0.5, 0.8]))
            .Add(Galforge.Astro.Fits.FitsColumn.Int32s("pa", [10, -30]))
            .Add(Galforge.Astro.Fits.FitsColumn.Strings("name", ["a", "b"]));
        Galforge.Astro.Fits.FitsFile.WriteAtomically(path, w => { w.WriteEmptyPrimary(); w.WriteTable(table); });
        var pop = SimulationRequest.ResolvePopulation(path);
        var row = pop.Draw(1, new Galforge.Astro.Noise.CounterRandom(1, 1, 0));
        Assert.Equal((24.5, 0.25, 3.5, 0.8, -30.0), (row.Magnitude, Math.Round(row.HalfLightRadius, 6), row.SersicIndex, row.AxisRatio, row.PositionAngle));
        // A FITS table missing a column is the same one-line error.
        var bad = dir.File("bad.fits");
        var t2 = new Galforge.Astro.Fits.FitsTable(1).Add(Galforge.Astro.Fits.FitsColumn.Doubles("mag", [23.0]));
        Galforge.Astro.Fits.FitsFile.WriteAtomically(bad, w => { w.WriteEmptyPrimary(); w.WriteTable(t2); });
        var e = Assert.Throws<BadInputException>(() => SimulationRequest.ResolvePopulation(bad));
        Assert.Contains("missing column 're'", e.Message);
    }

    [Theory]
    [InlineData("mag,re,n,pa\n22,0.3,1,0\n", "missing column 'q'")]
    [InlineData("mag,re,n,q,pa\n22,0.3,1,0.5,0\n22,0.3,x,0.5,0\n", "row 2 column 'n': 'x' is not a number")]
    [InlineData("mag,re,n,q,pa\n22,0.3,7.5,0.5,0\n", "row 1 column 'n': 7.5 outside the allowed range [0.3, 6.2]")]
    [InlineData("mag,re,n,q,pa\n22,0.3,1,0,0\n", "row 1 column 'q': 0 outside the allowed range (0, 1]")]
    [InlineData("mag,re,n,q,pa\n22,0.3,1,1.2,0\n", "row 1 column 'q': 1.2 outside the allowed range (0, 1]")]
    [InlineData("mag,re,n,q,pa\n22,-0.3,1,0.5,0\n", "row 1 column 're': -0.3 outside the allowed range")]
    [InlineData("mag,re,n,q,pa\n22,0.3,1,0.5\n", "row 1 (line 2): 4 cells, expected 5")]
    public void BadTablesAreOneLineErrorsNamingRowAndColumn(string text, string expected)
    {
        using var dir = new TempDirectory();
        var path = Write(dir, text);
        var e = Assert.Throws<BadInputException>(() => TablePopulation.ReadCsv(path));
        Assert.Contains(expected, e.Message);
        Assert.Contains(path, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
