using System.Globalization;

namespace Galforge.Astro.Fits;

/// <summary>
/// Writes a FITS file HDU by HDU: the first image becomes the primary HDU, later ones IMAGE
/// extensions; a table written first gets an empty primary HDU before it. Pixels are written
/// big-endian in chunks, so memory stays flat however large the image.
/// </summary>
public sealed class FitsWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    /// <summary>Writes to a stream.</summary>
    public FitsWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Number of HDUs written so far.</summary>
    public int HduCount { get; private set; }

    /// <summary>Writes an empty primary HDU (NAXIS = 0) with optional extra cards.</summary>
    public void WriteEmptyPrimary(FitsHeader? extra = null)
    {
        if (HduCount != 0) throw new InvalidOperationException("the primary HDU has already been written");
        var h = new FitsHeader();
        h.Add(FitsCard.Logical("SIMPLE", true, "conforms to FITS standard"));
        h.Add(FitsCard.Integer("BITPIX", 8, "array data type"));
        h.Add(FitsCard.Integer("NAXIS", 0, "number of array dimensions"));
        h.Add(FitsCard.Logical("EXTEND", true));
        if (extra is not null)
            foreach (var card in extra.Cards)
                if (!IsStructural(card.Keyword, table: false)) h.Add(card);
        _stream.Write(h.ToBytes());
        HduCount++;
    }

    /// <summary>
    /// Writes an image: the primary HDU if nothing was written yet, else an IMAGE extension.
    /// The image's own header cards are written after the structural ones.
    /// </summary>
    /// <param name="image">The pixels and extra header cards.</param>
    /// <param name="storage">On-disk type; Auto keeps float32/float64.</param>
    /// <param name="extname">EXTNAME to give the HDU, or null.</param>
    public void WriteImage(FitsImage image, FitsStorage storage = FitsStorage.Auto, string? extname = null)
    {
        var (bitpix, bzero, blank) = FitsPixelCodec.Layout(storage, image);
        var h = new FitsHeader();
        if (HduCount == 0) h.Add(FitsCard.Logical("SIMPLE", true, "conforms to FITS standard"));
        else h.Add(FitsCard.String("XTENSION", "IMAGE", "image extension"));
        h.Add(FitsCard.Integer("BITPIX", bitpix, "array data type"));
        h.Add(FitsCard.Integer("NAXIS", image.Axes.Length, "number of array dimensions"));
        for (var i = 0; i < image.Axes.Length; i++)
            h.Add(FitsCard.Integer("NAXIS" + (i + 1).ToString(CultureInfo.InvariantCulture), image.Axes[i]));
        if (HduCount == 0) h.Add(FitsCard.Logical("EXTEND", true));
        else
        {
            h.Add(FitsCard.Integer("PCOUNT", 0, "number of parameters"));
            h.Add(FitsCard.Integer("GCOUNT", 1, "number of groups"));
        }
        if (bzero != 0)
        {
            h.Add(FitsCard.Float("BSCALE", 1.0));
            h.Add(FitsCard.Float("BZERO", bzero));
        }
        if (blank is { } b) h.Add(FitsCard.Integer("BLANK", b, "value of undefined pixels"));
        if (extname is not null) h.Add(FitsCard.String("EXTNAME", extname, "name of this HDU"));
        foreach (var card in image.Header.Cards)
            if (!IsStructural(card.Keyword, table: false) && !(extname is not null && card.Keyword == "EXTNAME"))
                h.Add(card);
        _stream.Write(h.ToBytes());
        FitsPixelCodec.Write(_stream, image, bitpix, bzero, blank);
        FitsPixelCodec.PadToBlock(_stream, image.Length * FitsPixelCodec.BytesPerValue(bitpix));
        HduCount++;
    }

    /// <summary>Writes a BINTABLE extension (after an empty primary HDU if none was written).</summary>
    public void WriteTable(FitsTable table, string? extname = null)
    {
        if (HduCount == 0) WriteEmptyPrimary();
        _stream.Write(table.BuildHeader(extname).ToBytes());
        var n = table.WriteRows(_stream);
        FitsPixelCodec.PadToBlock(_stream, n);
        HduCount++;
    }

    /// <summary>Flushes the stream.</summary>
    public void Flush() => _stream.Flush();

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Flush();
        if (!_leaveOpen) _stream.Dispose();
    }

    /// <summary>
    /// Cards the writer makes itself from the data (never copied from an input header): the
    /// mandatory keywords, scaling, and for tables the column description keywords.
    /// </summary>
    internal static bool IsStructural(string keyword, bool table)
    {
        switch (keyword)
        {
            case "SIMPLE" or "XTENSION" or "BITPIX" or "NAXIS" or "EXTEND" or "PCOUNT" or "GCOUNT" or "END" or "BSCALE" or "BZERO" or "BLANK" or "TFIELDS" or "THEAP":
                return true;
        }
        if (keyword.StartsWith("NAXIS", StringComparison.Ordinal) && keyword.Length > 5 && char.IsAsciiDigit(keyword[5])) return true;
        if (table)
            foreach (var prefix in s_columnKeywords)
                if (keyword.StartsWith(prefix, StringComparison.Ordinal) && keyword.Length > prefix.Length && char.IsAsciiDigit(keyword[prefix.Length]))
                    return true;
        return false;
    }

    private static readonly string[] s_columnKeywords = ["TTYPE", "TFORM", "TUNIT", "TSCAL", "TZERO", "TNULL", "TDIM", "TDISP"];
}
