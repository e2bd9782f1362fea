using System.Text.Json;
using Galforge.Astro.Fits;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Fits;

/// <summary>
/// Files written by astropy (tools/astropy/make_fixtures.py) read by our reader must give the
/// values astropy reads back (tests/data/fits/expected.json).
/// </summary>
public class AstropyFixtureTests
{
    private static readonly Lazy<JsonElement> s_expected = new(() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData("fits", "expected.json"))).RootElement);

    private static JsonElement Expected(string name) => s_expected.Value.GetProperty(name);

    private static string Fixture(string name) => RepoPaths.TestData("fits", name);

    private static void AssertImage(JsonElement expected, FitsImage image, double tolerance = 0)
    {
        var shape = expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(shape, image.Axes);
        var values = image.ToDoubles();
        var i = 0;
        foreach (var e in expected.GetProperty("values").EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Null) Assert.True(double.IsNaN(values[i]), $"pixel {i}: expected NaN, got {values[i]}");
            else Assert.True(Math.Abs(e.GetDouble() - values[i]) <= tolerance * Math.Max(1, Math.Abs(e.GetDouble())), $"pixel {i}: expected {e.GetDouble():R}, got {values[i]:R}");
            i++;
        }
        Assert.Equal(values.Length, i);
    }

    [Theory]
    [InlineData("img_u8.fits", 8)]
    [InlineData("img_i16.fits", 16)]
    [InlineData("img_u16.fits", 16)]
    [InlineData("img_i32.fits", 32)]
    [InlineData("img_i64.fits", 64)]
    [InlineData("img_f32.fits", -32)]
    [InlineData("img_f64.fits", -64)]
    public void PlainImagesOfEveryBitpixMatchAstropy(string name, int bitpix)
    {
        using var reader = FitsReader.Open(Fixture(name));
        Assert.Equal(bitpix, reader[0].BitPix);
        AssertImage(Expected(name), reader.ReadImage(0));
    }

    [Fact]
    public void UnsignedSixteenBitUsesBzero32768()
    {
        using var reader = FitsReader.Open(Fixture("img_u16.fits"));
        Assert.Equal(32768.0, reader[0].Header.GetDouble("BZERO"));
        var v = reader.ReadImage(0).ToDoubles();
        Assert.All(v, x => Assert.InRange(x, 0, 65535));
    }

    [Fact]
    public void BscaleBzeroAndBlankAreApplied()
    {
        using var reader = FitsReader.Open(Fixture("img_scaled.fits"));
        var image = reader.ReadImage(0);
        AssertImage(Expected("img_scaled.fits"), image);
        Assert.True(double.IsNaN(image.ToDoubles()[0]));
    }

    [Theory]
    [InlineData("cube3.fits")]
    [InlineData("cube4.fits")]
    public void ThreeAndFourAxisImagesMatchAstropy(string name)
    {
        using var reader = FitsReader.Open(Fixture(name));
        AssertImage(Expected(name), reader.ReadImage(0));
    }

    [Fact]
    public void MultiHduFileByIndexAndExtname()
    {
        using var reader = FitsReader.Open(Fixture("multi.fits"));
        var names = Expected("multi.fits").GetProperty("names").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Equal(names, reader.Hdus.Select(h => h.Name).ToArray());
        AssertImage(Expected("multi.fits").GetProperty("SCI"), reader.ReadImage("sci"));
        AssertImage(Expected("multi.fits").GetProperty("DQ"), reader.ReadImage("DQ"));
        AssertImage(Expected("multi.fits").GetProperty("PSF"), reader.ReadImage(3));
        var e = Assert.Throws<BadInputException>(() => reader["WHT"]);
        Assert.Contains("no HDU named 'WHT'", e.Message);
        Assert.Contains("SCI", e.Message);
    }

    [Fact]
    public void EveryHeaderCardKindMatchesAstropy()
    {
        using var reader = FitsReader.Open(Fixture("header_cards.fits"));
        var header = reader[0].Header;
        var ours = header.Cards.Where(c => c.Keyword is not ("SIMPLE" or "BITPIX" or "NAXIS" or "NAXIS1" or "NAXIS2" or "EXTEND")).ToList();
        var expected = Expected("header_cards.fits").GetProperty("cards").EnumerateArray().ToList();
        Assert.Equal(expected.Count, ours.Count);
        for (var i = 0; i < ours.Count; i++)
        {
            var e = expected[i];
            var c = ours[i];
            Assert.Equal(e.GetProperty("keyword").GetString(), c.Keyword);
            var v = e.GetProperty("value");
            switch (e.GetProperty("kind").GetString())
            {
                case "bool": Assert.Equal(v.GetBoolean(), (bool)c.Value!); break;
                case "int": Assert.Equal(v.GetInt64(), (long)c.Value!); break;
                case "float": Assert.Equal(v.GetDouble(), (double)c.Value!); break;
                case "str": Assert.Equal(v.GetString(), (string)c.Value!); break;
                case "NoneType": Assert.Equal(FitsCardKind.Undefined, c.Kind); break;
                case "commentary": Assert.Equal(v.GetString(), (string)c.Value!); break;
            }
            if (e.GetProperty("kind").GetString() != "commentary")
                Assert.Equal(e.GetProperty("comment").GetString(), c.Comment ?? "");
        }
        Assert.Equal("rad", header.Find("FLOAT1")!.Unit);
        Assert.Equal("arcsec/pixel", header.Find("PIXSCALE")!.Unit);
        Assert.StartsWith("This is a long string value", header.GetString("LONGSTR"));
        Assert.EndsWith("ending here.", header.GetString("LONGSTR"));
    }

    [Fact]
    public void BinaryTableOfEveryTformMatchesAstropy()
    {
        using var reader = FitsReader.Open(Fixture("table.fits"));
        var table = reader.ReadTable("catalog");
        var expected = Expected("table.fits");
        Assert.Equal(expected.GetProperty("rows").GetInt32(), table.RowCount);
        foreach (var col in expected.GetProperty("columns").EnumerateObject())
        {
            var c = table[col.Name.ToLowerInvariant()]; // lookup is case-insensitive
            Assert.Equal(col.Value.GetProperty("format").GetString(), c.Form.StartsWith("1") && col.Value.GetProperty("format").GetString()!.Length == 1 ? c.Form[1..] : c.Form);
            if (col.Value.TryGetProperty("strings", out var strings))
                Assert.Equal(strings.EnumerateArray().Select(s => s.GetString()).ToArray(), table.GetStrings(col.Name));
            else if (col.Value.TryGetProperty("ints", out var ints))
                Assert.Equal(ints.EnumerateArray().Select(s => s.GetInt64()).ToArray(), table.GetInt64s(col.Name));
            else
            {
                var ours = table.GetDoubles(col.Name);
                var i = 0;
                foreach (var e in col.Value.GetProperty("values").EnumerateArray())
                {
                    if (e.ValueKind == JsonValueKind.Null) Assert.True(double.IsNaN(ours[i]), $"{col.Name}[{i}] should be NaN");
                    else Assert.Equal(e.GetDouble(), ours[i], 12);
                    i++;
                }
                Assert.Equal(ours.Length, i);
                if (col.Value.TryGetProperty("unit", out var unit) && unit.ValueKind == JsonValueKind.String)
                    Assert.Equal(unit.GetString(), c.Unit);
            }
        }
        Assert.Equal(8, table["SERSICFIT"].Repeat);
        Assert.Equal(16, table.GetRow("bulgefit", 2).Length);
        Assert.Equal(32768, table["USHORT"].Zero);
    }

    [Theory]
    [InlineData("comp_rice_dither1.fits")]
    [InlineData("comp_rice_dither2.fits")]
    [InlineData("comp_rice_nodither.fits")]
    [InlineData("comp_rice_int16.fits")]
    [InlineData("comp_gzip1.fits")]
    [InlineData("comp_gzip2.fits")]
    [InlineData("comp_gzip1_int16.fits")]
    [InlineData("comp_hcompress.fits")]
    [InlineData("comp_hcompress_int16.fits")]
    [InlineData("kids_g_cutout_hcompress.fits")]
    public void TileCompressedImagesDecompressExactlyAsAstropy(string name)
    {
        using var reader = FitsReader.Open(Fixture(name));
        Assert.Equal(FitsHduKind.CompressedImage, reader[1].Kind);
        // float32 results: astropy's values are float32 too, so they must agree to the bit.
        AssertImage(Expected(name), reader.ReadImage(1));
    }
}
