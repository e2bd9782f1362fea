namespace Galforge.TestSupport;

/// <summary>Locations inside the repository, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Galforge.slnx")))
                return dir.FullName;
        throw new InvalidOperationException($"no Galforge.slnx above {AppContext.BaseDirectory}");
    });

    /// <summary>The repository root (the folder holding Galforge.slnx).</summary>
    public static string Root => s_root.Value;

    /// <summary>A path below the repository root.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path below <c>tests/data</c>, where fixtures and reference files are kept.</summary>
    public static string TestData(params string[] parts) => Path.Combine([Root, "tests", "data", .. parts]);

    /// <summary>
    /// A path below the development data folder <c>shared/data</c> that sits beside the repository
    /// (not part of it: a fresh clone has none; tests that need it skip with a visible reason).
    /// GALFORGE_SHARED_DATA overrides the location.
    /// </summary>
    public static string SharedData(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("GALFORGE_SHARED_DATA") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));
        return Path.Combine([root, .. parts]);
    }

    /// <summary>A path below the shipped real data in <c>data/</c>.</summary>
    public static string ShippedData(params string[] parts) => Path.Combine([Root, "data", .. parts]);
}
