namespace Galforge.Astro.Datasets;

/// <summary>
/// Bits of the per-pixel dataset mask (uint8). A pixel with any bit set must not be trusted as
/// data of the galaxy; its value is replaced by noise of the band's sigma, never left as zero.
/// </summary>
public static class MaskBits
{
    /// <summary>No flag: a good pixel of the galaxy or its sky.</summary>
    public const byte None = 0;

    /// <summary>Bad pixel in the source image (NaN, saturated, flagged by the survey).</summary>
    public const byte Bad = 1;

    /// <summary>Belongs to a neighbouring source (segmentation), replaced by noise.</summary>
    public const byte Neighbour = 2;

    /// <summary>The whole band is missing for this galaxy; pixels are noise (or zero when sigma is unknown).</summary>
    public const byte MissingBand = 4;

    /// <summary>Outside the original stamp: padding filled with noise of the band's sigma.</summary>
    public const byte Padded = 8;
}
