using System.Text;

namespace Galforge.Astro.Fits;

/// <summary>
/// Reads a FITS file HDU by HDU. Opening scans only the headers (seeking past the data), so a
/// multi-GB file costs a few reads; an HDU's data is read only when asked for, and
/// <see cref="ReadImageRows"/> reads a band of rows without loading the rest. Every problem is
/// a <see cref="BadInputException"/> naming the file, HDU and card.
/// </summary>
public sealed class FitsReader : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly List<FitsHdu> _hdus = new();

    /// <summary>Opens a file for reading.</summary>
    /// <exception cref="BadInputException">The file is missing or is not valid FITS.</exception>
    public static FitsReader Open(string path)
    {
        FileStream fs;
        try
        {
            fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{path}: cannot open FITS file ({e.Message.TrimEnd('.')})", e);
        }
        try
        {
            return new FitsReader(fs, path, leaveOpen: false);
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>Reads from a stream; a non-seekable stream is first copied into memory.</summary>
    /// <param name="stream">The FITS bytes.</param>
    /// <param name="name">Name used in error messages.</param>
    /// <param name="leaveOpen">Leave the stream open on dispose.</param>
    public FitsReader(Stream stream, string name, bool leaveOpen = false)
    {
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            if (!leaveOpen) stream.Dispose();
            stream = copy;
            leaveOpen = false;
        }
        _stream = stream;
        _leaveOpen = leaveOpen;
        FileName = name;
        Scan();
    }

    /// <summary>The file name used in error messages.</summary>
    public string FileName { get; }

    /// <summary>The HDUs in file order.</summary>
    public IReadOnlyList<FitsHdu> Hdus => _hdus;

    /// <summary>The HDU at an index.</summary>
    /// <exception cref="BadInputException">There is no such HDU.</exception>
    public FitsHdu this[int index]
    {
        get
        {
            if (index < 0 || index >= _hdus.Count)
                throw new BadInputException($"{FileName}: HDU {index} does not exist, the file has HDUs 0 to {_hdus.Count - 1}");
            return _hdus[index];
        }
    }

    /// <summary>The first HDU whose EXTNAME matches (case-insensitive; "PRIMARY" names HDU 0), optionally with EXTVER.</summary>
    /// <exception cref="BadInputException">No HDU has that name; the message lists the names there are.</exception>
    public FitsHdu this[string extname, int? extver = null]
    {
        get
        {
            foreach (var hdu in _hdus)
                if (string.Equals(hdu.Name, extname, StringComparison.OrdinalIgnoreCase)
                    && (extver is null || hdu.Header.GetInt("EXTVER", 1) == extver))
                    return hdu;
            var names = new List<string>();
            foreach (var hdu in _hdus) names.Add(hdu.Name.Length > 0 ? hdu.Name : $"#{hdu.Index}");
            throw new BadInputException($"{FileName}: no HDU named '{extname}'{(extver is null ? "" : $" with EXTVER {extver}")}, the file has {string.Join(", ", names)}");
        }
    }

    /// <summary>Reads a whole image HDU (primary, IMAGE or tile-compressed) in physical units.</summary>
    /// <exception cref="BadInputException">The HDU is not an image or its data is damaged.</exception>
    public FitsImage ReadImage(int index)
    {
        var hdu = this[index];
        if (hdu.Kind == FitsHduKind.CompressedImage)
            return TileCompression.Decompress(hdu, ReadTable(index), Context(hdu));
        RequireImage(hdu);
        var axes = hdu.Axes;
        long count = 1;
        foreach (var a in axes) count *= a;
        return ReadPixels(hdu, axes, 0, count);
    }

    /// <summary>Reads a whole image HDU by EXTNAME.</summary>
    public FitsImage ReadImage(string extname) => ReadImage(this[extname].Index);

    /// <summary>
    /// Reads rows <paramref name="firstRow"/> to <paramref name="firstRow"/> + <paramref name="rowCount"/> - 1
    /// of an uncompressed image, counting rows over all higher axes (row r of plane p is row
    /// p * NAXIS2 + r), without reading the rest of the data.
    /// </summary>
    public FitsImage ReadImageRows(int index, long firstRow, int rowCount)
    {
        var hdu = this[index];
        if (hdu.Kind == FitsHduKind.CompressedImage)
            throw new BadInputException($"{Context(hdu)}: reading a band of rows is for uncompressed images; this HDU is tile-compressed, read it whole");
        RequireImage(hdu);
        var axes = hdu.Axes;
        long rows = 1;
        for (var i = 1; i < axes.Length; i++) rows *= axes[i];
        if (firstRow < 0 || rowCount < 1 || firstRow + rowCount > rows)
            throw new BadInputException($"{Context(hdu)}: rows {firstRow} to {firstRow + rowCount - 1} requested, the image has rows 0 to {rows - 1}");
        return ReadPixels(hdu, [axes[0], rowCount], firstRow * axes[0], (long)rowCount * axes[0]);
    }

    /// <summary>Reads a BINTABLE HDU (also the table behind a tile-compressed image).</summary>
    /// <exception cref="BadInputException">The HDU is not a binary table or a column is malformed.</exception>
    public FitsTable ReadTable(int index)
    {
        var hdu = this[index];
        if (hdu.Kind is not (FitsHduKind.BinaryTable or FitsHduKind.CompressedImage))
            throw new BadInputException($"{Context(hdu)}: is {DescribeKind(hdu)}, expected a BINTABLE extension");
        var data = new byte[hdu.DataBytes];
        _stream.Position = hdu.DataOffset;
        _stream.ReadExactly(data);
        return FitsTable.Decode(hdu.Header, data, Context(hdu));
    }

    /// <summary>Reads a BINTABLE HDU by EXTNAME.</summary>
    public FitsTable ReadTable(string extname) => ReadTable(this[extname].Index);

    /// <summary>The first HDU that holds image data (primary if it has axes, else the first image or compressed image extension).</summary>
    /// <exception cref="BadInputException">The file has no image.</exception>
    public FitsHdu FirstImage()
    {
        foreach (var hdu in _hdus)
            if (hdu.IsImage) return hdu;
        throw new BadInputException($"{FileName}: holds no image HDU (HDUs: {string.Join(", ", _hdus.ConvertAll(DescribeKind))})");
    }

    /// <summary>"file.fits HDU 2 'NAME'", used in error messages.</summary>
    public string Context(FitsHdu hdu) => hdu.Header.Context;

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_leaveOpen) _stream.Dispose();
    }

    private FitsImage ReadPixels(FitsHdu hdu, int[] axes, long firstPixel, long count)
    {
        var h = hdu.Header;
        var bitpix = h.GetInt("BITPIX");
        var bscale = h.GetDouble("BSCALE", 1.0);
        var bzero = h.GetDouble("BZERO", 0.0);
        long? blank = bitpix > 0 && h.Contains("BLANK") ? h.GetLong("BLANK") : null;
        _stream.Position = hdu.DataOffset + firstPixel * FitsPixelCodec.BytesPerValue(bitpix);
        return FitsPixelCodec.Read(_stream, axes, count, bitpix, bscale, bzero, blank, h);
    }

    private static void RequireImage(FitsHdu hdu)
    {
        if (hdu.Kind is not (FitsHduKind.Primary or FitsHduKind.Image))
            throw new BadInputException($"{hdu.Header.Context}: is {DescribeKind(hdu)}, expected an image");
        if (hdu.Header.GetInt("NAXIS") == 0)
            throw new BadInputException($"{hdu.Header.Context}: has NAXIS = 0 (no image data), expected an image; try another HDU");
    }

    private static string DescribeKind(FitsHdu hdu) => hdu.Kind switch
    {
        FitsHduKind.Primary => hdu.Header.GetInt("NAXIS") == 0 ? "an empty primary HDU" : "a primary image",
        FitsHduKind.Image => "an IMAGE extension",
        FitsHduKind.BinaryTable => "a BINTABLE",
        FitsHduKind.CompressedImage => "a tile-compressed image",
        FitsHduKind.AsciiTable => "an ASCII TABLE",
        _ => $"an extension of type '{hdu.Header.GetString("XTENSION")}'",
    };

    // ---------------------------------------------------------------- scanning

    private void Scan()
    {
        var length = _stream.Length;
        long offset = 0;
        while (offset < length)
        {
            var index = _hdus.Count;
            var context = $"{FileName} HDU {index}";
            if (index > 0 && !StartsWithXtension(offset, length)) break; // trailing padding or junk after the last HDU
            if (index == 0) CheckSimple(length);
            var (cards, dataOffset) = ReadHeaderCards(offset, length, context);
            if (index == 0 && (cards.Count == 0 || !cards[0].StartsWith("SIMPLE  =", StringComparison.Ordinal)))
                throw new BadInputException($"{FileName}: not a FITS file: first card is '{(cards.Count > 0 ? cards[0].TrimEnd() : "")}', expected SIMPLE = T");
            var header = FitsHeader.Parse(cards, context);
            var name = header.Contains("EXTNAME") && header.Find("EXTNAME")!.Kind == FitsCardKind.String ? header.GetString("EXTNAME") : null;
            if (name is { Length: > 0 }) header.Context = $"{context} '{name}'";
            var kind = Classify(header, index);
            var dataBytes = DataBytes(header);
            if (dataOffset + dataBytes > length)
                throw new BadInputException($"{header.Context}: truncated: the header (BITPIX, NAXISn, PCOUNT, GCOUNT) says {dataBytes} data bytes from offset {dataOffset}, the file ends after {length - dataOffset}");
            _hdus.Add(new FitsHdu(index, header, kind, offset, dataOffset, dataBytes));
            offset = dataOffset + (dataBytes + FitsHeader.BlockLength - 1) / FitsHeader.BlockLength * FitsHeader.BlockLength;
        }
        if (_hdus.Count == 0) throw new BadInputException($"{FileName}: empty file, expected a FITS header starting with SIMPLE = T");
    }

    private void CheckSimple(long length)
    {
        var head = new byte[(int)Math.Min(80, length)];
        _stream.Position = 0;
        _stream.ReadExactly(head);
        var text = Encoding.ASCII.GetString(head);
        if (!text.StartsWith("SIMPLE  =", StringComparison.Ordinal))
        {
            var shown = new string(text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray()).TrimEnd();
            throw new BadInputException($"{FileName}: not a FITS file: first card is '{shown}', expected SIMPLE = T");
        }
    }

    private bool StartsWithXtension(long offset, long length)
    {
        if (length - offset < FitsHeader.CardLength) return false;
        Span<byte> head = stackalloc byte[9];
        _stream.Position = offset;
        _stream.ReadExactly(head);
        return Encoding.ASCII.GetString(head) == "XTENSION=";
    }

    private (List<string> Cards, long DataOffset) ReadHeaderCards(long offset, long length, string context)
    {
        var cards = new List<string>();
        var block = new byte[FitsHeader.BlockLength];
        var position = offset;
        _stream.Position = offset;
        while (true)
        {
            if (length - position < FitsHeader.BlockLength)
            {
                if (length - position > 0)
                    throw new BadInputException($"{context}: truncated header: {length - position} bytes left, expected a whole 2880-byte block ending with an END card");
                throw new BadInputException($"{context}: header has no END card (file ends after {cards.Count} cards), expected END");
            }
            _stream.ReadExactly(block);
            position += FitsHeader.BlockLength;
            for (var i = 0; i < 36; i++)
            {
                var line = Encoding.ASCII.GetString(block, i * 80, 80);
                if (line.StartsWith("END", StringComparison.Ordinal) && line.AsSpan(3).IsWhiteSpace())
                    return (cards, position);
                cards.Add(line);
            }
        }
    }

    private static FitsHduKind Classify(FitsHeader h, int index)
    {
        if (index == 0) return FitsHduKind.Primary;
        var xt = h.GetString("XTENSION") ?? "";
        return xt.Trim() switch
        {
            "IMAGE" or "IUEIMAGE" => FitsHduKind.Image,
            "BINTABLE" or "A3DTABLE" => h.GetBool("ZIMAGE", false) ? FitsHduKind.CompressedImage : FitsHduKind.BinaryTable,
            "TABLE" => FitsHduKind.AsciiTable,
            _ => FitsHduKind.Other,
        };
    }

    private static long DataBytes(FitsHeader h)
    {
        var bitpix = h.GetLong("BITPIX");
        if (!FitsPixelCodec.IsValidBitPix(bitpix))
            throw new BadInputException($"{h.Context}: card BITPIX = {bitpix}, expected 8, 16, 32, 64, -32 or -64");
        var naxis = h.GetLong("NAXIS");
        if (naxis is < 0 or > 999)
            throw new BadInputException($"{h.Context}: card NAXIS = {naxis}, expected 0 to 999");
        if (naxis == 0) return 0;
        long n = 1;
        for (var i = 1; i <= naxis; i++)
        {
            var a = h.GetLong("NAXIS" + i);
            if (a < 0) throw new BadInputException($"{h.Context}: card NAXIS{i} = {a}, expected a length >= 0");
            n = checked(n * a);
        }
        var pcount = h.GetLong("PCOUNT", 0);
        var gcount = h.GetLong("GCOUNT", 1);
        if (pcount < 0 || gcount < 0)
            throw new BadInputException($"{h.Context}: PCOUNT = {pcount}, GCOUNT = {gcount}, expected both >= 0");
        // Random groups (NAXIS1 = 0 in the primary) are not supported; their size still follows this rule.
        return Math.Abs(bitpix) / 8 * gcount * (pcount + n);
    }
}
