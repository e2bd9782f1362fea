using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Galforge.Astro.Fits;
using Xunit;

namespace Galforge.Astro.Tests.Fits;

/// <summary>FsCheck properties: any header and any table we can build survive a write-read round trip unchanged.</summary>
public class FitsPropertyTests
{
    private static readonly string[] s_reserved = ["SIMPLE", "XTENSION", "BITPIX", "NAXIS", "EXTEND", "PCOUNT", "GCOUNT", "END", "COMMENT", "HISTORY", "CONTINUE", "BSCALE", "BZERO", "BLANK", "TFIELDS", "THEAP", "HIERARCH"];

    private static Gen<string> Printable(int min, int max) =>
        Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(Gen.Choose(32, 126).Select(c => (char)c), n)).Select(a => new string(a));

    private static readonly Gen<string> s_keyword =
        Gen.Choose(1, 8).SelectMany(n => Gen.ArrayOf(Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_".ToCharArray()), n))
            .Select(a => new string(a)).Where(k => !s_reserved.Contains(k) && !k.StartsWith("NAXIS", StringComparison.Ordinal));

    // Comments lose leading/trailing blanks on reading (FITS gives them no meaning), so generate trimmed ones.
    private static readonly Gen<string?> s_comment = Gen.OneOf(Gen.Constant<string?>(null), Printable(1, 30).Select(s => s.Trim()).Where(s => s.Length > 0).Select(s => (string?)s));

    private static readonly Gen<FitsCard> s_card = Gen.OneOf(
        s_keyword.SelectMany(k => ArbMap.Default.GeneratorFor<bool>().SelectMany(b => s_comment.Select(c => FitsCard.Logical(k, b, c)))),
        s_keyword.SelectMany(k => ArbMap.Default.GeneratorFor<long>().SelectMany(v => s_comment.Select(c => FitsCard.Integer(k, v, c)))),
        s_keyword.SelectMany(k => ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).SelectMany(v => s_comment.Select(c => FitsCard.Float(k, v, c)))),
        // Trailing blanks inside a string are not significant in FITS either.
        s_keyword.SelectMany(k => Printable(0, 200).Select(s => s.TrimEnd()).SelectMany(v => s_comment.Select(c => FitsCard.String(k, v, c)))),
        s_keyword.SelectMany(k => s_comment.Select(c => FitsCard.Undefined(k, c))),
        Printable(0, 72).Select(s => FitsCard.CommentCard(s.TrimEnd())),
        Printable(0, 72).Select(s => FitsCard.History(s.TrimEnd())),
        Printable(0, 72).Select(s => FitsCard.Blank(s.TrimEnd())));

    [Fact]
    public void AnyHeaderRoundTripsThroughCardImages()
    {
        var prop = Prop.ForAll(Gen.ListOf(s_card).Select(l => l.ToArray()).ToArbitrary(), cards =>
        {
            var header = new FitsHeader(cards);
            var bytes = header.ToBytes();
            if (bytes.Length % 2880 != 0) return false;
            var text = Encoding.ASCII.GetString(bytes);
            var lines = new List<string>();
            for (var i = 0; i < text.Length; i += 80)
            {
                var line = text.Substring(i, 80);
                if (line.StartsWith("END ", StringComparison.Ordinal)) break;
                lines.Add(line);
            }
            var back = FitsHeader.Parse(lines, "property");
            if (back.Count != cards.Length) throw new Xunit.Sdk.XunitException($"{cards.Length} cards written, {back.Count} read:\n{string.Join("\n", lines)}");
            for (var i = 0; i < cards.Length; i++)
            {
                var a = cards[i];
                var b = back.Cards[i];
                var same = a.Keyword == b.Keyword && a.Kind == b.Kind && Equals(a.Value, b.Value)
                    // A comment that does not fit on its card is cut; what is kept must be its start.
                    && (a.Comment is null ? b.Comment is null : b.Comment is not null && a.Comment.StartsWith(b.Comment, StringComparison.Ordinal));
                if (!same) throw new Xunit.Sdk.XunitException($"card {i}: wrote [{a}], read [{b}]");
            }
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), prop);
    }

    private static Gen<FitsColumn> ColumnGen(string name, int rows) =>
        Gen.Choose(1, 3).SelectMany(repeat => Gen.Elements('L', 'B', 'I', 'U', 'J', 'K', 'E', 'D', 'A').SelectMany(type => type switch
        {
            'L' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), rows * repeat).Select(v => FitsColumn.Bools(name, v, repeat)),
            'B' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), rows * repeat).Select(v => FitsColumn.Bytes(name, v, repeat)),
            'I' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<short>(), rows * repeat).Select(v => FitsColumn.Int16s(name, v, repeat)),
            'U' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<ushort>(), rows * repeat).Select(v => FitsColumn.UInt16s(name, v, repeat)),
            'J' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<int>(), rows * repeat).Select(v => FitsColumn.Int32s(name, v, repeat)),
            'K' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<long>(), rows * repeat).Select(v => FitsColumn.Int64s(name, v, repeat)),
            'E' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<float>(), rows * repeat).Select(v => FitsColumn.Singles(name, v, repeat, "mag")),
            'D' => Gen.ArrayOf(ArbMap.Default.GeneratorFor<double>(), rows * repeat).Select(v => FitsColumn.Doubles(name, v, repeat)),
            _ => Gen.ArrayOf(Printable(0, 10).Select(s => s.TrimEnd()), rows).Select(v => FitsColumn.Strings(name, v)),
        }));

    [Fact]
    public void AnyTableRoundTripsThroughAFile()
    {
        var tables = Gen.Choose(0, 12).SelectMany(rows => Gen.Choose(1, 6).SelectMany(ncol =>
            Gen.CollectToSequence(Enumerable.Range(0, ncol).Select(i => ColumnGen($"COL_{i}", rows))).Select(cols =>
            {
                var t = new FitsTable(rows);
                foreach (var c in cols) t.Add(c);
                return t;
            })));
        var prop = Prop.ForAll(tables.ToArbitrary(), table =>
        {
            using var ms = new MemoryStream();
            using (var w = new FitsWriter(ms, leaveOpen: true)) w.WriteTable(table, "T");
            ms.Position = 0;
            using var r = new FitsReader(ms, "mem", leaveOpen: true);
            var back = r.ReadTable("t");
            if (back.RowCount != table.RowCount || back.Columns.Count != table.Columns.Count) return false;
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var a = table.Columns[i];
                var b = back.Columns[i];
                if (a.Name != b.Name || a.Form != b.Form || a.Zero != b.Zero || a.Unit != b.Unit) return false;
                if (!a.Data.Cast<object>().SequenceEqual(b.Data.Cast<object>())) return false;
                if (a.Type != 'A' && a.Type != 'L' && !table.GetDoubles(a.Name).SequenceEqual(back.GetDoubles(b.Name))) return false;
            }
            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), prop);
    }
}
