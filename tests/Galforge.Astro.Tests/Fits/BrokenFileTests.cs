using System.Text.Json;
using Galforge.Astro.Fits;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Fits;

/// <summary>
/// The corpus in tests/data/fits/broken (tools/astropy/make_broken.py): every file gives one
/// BadInputException whose single-line message names the file, the HDU and the card or column,
/// and says what was expected.
/// </summary>
public class BrokenFileTests
{
    public static IEnumerable<object[]> Cases() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData("fits", "broken", "expected.json"))).RootElement
            .EnumerateObject().Select(p => new object[] { p.Name, p.Value.EnumerateArray().Select(e => e.GetString()!).ToArray() });

    [Theory]
    [MemberData(nameof(Cases))]
    public void BrokenFileGivesOneLineErrorNamingWhatIsWrong(string name, string[] fragments)
    {
        var path = RepoPaths.TestData("fits", "broken", name);
        var e = Assert.Throws<BadInputException>(() =>
        {
            using var reader = FitsReader.Open(path);
            foreach (var hdu in reader.Hdus)
            {
                if (hdu.Kind == FitsHduKind.BinaryTable) reader.ReadTable(hdu.Index);
                else if (hdu.IsImage) reader.ReadImage(hdu.Index);
            }
        });
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains(name, e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void MissingHduAndColumnAreNamed()
    {
        using var reader = FitsReader.Open(RepoPaths.TestData("fits", "table.fits"));
        var e = Assert.Throws<BadInputException>(() => reader[5]);
        Assert.Contains("HDU 5 does not exist", e.Message);
        var table = reader.ReadTable(1);
        e = Assert.Throws<BadInputException>(() => table.GetDoubles("REDSHIFT"));
        Assert.Contains("table.fits HDU 1 'CATALOG': no column 'REDSHIFT'", e.Message);
        Assert.Contains("SERSICFIT", e.Message);
        e = Assert.Throws<BadInputException>(() => table.GetDoubles("NAME"));
        Assert.Contains("expected a numeric column", e.Message);
        e = Assert.Throws<BadInputException>(() => reader.ReadImage(1));
        Assert.Contains("expected an image", e.Message);
    }

    [Fact]
    public void MissingFileIsOneLine()
    {
        var e = Assert.Throws<BadInputException>(() => FitsReader.Open("/nonexistent/x.fits"));
        Assert.StartsWith("/nonexistent/x.fits: cannot open", e.Message);
    }
}
