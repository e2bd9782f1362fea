namespace Galforge.Astro.Datasets;

/// <summary>What a dataset build did: galaxies read and kept, rejections per rule, and which galaxy fell to which rule.</summary>
public sealed class BuildReport
{
    /// <summary>The rejection rules, in the order they are checked.</summary>
    /// <remarks>"duplicate" is applied after the build by field ingest: the same cut-out of the sky as an earlier galaxy (<see cref="DuplicateCutouts"/>).</remarks>
    public static readonly string[] Rules = ["all_bands_missing", "nan", "empty", "nonpositive_flux", "blend", "truncated", "masked", "duplicate"];

    /// <summary>Galaxies given to the builder.</summary>
    public int Read { get; set; }

    /// <summary>Galaxies in the dataset.</summary>
    public int Kept { get; set; }

    /// <summary>Count per rule (every rule present, zero when unused).</summary>
    public Dictionary<string, int> Rejected { get; } = Rules.ToDictionary(r => r, _ => 0);

    /// <summary>(input index, rule) for every rejected galaxy.</summary>
    public List<(int Index, string Rule)> Rejections { get; } = new();

    /// <summary>Galaxies kept with at least one band missing (masked, not dropped).</summary>
    public int WithMissingBands { get; set; }

    /// <summary>Copies the counts into provenance (read, kept, rejected_RULE, with_missing_bands).</summary>
    public void CopyTo(DatasetProvenance provenance)
    {
        provenance.Counts["read"] = Read;
        provenance.Counts["kept"] = Kept;
        provenance.Counts["with_missing_bands"] = WithMissingBands;
        foreach (var r in Rules) provenance.Counts["rejected_" + r] = Rejected[r];
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"read {Read}, kept {Kept}; rejected: {string.Join(", ", Rules.Select(r => $"{r} {Rejected[r]}"))}";
}
