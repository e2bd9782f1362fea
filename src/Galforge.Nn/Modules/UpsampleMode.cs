namespace Galforge.Nn;

/// <summary>How <see cref="Upsample"/> interpolates.</summary>
public enum UpsampleMode
{
    /// <summary>Each pixel repeated into a 2x2 block.</summary>
    Nearest,

    /// <summary>Bilinear with PyTorch's align_corners=False rule.</summary>
    Bilinear,
}
