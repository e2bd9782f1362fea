namespace Galforge.Astro.Datasets;

/// <summary>Where a dataset came from and how it was built; stored in the JSON sidecar.</summary>
public sealed class DatasetProvenance
{
    /// <summary>The input (catalogue path, field files, simulator configuration...).</summary>
    public string Source { get; set; } = "";

    /// <summary>Licence of the source data, when known.</summary>
    public string? Licence { get; set; }

    /// <summary>The program and version that built the dataset.</summary>
    public string Tool { get; set; } = "galforge";

    /// <summary>UTC creation time, ISO 8601.</summary>
    public string Created { get; set; } = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The seed that fixed every random draw (noise padding, masking), or null when none was made.</summary>
    public long? Seed { get; set; }

    /// <summary>Free-form settings and notes (stamp size, thresholds...), kept in order.</summary>
    public Dictionary<string, string> Settings { get; } = new();

    /// <summary>Build report: galaxies read, kept, and rejected per rule (e.g. "nan": 2).</summary>
    public Dictionary<string, int> Counts { get; } = new();
}
