namespace Galforge.Astro.Detection;

/// <summary>Flags of a detected source (OR-ed).</summary>
[Flags]
public enum SourceFlags
{
    /// <summary>A clean galaxy candidate.</summary>
    None = 0,
    /// <summary>The segment touches the image border.</summary>
    Edge = 1,
    /// <summary>Point-like: as compact as the field's stars (moment radius near the stellar locus).</summary>
    Star = 2,
    /// <summary>Not astrophysical-looking: extremely elongated (trail, spike) or a single hot spot.</summary>
    Artefact = 4,
    /// <summary>Split from a larger segment by deblending.</summary>
    Deblended = 8,
}
