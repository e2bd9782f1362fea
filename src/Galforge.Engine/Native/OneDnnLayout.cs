namespace Galforge.Engine.Native;

/// <summary>How tensors are laid out while oneDNN computes a convolution.</summary>
public enum OneDnnLayout
{
    /// <summary>
    /// oneDNN picks its preferred (usually channel-blocked, e.g. nChw16c) layouts; inputs are
    /// reordered from plain NCHW/OIHW before and outputs back after each call.
    /// </summary>
    Blocked,

    /// <summary>oneDNN computes directly on plain NCHW/OIHW buffers (no reorders).</summary>
    Plain,
}
