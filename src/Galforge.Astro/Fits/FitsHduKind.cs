namespace Galforge.Astro.Fits;

/// <summary>The kind of a header-data unit.</summary>
public enum FitsHduKind
{
    /// <summary>The primary HDU (an image, possibly with NAXIS = 0).</summary>
    Primary,
    /// <summary>An IMAGE extension.</summary>
    Image,
    /// <summary>A BINTABLE extension.</summary>
    BinaryTable,
    /// <summary>A BINTABLE holding a tile-compressed image (ZIMAGE = T).</summary>
    CompressedImage,
    /// <summary>An ASCII TABLE extension (listed, not decoded).</summary>
    AsciiTable,
    /// <summary>Any other extension type (listed, not decoded).</summary>
    Other,
}
