using System.Globalization;

namespace Galforge.Astro.Fits;

/// <summary>
/// One header card: keyword, value and comment. Long string values (the CONTINUE convention) are
/// held as one card; <see cref="FitsHeader"/> splits and joins them when writing and reading.
/// </summary>
public sealed class FitsCard
{
    private FitsCard(string keyword, FitsCardKind kind, object? value, string? comment)
    {
        Keyword = keyword;
        Kind = kind;
        Value = value;
        Comment = comment;
    }

    /// <summary>The keyword, upper case, without trailing blanks ("" for blank cards).</summary>
    public string Keyword { get; }

    /// <summary>What the card holds.</summary>
    public FitsCardKind Kind { get; }

    /// <summary>
    /// The value: bool (Logical), long (Integer), double (Float), string (String), null (Undefined);
    /// for commentary cards (COMMENT, HISTORY, blank, other) the free text as a string.
    /// </summary>
    public object? Value { get; }

    /// <summary>The comment after '/', without the separator; null when there is none. By convention a leading "[unit]" gives the unit.</summary>
    public string? Comment { get; }

    /// <summary>The unit written as a leading "[unit]" in the comment (FITS Standard 4.3.2), or null.</summary>
    public string? Unit
    {
        get
        {
            if (Comment is null || !Comment.StartsWith('[')) return null;
            var end = Comment.IndexOf(']');
            return end > 0 ? Comment[1..end] : null;
        }
    }

    /// <summary>True for COMMENT, HISTORY, blank and other cards that have text rather than a value.</summary>
    public bool IsCommentary => Kind is FitsCardKind.Comment or FitsCardKind.History or FitsCardKind.Blank or FitsCardKind.Other;

    /// <summary>A logical card.</summary>
    public static FitsCard Logical(string keyword, bool value, string? comment = null) => new(CheckKeyword(keyword), FitsCardKind.Logical, value, comment);

    /// <summary>An integer card.</summary>
    public static FitsCard Integer(string keyword, long value, string? comment = null) => new(CheckKeyword(keyword), FitsCardKind.Integer, value, comment);

    /// <summary>A floating-point card; the value must be finite (FITS headers cannot hold NaN or infinity).</summary>
    public static FitsCard Float(string keyword, double value, string? comment = null)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"header card {keyword}: {value} cannot be written in a FITS header (finite numbers only)", nameof(value));
        return new(CheckKeyword(keyword), FitsCardKind.Float, value, comment);
    }

    /// <summary>A string card (any length; printable ASCII only).</summary>
    public static FitsCard String(string keyword, string value, string? comment = null)
    {
        foreach (var ch in value)
            if (ch < 32 || ch > 126)
                throw new ArgumentException($"header card {keyword}: string values must be printable ASCII, found character {(int)ch}", nameof(value));
        return new(CheckKeyword(keyword), FitsCardKind.String, value, comment);
    }

    /// <summary>A keyword with an undefined value.</summary>
    public static FitsCard Undefined(string keyword, string? comment = null) => new(CheckKeyword(keyword), FitsCardKind.Undefined, null, comment);

    /// <summary>A COMMENT card.</summary>
    public static FitsCard CommentCard(string text) => new("COMMENT", FitsCardKind.Comment, CheckText(text), null);

    /// <summary>A HISTORY card.</summary>
    public static FitsCard History(string text) => new("HISTORY", FitsCardKind.History, CheckText(text), null);

    /// <summary>A blank-keyword card with optional text.</summary>
    public static FitsCard Blank(string text = "") => new("", FitsCardKind.Blank, CheckText(text), null);

    /// <summary>A commentary card with another keyword (no value indicator), or a value kept verbatim.</summary>
    public static FitsCard Other(string keyword, string text) => new(CheckKeyword(keyword), FitsCardKind.Other, text, null);

    internal static FitsCard OtherUnchecked(string keyword, string text) => new(keyword, FitsCardKind.Other, text, null);

    /// <summary>The value as a double (Integer or Float cards).</summary>
    public double AsDouble() => Value switch
    {
        long l => l,
        double d => d,
        _ => throw new InvalidOperationException($"card {Keyword} holds {Kind}, not a number"),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        FitsCardKind.Logical => $"{Keyword} = {((bool)Value! ? "T" : "F")}",
        FitsCardKind.Integer => $"{Keyword} = {(long)Value!}",
        FitsCardKind.Float => $"{Keyword} = {((double)Value!).ToString("R", CultureInfo.InvariantCulture)}",
        FitsCardKind.String => $"{Keyword} = '{Value}'",
        FitsCardKind.Undefined => $"{Keyword} =",
        _ => $"{Keyword} {Value}",
    } + (Comment is null ? "" : " / " + Comment);

    private static string CheckKeyword(string keyword)
    {
        if (keyword.Length is 0 or > 8)
            throw new ArgumentException($"FITS keyword '{keyword}' must have 1 to 8 characters", nameof(keyword));
        foreach (var ch in keyword)
            if (!(ch is >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_'))
                throw new ArgumentException($"FITS keyword '{keyword}' may only use A-Z, 0-9, '-' and '_'", nameof(keyword));
        return keyword;
    }

    private static string CheckText(string text)
    {
        foreach (var ch in text)
            if (ch < 32 || ch > 126)
                throw new ArgumentException($"header text must be printable ASCII, found character {(int)ch}", nameof(text));
        return text;
    }
}
