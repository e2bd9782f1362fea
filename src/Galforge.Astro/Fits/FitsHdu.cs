namespace Galforge.Astro.Fits;

/// <summary>
/// Where one HDU lies in a file and what its header says: kind, name, data type and shape.
/// The data is not loaded; <see cref="FitsReader"/> reads it on request.
/// </summary>
public sealed class FitsHdu
{
    internal FitsHdu(int index, FitsHeader header, FitsHduKind kind, long headerOffset, long dataOffset, long dataBytes)
    {
        Index = index;
        Header = header;
        Kind = kind;
        HeaderOffset = headerOffset;
        DataOffset = dataOffset;
        DataBytes = dataBytes;
    }

    /// <summary>Position in the file, 0 for the primary HDU.</summary>
    public int Index { get; }

    /// <summary>The header cards.</summary>
    public FitsHeader Header { get; }

    /// <summary>What the HDU holds.</summary>
    public FitsHduKind Kind { get; }

    /// <summary>Byte offset of the header in the file.</summary>
    public long HeaderOffset { get; }

    /// <summary>Byte offset of the data in the file.</summary>
    public long DataOffset { get; }

    /// <summary>Bytes of data (main table plus heap for tables), without block padding.</summary>
    public long DataBytes { get; }

    /// <summary>EXTNAME, or "PRIMARY" for the primary HDU without one, or "" for unnamed extensions.</summary>
    public string Name => Header.GetString("EXTNAME") ?? (Index == 0 ? "PRIMARY" : "");

    /// <summary>True for images (primary, IMAGE extension or tile-compressed) with at least one axis.</summary>
    public bool IsImage => Kind is FitsHduKind.Primary or FitsHduKind.Image or FitsHduKind.CompressedImage && Axes.Length > 0;

    /// <summary>
    /// BITPIX of the image (for compressed images, ZBITPIX: the type of the uncompressed image).
    /// </summary>
    public int BitPix => Kind == FitsHduKind.CompressedImage ? Header.GetInt("ZBITPIX") : Header.GetInt("BITPIX");

    /// <summary>
    /// Axis lengths NAXIS1..NAXISn (NAXIS1 varies fastest); for compressed images ZNAXISn, the
    /// shape of the uncompressed image; for tables {row bytes, rows}.
    /// </summary>
    public int[] Axes
    {
        get
        {
            var prefix = Kind == FitsHduKind.CompressedImage ? "ZNAXIS" : "NAXIS";
            var n = Header.GetInt(prefix);
            var axes = new int[n];
            for (var i = 0; i < n; i++) axes[i] = Header.GetInt(prefix + (i + 1));
            return axes;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"HDU {Index} {Kind} '{Name}' [{string.Join(" x ", Axes)}]";
}
