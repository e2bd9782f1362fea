using Galforge.Engine.Backends;

namespace Galforge.Engine.Kernels;

/// <summary>
/// The kernel backend tensor ops call. <see cref="Current"/> follows
/// <see cref="BackendSelection.Current"/> (oneDNN when present, GALFORGE_BACKEND overrides);
/// <see cref="Use"/> overrides it for the calling thread (tests run each op on every backend in
/// <see cref="Available"/> this way).
/// </summary>
public static class KernelProvider
{
    [ThreadStatic] private static IKernels? t_override;

    private static readonly Lazy<IReadOnlyList<IKernels>> s_available = new(() =>
    {
        var list = new List<IKernels> { new ManagedKernels() };
        if (NativeLibraries.OneDnn.IsAvailable) list.Add(new Native.OneDnnKernels());
        return list;
    });

    private static readonly Lazy<IKernels> s_default = new(() =>
    {
        var kind = BackendSelection.Current.Kind;
        foreach (var k in s_available.Value)
            if (k.Kind == kind) return k;
        return s_available.Value[0];
    });

    /// <summary>Every backend that can run on this machine; managed first, always present.</summary>
    public static IReadOnlyList<IKernels> Available => s_available.Value;

    /// <summary>The managed backend (always available).</summary>
    public static IKernels Managed => s_available.Value[0];

    /// <summary>The backend ops on this thread use now.</summary>
    public static IKernels Current => t_override ?? s_default.Value;

    /// <summary>Makes ops on the calling thread use <paramref name="kernels"/> until the scope is disposed.</summary>
    public static KernelScope Use(IKernels kernels)
    {
        var previous = t_override;
        t_override = kernels;
        return new KernelScope(previous);
    }

    internal static void Restore(IKernels? previous) => t_override = previous;
}

/// <summary>Restores the previous backend of the thread when disposed.</summary>
public readonly struct KernelScope : IDisposable
{
    private readonly IKernels? _previous;

    internal KernelScope(IKernels? previous) => _previous = previous;

    /// <inheritdoc />
    public void Dispose() => KernelProvider.Restore(_previous);
}
