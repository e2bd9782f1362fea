using Galforge.Engine.Backends;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Engine.Tests.Native;

/// <summary>
/// Native-backend tests need libdnnl.so.2: without it they are skipped with the reason shown,
/// except under CI (CI=true), which installs libdnnl2 and so must not skip silently.
/// </summary>
internal static class OneDnnRequirement
{
    public static void Require()
    {
        if (NativeLibraries.OneDnn.IsAvailable) return;
        if (ReferenceTool.IsCi)
            throw new InvalidOperationException("CI=true but libdnnl.so.2 (Debian package libdnnl2) could not be loaded: .ci/run must install it");
        Skip.If(true, "libdnnl.so.2 (Debian package libdnnl2) is not installed; the oneDNN backend tests are skipped here and required in CI");
    }
}
