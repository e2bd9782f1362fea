namespace Galforge.Astro.Fits;

/// <summary>What a FITS header card holds (FITS Standard 4.0, section 4.1).</summary>
public enum FitsCardKind
{
    /// <summary>A logical value, T or F.</summary>
    Logical,
    /// <summary>An integer value (fits a 64-bit signed integer).</summary>
    Integer,
    /// <summary>A floating-point value.</summary>
    Float,
    /// <summary>A character string (quoted; long strings use the CONTINUE convention).</summary>
    String,
    /// <summary>A keyword with a value indicator but no value (undefined).</summary>
    Undefined,
    /// <summary>A COMMENT card: free text.</summary>
    Comment,
    /// <summary>A HISTORY card: free text.</summary>
    History,
    /// <summary>A card with a blank keyword: free text (often empty).</summary>
    Blank,
    /// <summary>Any other card without a value indicator (commentary keyword), or a value we keep verbatim (complex numbers).</summary>
    Other,
}
