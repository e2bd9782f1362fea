using System.Numerics;
using System.Runtime.Intrinsics;

namespace Galforge.Engine.Backends;

/// <summary>
/// Which kernel backend the engine uses and why. oneDNN is chosen when its library loads;
/// the environment variable <c>GALFORGE_BACKEND=managed|onednn</c> overrides the choice, and
/// forcing <c>onednn</c> without the library is an error rather than a silent fallback.
/// </summary>
public sealed record BackendSelection(BackendKind Kind, string Reason)
{
    /// <summary>Name of the environment variable that overrides the automatic choice.</summary>
    public const string EnvironmentVariable = "GALFORGE_BACKEND";

    private static readonly Lazy<BackendSelection> s_current = new(() => Choose(Environment.GetEnvironmentVariable(EnvironmentVariable)));

    /// <summary>The selection made for this process (read once).</summary>
    public static BackendSelection Current => s_current.Value;

    /// <summary>Chooses a backend from the override value (null or empty: automatic).</summary>
    public static BackendSelection Choose(string? requested)
    {
        var onednn = NativeLibraries.OneDnn;
        switch (requested?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return onednn.IsAvailable
                    ? new(BackendKind.OneDnn, $"automatic: {onednn.LoadedName} found")
                    : new(BackendKind.Managed, $"automatic: {onednn.DisplayName} not found (install Debian package {onednn.DebianPackage} for the fast path)");
            case "managed":
                return new(BackendKind.Managed, $"{EnvironmentVariable}=managed");
            case "onednn":
                if (!onednn.IsAvailable)
                    throw new BadInputException($"{EnvironmentVariable}=onednn but {string.Join(" / ", onednn.FileNames)} could not be loaded: install Debian package {onednn.DebianPackage} or unset {EnvironmentVariable}");
                return new(BackendKind.OneDnn, $"{EnvironmentVariable}=onednn");
            default:
                throw new BadInputException($"{EnvironmentVariable}='{requested}' is not a backend: expected 'managed', 'onednn' or 'auto'");
        }
    }

    /// <summary>Widest SIMD register the managed code can use, in bits.</summary>
    public static int SimdWidthBits =>
        Vector512.IsHardwareAccelerated ? 512 :
        Vector256.IsHardwareAccelerated ? 256 :
        Vector128.IsHardwareAccelerated ? 128 : Vector<byte>.Count * 8;

    /// <summary>Number of worker threads the engine uses (GALFORGE_THREADS, else all cores).</summary>
    public static int ThreadCount
    {
        get
        {
            var s = Environment.GetEnvironmentVariable("GALFORGE_THREADS");
            return int.TryParse(s, out var n) && n > 0 ? n : Environment.ProcessorCount;
        }
    }
}
