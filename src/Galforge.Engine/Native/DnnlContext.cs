namespace Galforge.Engine.Native;

/// <summary>
/// The process-wide oneDNN CPU engine and one execution stream per calling thread (a stream is
/// not meant to be shared by threads running at once; primitives are).
/// </summary>
internal static unsafe class DnnlContext
{
    private static readonly Lazy<nint> s_engine = new(() =>
    {
        nint engine;
        DnnlApi.Check(DnnlApi.EngineCreate(&engine, DnnlApi.EngineCpu, 0), "dnnl_engine_create", "the CPU engine");
        return engine;
    });

    [ThreadStatic] private static nint t_stream;

    /// <summary>The CPU engine.</summary>
    public static nint Engine => s_engine.Value;

    /// <summary>This thread's stream.</summary>
    public static nint Stream
    {
        get
        {
            if (t_stream == 0)
            {
                nint s;
                DnnlApi.Check(DnnlApi.StreamCreate(&s, Engine, DnnlApi.StreamDefaultFlags), "dnnl_stream_create", "a CPU stream");
                t_stream = s;
            }
            return t_stream;
        }
    }
}
