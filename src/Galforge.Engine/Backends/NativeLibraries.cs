using System.Runtime.InteropServices;

namespace Galforge.Engine.Backends;

/// <summary>
/// Finds the optional native libraries at run time. Each is looked up once by its Debian soname;
/// when one is absent the engine keeps to its managed code path, so nothing here is required.
/// </summary>
public static class NativeLibraries
{
    /// <summary>oneDNN 2.x (Debian <c>libdnnl2</c>): convolutions and sgemm.</summary>
    public static NativeLibrary OneDnn { get; } = new("oneDNN", "libdnnl2", ["libdnnl.so.2", "libdnnl.so"], PreferPassiveOpenMpWaiting);

    /// <summary>OpenBLAS (Debian <c>libopenblas0-pthread</c>): sgemm.</summary>
    public static NativeLibrary OpenBlas { get; } = new("OpenBLAS", "libopenblas0-pthread", ["libopenblas.so.0", "libopenblas.so"]);

    /// <summary>FFTW single precision (Debian <c>libfftw3-single3</c>): Fourier transforms.</summary>
    public static NativeLibrary FftwSingle { get; } = new("FFTW (float)", "libfftw3-single3", ["libfftw3f.so.3", "libfftw3f.so"]);

    /// <summary>All libraries the engine knows how to use.</summary>
    public static IReadOnlyList<NativeLibrary> All { get; } = [OneDnn, OpenBlas, FftwSingle];

    /// <summary>
    /// Debian's oneDNN runs on libgomp, whose idle threads spin by default and so take the cores
    /// from .NET's own worker threads between oneDNN calls (measured: the 2-thread WGAN-GP step
    /// ran 4x slower). libgomp reads OMP_WAIT_POLICY once, when it loads, from the C environment,
    /// which Environment.SetEnvironmentVariable does not reach on Linux; hence libc's setenv,
    /// without overwriting a value the user chose.
    /// </summary>
    private static void PreferPassiveOpenMpWaiting()
    {
        if (!OperatingSystem.IsLinux()) return;
        try { _ = SetEnv("OMP_WAIT_POLICY", "passive", overwrite: 0); }
        catch (DllNotFoundException) { }
        catch (EntryPointNotFoundException) { }
    }

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}

/// <summary>One optional native library: tried once, lazily, by each of its file names.</summary>
public sealed class NativeLibrary
{
    private readonly Lazy<(nint Handle, string? LoadedName)> _load;

    internal NativeLibrary(string displayName, string debianPackage, string[] fileNames, Action? beforeLoad = null)
    {
        DisplayName = displayName;
        DebianPackage = debianPackage;
        FileNames = fileNames;
        _load = new Lazy<(nint, string?)>(() =>
        {
            beforeLoad?.Invoke();
            foreach (var name in fileNames)
                if (System.Runtime.InteropServices.NativeLibrary.TryLoad(name, out var handle))
                    return (handle, name);
            return (0, null);
        });
    }

    /// <summary>Human-readable name, e.g. "oneDNN".</summary>
    public string DisplayName { get; }

    /// <summary>The Debian package that provides it.</summary>
    public string DebianPackage { get; }

    /// <summary>The file names tried, in order.</summary>
    public IReadOnlyList<string> FileNames { get; }

    /// <summary>Whether the library was found and loaded.</summary>
    public bool IsAvailable => _load.Value.Handle != 0;

    /// <summary>The OS handle of the loaded library, or 0.</summary>
    public nint Handle => _load.Value.Handle;

    /// <summary>The file name that loaded, or null.</summary>
    public string? LoadedName => _load.Value.LoadedName;

    /// <summary>Looks up an exported function; throws when the library or symbol is missing.</summary>
    public nint GetExport(string symbol)
    {
        if (!IsAvailable)
            throw new InvalidOperationException($"{DisplayName} is not loaded (install Debian package {DebianPackage})");
        return System.Runtime.InteropServices.NativeLibrary.GetExport(Handle, symbol);
    }
}
