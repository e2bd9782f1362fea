namespace Galforge.Engine.Backends;

/// <summary>The kernel backends the engine can run on.</summary>
public enum BackendKind
{
    /// <summary>Portable C# code with SIMD (System.Numerics.Tensors, Vector512) and Parallel.For.</summary>
    Managed,

    /// <summary>oneDNN 2.x through its C API (libdnnl.so.2).</summary>
    OneDnn,
}
