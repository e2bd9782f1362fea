using System.Globalization;
using System.Text;

namespace Galforge.Astro.Fits;

/// <summary>
/// The ordered cards of one HDU header (without END). Reads and writes all card kinds of the FITS
/// Standard 4.0: logical, integer, float, quoted strings ('' escapes), undefined values, COMMENT,
/// HISTORY, blank cards and long strings with the CONTINUE convention. Comments (and the
/// "[unit]" convention inside them) are kept on a read-write round trip.
/// </summary>
public sealed class FitsHeader
{
    /// <summary>Bytes per card.</summary>
    public const int CardLength = 80;

    /// <summary>Bytes per FITS block.</summary>
    public const int BlockLength = 2880;

    private readonly List<FitsCard> _cards = new();

    /// <summary>An empty header.</summary>
    public FitsHeader() { }

    /// <summary>A header holding copies of the given cards in order.</summary>
    public FitsHeader(IEnumerable<FitsCard> cards) => _cards.AddRange(cards);

    /// <summary>Where this header came from ("file.fits HDU 2"), used to name it in error messages.</summary>
    public string Context { get; set; } = "header";

    /// <summary>The cards in order (END excluded).</summary>
    public IReadOnlyList<FitsCard> Cards => _cards;

    /// <summary>Number of cards.</summary>
    public int Count => _cards.Count;

    /// <summary>Appends a card (duplicates allowed; use <see cref="Set(FitsCard)"/> to replace).</summary>
    public void Add(FitsCard card) => _cards.Add(card);

    /// <summary>Replaces the first card with the same keyword (keeping its place) or appends it.</summary>
    public void Set(FitsCard card)
    {
        var i = IndexOf(card.Keyword);
        if (i >= 0 && !card.IsCommentary) _cards[i] = card; else _cards.Add(card);
    }

    /// <summary>Removes every card with this keyword; returns how many were removed.</summary>
    public int Remove(string keyword) => _cards.RemoveAll(c => string.Equals(c.Keyword, keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>Index of the first card with this keyword (case-insensitive), or -1.</summary>
    public int IndexOf(string keyword)
    {
        for (var i = 0; i < _cards.Count; i++)
            if (string.Equals(_cards[i].Keyword, keyword, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>True when a card with this keyword exists.</summary>
    public bool Contains(string keyword) => IndexOf(keyword) >= 0;

    /// <summary>The first card with this keyword, or null.</summary>
    public FitsCard? Find(string keyword)
    {
        var i = IndexOf(keyword);
        return i >= 0 ? _cards[i] : null;
    }

    /// <summary>The integer value of a required keyword.</summary>
    /// <exception cref="BadInputException">The card is missing or not an integer.</exception>
    public long GetLong(string keyword)
    {
        var card = Find(keyword) ?? throw new BadInputException($"{Context}: required card {keyword} is missing");
        if (card.Value is long l) return l;
        if (card.Value is double d && d == Math.Floor(d) && Math.Abs(d) < 9e15) return (long)d;
        throw new BadInputException($"{Context}: card {keyword} = {Describe(card)}, expected an integer");
    }

    /// <summary>The integer value of a keyword, or the default when it is absent.</summary>
    public long GetLong(string keyword, long defaultValue) => Contains(keyword) ? GetLong(keyword) : defaultValue;

    /// <summary>The 32-bit integer value of a required keyword.</summary>
    public int GetInt(string keyword)
    {
        var v = GetLong(keyword);
        if (v is < int.MinValue or > int.MaxValue)
            throw new BadInputException($"{Context}: card {keyword} = {v} is out of range, expected a 32-bit integer");
        return (int)v;
    }

    /// <summary>The 32-bit integer value of a keyword, or the default when absent.</summary>
    public int GetInt(string keyword, int defaultValue) => Contains(keyword) ? GetInt(keyword) : defaultValue;

    /// <summary>The numeric value of a keyword, or the default when absent.</summary>
    public double GetDouble(string keyword, double defaultValue)
    {
        var card = Find(keyword);
        if (card is null) return defaultValue;
        return card.Value switch
        {
            long l => l,
            double d => d,
            _ => throw new BadInputException($"{Context}: card {keyword} = {Describe(card)}, expected a number"),
        };
    }

    /// <summary>The numeric value of a required keyword.</summary>
    public double GetDouble(string keyword)
    {
        if (!Contains(keyword)) throw new BadInputException($"{Context}: required card {keyword} is missing");
        return GetDouble(keyword, 0);
    }

    /// <summary>The string value of a keyword (trailing blanks removed), or the default when absent.</summary>
    public string? GetString(string keyword, string? defaultValue = null)
    {
        var card = Find(keyword);
        if (card is null) return defaultValue;
        if (card.Value is string s && card.Kind == FitsCardKind.String) return s.TrimEnd();
        throw new BadInputException($"{Context}: card {keyword} = {Describe(card)}, expected a quoted string");
    }

    /// <summary>The logical value of a keyword, or the default when absent.</summary>
    public bool GetBool(string keyword, bool defaultValue)
    {
        var card = Find(keyword);
        if (card is null) return defaultValue;
        if (card.Value is bool b) return b;
        throw new BadInputException($"{Context}: card {keyword} = {Describe(card)}, expected T or F");
    }

    /// <summary>Sets (replaces or appends) an integer card.</summary>
    public void Set(string keyword, long value, string? comment = null) => Set(FitsCard.Integer(keyword, value, comment ?? Find(keyword)?.Comment));

    /// <summary>Sets (replaces or appends) a float card.</summary>
    public void Set(string keyword, double value, string? comment = null) => Set(FitsCard.Float(keyword, value, comment ?? Find(keyword)?.Comment));

    /// <summary>Sets (replaces or appends) a string card.</summary>
    public void Set(string keyword, string value, string? comment = null) => Set(FitsCard.String(keyword, value, comment ?? Find(keyword)?.Comment));

    /// <summary>Sets (replaces or appends) a logical card.</summary>
    public void Set(string keyword, bool value, string? comment = null) => Set(FitsCard.Logical(keyword, value, comment ?? Find(keyword)?.Comment));

    /// <summary>A copy of this header.</summary>
    public FitsHeader Clone() => new(_cards) { Context = Context };

    private static string Describe(FitsCard card) => card.Kind switch
    {
        FitsCardKind.String => $"'{card.Value}'",
        FitsCardKind.Logical => (bool)card.Value! ? "T" : "F",
        FitsCardKind.Undefined => "(undefined)",
        _ => Convert.ToString(card.Value, CultureInfo.InvariantCulture) ?? "",
    };

    // ---------------------------------------------------------------- writing

    /// <summary>The header as 80-character card images, END included, not padded.</summary>
    public List<string> ToCardImages()
    {
        var lines = new List<string>(_cards.Count + 1);
        foreach (var card in _cards) FormatCard(card, lines);
        lines.Add("END".PadRight(CardLength));
        return lines;
    }

    /// <summary>The header bytes, END included, padded with blanks to whole 2880-byte blocks.</summary>
    public byte[] ToBytes()
    {
        var lines = ToCardImages();
        var blocks = (lines.Count * CardLength + BlockLength - 1) / BlockLength;
        var bytes = new byte[blocks * BlockLength];
        bytes.AsSpan().Fill((byte)' ');
        for (var i = 0; i < lines.Count; i++)
            Encoding.ASCII.GetBytes(lines[i], bytes.AsSpan(i * CardLength, CardLength));
        return bytes;
    }

    private static void FormatCard(FitsCard card, List<string> lines)
    {
        if (card.IsCommentary)
        {
            var text = (string?)card.Value ?? "";
            var key = card.Keyword.PadRight(8);
            // Free text longer than one card continues on further cards with the same keyword.
            do
            {
                var piece = text.Length > 72 ? text[..72] : text;
                lines.Add(Pad(key + piece));
                text = text[piece.Length..];
            } while (text.Length > 0);
            return;
        }

        var head = card.Keyword.PadRight(8) + "= ";
        if (card.Kind == FitsCardKind.String)
        {
            FormatString(head, (string)card.Value!, card.Comment, lines);
            return;
        }
        var value = card.Kind switch
        {
            FitsCardKind.Logical => ((bool)card.Value! ? "T" : "F").PadLeft(20),
            FitsCardKind.Integer => ((long)card.Value!).ToString(CultureInfo.InvariantCulture).PadLeft(20),
            FitsCardKind.Float => FormatFloat((double)card.Value!).PadLeft(20),
            _ => "".PadLeft(20),
        };
        lines.Add(WithComment(head + value, card.Comment));
    }

    /// <summary>Formats a double so it parses back to the same bits and reads as a FITS real (always a '.' or exponent).</summary>
    internal static string FormatFloat(double v)
    {
        var s = v.ToString("R", CultureInfo.InvariantCulture);
        var e = s.IndexOf('E');
        if (s.IndexOf('.') < 0)
            s = e >= 0 ? s.Insert(e, ".0") : s + ".0";
        return s;
    }

    private static void FormatString(string head, string value, string? comment, List<string> lines)
    {
        var escaped = value.Replace("'", "''");
        // Short strings: one card, padded to at least 8 characters inside the quotes (FITS 4.2.1).
        var quoted = "'" + escaped.PadRight(8) + "'";
        var single = head + quoted.PadRight(20);
        if (escaped.Length <= 68 && (comment is null || single.Length + 3 + comment.Length <= CardLength))
        {
            lines.Add(WithComment(single, comment));
            return;
        }
        // Long strings: CONTINUE convention. Each piece ends in '&'; never split a '' escape.
        var prefix = head;
        var rest = escaped;
        while (rest.Length > 0)
        {
            if (rest.Length <= 67)
            {
                var last = prefix + "'" + rest + "'";
                if (comment is not null && last.Length + 3 + comment.Length > CardLength)
                {
                    // The comment does not fit beside the last piece: continue with an empty piece that carries it.
                    lines.Add(Pad(prefix + "'" + rest + "&'"));
                    lines.Add(WithComment("CONTINUE  ''", comment));
                }
                else
                    lines.Add(WithComment(last, comment));
                return;
            }
            var take = 67;
            // Count quotes at the end of the piece: an odd run would split an escaped quote.
            var run = 0;
            while (run < take && rest[take - 1 - run] == '\'') run++;
            if (run % 2 == 1) take--;
            lines.Add(Pad(prefix + "'" + rest[..take] + "&'"));
            rest = rest[take..];
            prefix = "CONTINUE  ";
        }
    }

    private static string WithComment(string valuePart, string? comment)
    {
        if (comment is null) return Pad(valuePart);
        var line = valuePart + " / " + comment;
        return line.Length > CardLength ? line[..CardLength] : Pad(line);
    }

    private static string Pad(string s) => s.Length > CardLength ? s[..CardLength] : s.PadRight(CardLength);

    // ---------------------------------------------------------------- reading

    /// <summary>
    /// Parses card images (80 ASCII characters each, END excluded). CONTINUE cards following a
    /// string ending in '&amp;' are joined into that string.
    /// </summary>
    /// <exception cref="BadInputException">A card cannot be parsed; the message names the context, card number and keyword.</exception>
    public static FitsHeader Parse(IReadOnlyList<string> cardImages, string context)
    {
        var header = new FitsHeader { Context = context };
        for (var i = 0; i < cardImages.Count; i++)
        {
            var card = ParseCard(cardImages[i], context, i + 1);
            if (card.Kind == FitsCardKind.String)
            {
                var s = (string)card.Value!;
                var comment = card.Comment;
                while (s.EndsWith('&') && i + 1 < cardImages.Count && cardImages[i + 1].StartsWith("CONTINUE", StringComparison.Ordinal))
                {
                    i++;
                    var (piece, pieceComment) = ParseContinue(cardImages[i], context, i + 1);
                    s = s[..^1] + piece;
                    if (pieceComment is not null) comment = comment is null ? pieceComment : comment + " " + pieceComment;
                }
                if (!ReferenceEquals(s, card.Value) || comment != card.Comment)
                    card = FitsCard.String(card.Keyword, s, comment);
            }
            header._cards.Add(card);
        }
        return header;
    }

    private static (string Value, string? Comment) ParseContinue(string line, string context, int number)
    {
        var rest = line.Length > 8 ? line[8..] : "";
        var trimmed = rest.TrimStart();
        if (!trimmed.StartsWith('\''))
            throw new BadInputException($"{context}: card {number} (CONTINUE) holds no quoted string, expected the next piece of a long string");
        var (value, after) = ParseQuoted(trimmed, context, number, "CONTINUE");
        return (value, ParseComment(after));
    }

    private static FitsCard ParseCard(string line, string context, int number)
    {
        if (line.Length < CardLength) line = line.PadRight(CardLength);
        var keyword = line[..8].TrimEnd();
        foreach (var ch in line)
            if (ch < 32 || ch > 126)
                throw new BadInputException($"{context}: card {number} ({keyword}) contains a non-printable character ({(int)ch}), expected ASCII text");
        if (keyword.Length == 0) return FitsCard.Blank(line[8..].TrimEnd());
        if (keyword == "COMMENT") return FitsCard.CommentCard(line[8..].TrimEnd());
        if (keyword == "HISTORY") return FitsCard.History(line[8..].TrimEnd());
        if (line[8] != '=' || line[9] != ' ' || keyword == "CONTINUE" || !IsStandardKeyword(keyword))
            return OtherCard(keyword, line[8..].TrimEnd());

        var field = line[10..];
        var t = field.TrimStart();
        if (t.StartsWith('\''))
        {
            var (value, after) = ParseQuoted(t, context, number, keyword);
            return FitsCard.String(keyword, value, ParseComment(after));
        }
        var slash = t.IndexOf('/');
        var token = (slash >= 0 ? t[..slash] : t).Trim();
        var comment = slash >= 0 ? t[(slash + 1)..].Trim() : null;
        if (token.Length == 0) return FitsCard.Undefined(keyword, comment);
        if (token == "T") return FitsCard.Logical(keyword, true, comment);
        if (token == "F") return FitsCard.Logical(keyword, false, comment);
        if (token.StartsWith('(')) return OtherCard(keyword, line[8..].TrimEnd()); // complex: kept verbatim
        if (IsInteger(token) && long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            return FitsCard.Integer(keyword, l, comment);
        var f = token.Replace('D', 'E').Replace('d', 'e');
        if (double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
            return FitsCard.Float(keyword, d, comment);
        throw new BadInputException($"{context}: card {number} ({keyword}) has value '{token}', expected T, F, a number or a quoted string");
    }

    // Kept verbatim, even with a keyword outside the standard character set, so it round-trips.
    private static FitsCard OtherCard(string keyword, string text) => FitsCard.OtherUnchecked(keyword, text);

    private static bool IsStandardKeyword(string keyword)
    {
        foreach (var ch in keyword)
            if (!(ch is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_')) return false;
        return true;
    }

    private static bool IsInteger(string token)
    {
        var start = token[0] is '+' or '-' ? 1 : 0;
        if (start == token.Length) return false;
        for (var i = start; i < token.Length; i++)
            if (token[i] is < '0' or > '9') return false;
        return true;
    }

    private static (string Value, string After) ParseQuoted(string t, string context, int number, string keyword)
    {
        var sb = new StringBuilder();
        var i = 1;
        while (true)
        {
            if (i >= t.Length)
                throw new BadInputException($"{context}: card {number} ({keyword}) has a string without its closing quote, expected '...'");
            if (t[i] == '\'')
            {
                if (i + 1 < t.Length && t[i + 1] == '\'') { sb.Append('\''); i += 2; continue; }
                i++;
                break;
            }
            sb.Append(t[i++]);
        }
        // Trailing blanks inside the quotes are not significant (FITS 4.2.1); leading ones are.
        return (sb.ToString().TrimEnd(' '), t[i..]);
    }

    private static string? ParseComment(string after)
    {
        var slash = after.IndexOf('/');
        return slash >= 0 ? after[(slash + 1)..].Trim() : null;
    }
}
