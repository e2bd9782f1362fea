using System.Text.Json;
using Galforge.Astro.Fits;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Fits;

/// <summary>Files written by our writer open in astropy (with warnings as errors) and hold the values we wrote.</summary>
public class AstropyReadsOurFilesTests
{
    internal static JsonElement ReadWithAstropy(string path)
    {
        ReferenceTool.RequirePythonModule("astropy", "python3-astropy");
        var json = ReferenceTool.RunPython($"tools/astropy/read_with_astropy.py \"{path}\"");
        return JsonDocument.Parse(json).RootElement;
    }

    [SkippableFact]
    public void ImagesOfEveryStorageTypeTablesAndHeaderCards()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ours.fits");
        var rng = new Random(5);
        var f32 = new float[6 * 4];
        for (var i = 0; i < f32.Length; i++) f32[i] = (float)(rng.NextDouble() * 100 - 50);
        f32[3] = float.NaN;
        var ints = new double[6 * 4];
        for (var i = 0; i < ints.Length; i++) ints[i] = rng.Next(0, 250);
        var header = new FitsHeader();
        header.Add(FitsCard.String("OBJECT", "O'Brien's galaxy", "quote inside"));
        header.Add(FitsCard.String("LONGSTR", new string('x', 50) + " and " + new string('y', 90), "a long string"));
        header.Add(FitsCard.Float("EXPTIME", 1234.5, "[s] exposure time"));
        header.Add(FitsCard.Integer("NCOMBINE", 7));
        header.Add(FitsCard.Logical("FLAT", false, "not flat-fielded"));
        header.Add(FitsCard.Undefined("EMPTY", "no value"));
        header.Add(FitsCard.CommentCard("a comment"));
        header.Add(FitsCard.History("a history entry"));
        header.Add(FitsCard.Blank("blank keyword text"));
        var storages = new[] { FitsStorage.UInt8, FitsStorage.Int16, FitsStorage.UInt16, FitsStorage.Int32, FitsStorage.Int64, FitsStorage.Float64 };
        var table = new FitsTable(3)
            .Add(FitsColumn.Bools("FLAG", [true, false, true]))
            .Add(FitsColumn.Bytes("B", [1, 2, 255]))
            .Add(FitsColumn.Int16s("I", [-1, 0, short.MaxValue]))
            .Add(FitsColumn.UInt16s("U", [0, 40000, 65535]))
            .Add(FitsColumn.Int32s("J", [-7, 0, int.MaxValue]).WithScaling(0.5, 10, nullValue: 0))
            .Add(FitsColumn.Int64s("K", [long.MinValue + 1, 0, 1L << 60]))
            .Add(FitsColumn.Singles("E", [1.5f, float.NaN, -3f], unit: "mag"))
            .Add(FitsColumn.Doubles("D", [Math.PI, -1e300, 0]))
            .Add(FitsColumn.Doubles("ARR", Enumerable.Range(0, 24).Select(i => i * 0.5).ToArray(), repeat: 8))
            .Add(FitsColumn.Strings("NAME", ["a", "O'B", "twelve chars"]));
        FitsFile.WriteAtomically(path, w =>
        {
            w.WriteImage(new FitsImage([6, 4], f32) { Header = header });
            foreach (var s in storages) w.WriteImage(new FitsImage([6, 4], ints), s, extname: s.ToString().ToUpperInvariant());
            w.WriteTable(table, "CAT");
        });

        var hdus = ReadWithAstropy(path).EnumerateArray().ToList();
        Assert.Equal(2 + storages.Length, hdus.Count);
        AssertValues(f32.Select(v => (double)v).ToArray(), hdus[0].GetProperty("values"));
        Assert.Equal([6, 4], hdus[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        var cards = hdus[0].GetProperty("cards").EnumerateArray().ToDictionary(c => c.GetProperty("keyword").GetString()!, c => c, StringComparer.Ordinal);
        Assert.Equal("O'Brien's galaxy", cards["OBJECT"].GetProperty("value").GetString());
        Assert.Equal(header.GetString("LONGSTR"), cards["LONGSTR"].GetProperty("value").GetString());
        Assert.Equal("[s] exposure time", cards["EXPTIME"].GetProperty("comment").GetString());
        Assert.Equal(1234.5, cards["EXPTIME"].GetProperty("value").GetDouble());
        Assert.False(cards["FLAT"].GetProperty("value").GetBoolean());
        Assert.Equal(JsonValueKind.Null, cards["EMPTY"].GetProperty("value").ValueKind);
        for (var i = 0; i < storages.Length; i++)
        {
            Assert.Equal(storages[i].ToString().ToUpperInvariant(), hdus[1 + i].GetProperty("name").GetString());
            AssertValues(ints, hdus[1 + i].GetProperty("values"));
        }
        var cols = hdus[^1].GetProperty("columns");
        Assert.Equal([1.0, 0, 1], cols.GetProperty("FLAG").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal([0.0, 40000, 65535], cols.GetProperty("U").EnumerateArray().Select(e => e.GetDouble()).ToArray());
        Assert.Equal([long.MinValue + 1, 0, 1L << 60], cols.GetProperty("K").EnumerateArray().Select(e => e.GetInt64()).ToArray());
        AssertValues([1.5, double.NaN, -3], cols.GetProperty("E"));
        // astropy applies TSCAL/TZERO but leaves the TNULL row as its scaled raw value (0 * 0.5 + 10).
        AssertValues([6.5, 10, int.MaxValue * 0.5 + 10], cols.GetProperty("J"));
        Assert.Contains(hdus[^1].GetProperty("cards").EnumerateArray(), c => c.GetProperty("keyword").GetString() == "TNULL5" && c.GetProperty("value").GetInt64() == 0);
        AssertValues(Enumerable.Range(0, 24).Select(i => i * 0.5).ToArray(), cols.GetProperty("ARR"));
        Assert.Equal(new[] { "a", "O'B", "twelve chars" }, cols.GetProperty("NAME").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    internal static void AssertValues(double[] expected, JsonElement actual)
    {
        var a = actual.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? double.NaN : e.GetDouble()).ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (var i = 0; i < a.Length; i++)
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(a[i]), $"value {i}: expected NaN, got {a[i]}");
            else Assert.Equal(expected[i], a[i]);
    }
}
