using Galforge.Engine.Kernels;

namespace Galforge.Engine.Native;

/// <summary>How tensors are laid out while oneDNN computes a convolution.</summary>
public enum OneDnnLayout
{
    /// <summary>
    /// Per geometry and pass, whichever of <see cref="Blocked"/> and <see cref="Plain"/> measured
    /// faster on the reference-model layers (docs/native-backend.md): blocked, except plain for
    /// 1x1 kernels with few channels on large images and for the input gradient of layers with
    /// very few input channels, where blocking pads 3-4 channels to 16. The rule is fixed (not
    /// timed at run time), so results are reproducible run to run.
    /// </summary>
    Auto,

    /// <summary>
    /// oneDNN picks its preferred (usually channel-blocked, e.g. nChw16c) layouts; inputs are
    /// reordered from plain NCHW/OIHW before and outputs back after each call.
    /// </summary>
    Blocked,

    /// <summary>oneDNN computes directly on plain NCHW/OIHW buffers (no reorders).</summary>
    Plain,
}

/// <summary>The fixed rule behind <see cref="OneDnnLayout.Auto"/>.</summary>
internal static class OneDnnLayoutRule
{
    /// <summary>The concrete layout (never Auto) to compute <paramref name="pass"/> of <paramref name="g"/> in.</summary>
    public static OneDnnLayout Resolve(OneDnnLayout requested, in Conv2dGeometry g, ConvolutionPass pass)
    {
        if (requested != OneDnnLayout.Auto) return requested;
        // 1x1 "to RGB"/"from RGB" layers: blocking pads 3 channels to 16 and the reorders cost
        // more than the arithmetic; plain is 3-4x faster on 64x64 images (not on 1x1 images).
        if (g.KH == 1 && g.KW == 1 && Math.Min(g.C, g.O) < 16 && (long)g.OH * g.OW >= 256)
            return OneDnnLayout.Plain;
        // Input gradient of a first layer (e.g. 4 bands): plain is about 2x faster.
        if (pass == ConvolutionPass.BackwardData && g.C < 8)
            return OneDnnLayout.Plain;
        return OneDnnLayout.Blocked;
    }
}
