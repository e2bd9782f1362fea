using System.Diagnostics;
using Xunit;

namespace Galforge.TestSupport;

/// <summary>
/// Outside reference tools (PyTorch, astropy, Chromium). On a user's machine without them a test
/// that needs one is skipped with a visible reason; under CI (<c>CI=true</c>) a missing tool is a
/// failure, because CI installs them and a silent skip there would hide a broken check.
/// </summary>
public static class ReferenceTool
{
    private static readonly Dictionary<string, bool> s_cache = new();

    /// <summary>True when running under CI (<c>CI=true</c>).</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The Python interpreter used for reference checks (GALFORGE_PYTHON or python3).</summary>
    public static string Python => Environment.GetEnvironmentVariable("GALFORGE_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>Skips (or fails under CI) unless <c>python3 -c "import MODULE"</c> works.</summary>
    public static void RequirePythonModule(string module, string debianPackage)
    {
        var ok = Cached("py:" + module, () => RunQuiet(Python, $"-c \"import {module}\"") == 0);
        Require(ok, $"Python module '{module}' (Debian package {debianPackage})");
    }

    /// <summary>Skips (or fails under CI) unless an executable exists.</summary>
    public static void RequireExecutable(string path, string debianPackage)
    {
        Require(File.Exists(path), $"{path} (Debian package {debianPackage})");
    }

    private static void Require(bool present, string what)
    {
        if (present) return;
        if (IsCi)
            throw new InvalidOperationException($"CI=true but reference tool {what} is missing: .ci/run must install it");
        Skip.If(true, $"reference tool {what} is not installed; this check is skipped here and required in CI");
    }

    private static bool Cached(string key, Func<bool> probe)
    {
        lock (s_cache)
        {
            if (!s_cache.TryGetValue(key, out var v)) s_cache[key] = v = probe();
            return v;
        }
    }

    /// <summary>Runs a program, returns its exit code (or -1 when it cannot start).</summary>
    public static int RunQuiet(string file, string arguments)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>Runs a Python script from the repository's tools folder; fails the test on non-zero exit.</summary>
    public static string RunPython(string arguments, string? workingDirectory = null)
    {
        using var p = Process.Start(new ProcessStartInfo(Python, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        })!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        var stdout = stdoutTask.Result;
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"python3 {arguments} exited {p.ExitCode}: {stderr}");
        return stdout;
    }
}
