using Galforge.Engine.Backends;

namespace Galforge.Engine.Native;

/// <summary>
/// The oneDNN 2.x C API functions the engine calls, bound once as unmanaged function pointers
/// (no marshalling: every argument is blittable). Enum values and struct sizes are those of the
/// oneDNN 2.6 headers (<c>dnnl_types.h</c>); sizes were checked with <c>sizeof</c> in C.
/// </summary>
internal static unsafe class DnnlApi
{
    /// <summary>sizeof(dnnl_memory_desc_t) in oneDNN 2.6.</summary>
    public const int MemoryDescSize = 696;

    /// <summary>sizeof(dnnl_convolution_desc_t) in oneDNN 2.6.</summary>
    public const int ConvolutionDescSize = 5976;

    public const int Success = 0;
    public const int DataTypeF32 = 3;
    public const int TagAny = 1;
    public const int TagX = 2;       // dnnl_x (also dnnl_a)
    public const int TagNchw = 5;    // dnnl_nchw == dnnl_abcd
    public const int TagOihw = 5;    // dnnl_oihw == dnnl_abcd
    public const int PropForwardTraining = 64;
    public const int ConvolutionDirect = 1;
    public const int EngineCpu = 1;
    public const uint StreamDefaultFlags = 1;
    public const int ScratchpadModeUser = 1;

    public const int ArgSrc = 1, ArgDst = 17, ArgWeights = 33, ArgBias = 41;
    public const int ArgDiffSrc = 129, ArgDiffDst = 145, ArgDiffWeights = 161, ArgDiffBias = 169;
    public const int ArgFrom = 1, ArgTo = 17, ArgScratchpad = 80;

    public const int QueryImplInfoStr = 8;
    public const int QuerySrcMd = 129, QueryDiffSrcMd = 130, QueryWeightsMd = 131, QueryDiffWeightsMd = 132;
    public const int QueryDstMd = 133, QueryDiffDstMd = 134, QueryScratchpadMd = 136;

    public static readonly delegate* unmanaged<nint*, int, nuint, int> EngineCreate;
    public static readonly delegate* unmanaged<nint*, nint, uint, int> StreamCreate;
    public static readonly delegate* unmanaged<void*, int, long*, int, int, int> MemoryDescInitByTag;
    public static readonly delegate* unmanaged<void*, void*, int> MemoryDescEqual;
    public static readonly delegate* unmanaged<void*, nuint> MemoryDescGetSize;
    public static readonly delegate* unmanaged<nint*, void*, nint, void*, int> MemoryCreate;
    public static readonly delegate* unmanaged<nint, int> MemoryDestroy;
    public static readonly delegate* unmanaged<void*, int, int, void*, void*, void*, void*, long*, long*, long*, int> ConvolutionForwardDescInit;
    public static readonly delegate* unmanaged<void*, int, void*, void*, void*, long*, long*, long*, int> ConvolutionBackwardDataDescInit;
    public static readonly delegate* unmanaged<void*, int, void*, void*, void*, void*, long*, long*, long*, int> ConvolutionBackwardWeightsDescInit;
    public static readonly delegate* unmanaged<nint*, void*, nint, nint, nint, int> PrimitiveDescCreate;
    public static readonly delegate* unmanaged<nint, int, int, void*> PrimitiveDescQueryMd;
    public static readonly delegate* unmanaged<nint, int, int, void*, int> PrimitiveDescQuery;
    public static readonly delegate* unmanaged<nint*, void*, nint, void*, nint, nint, int> ReorderPrimitiveDescCreate;
    public static readonly delegate* unmanaged<nint*, nint, int> PrimitiveCreate;
    public static readonly delegate* unmanaged<nint, nint, int, DnnlExecArg*, int> PrimitiveExecute;
    public static readonly delegate* unmanaged<nint*, int> PrimitiveAttrCreate;
    public static readonly delegate* unmanaged<nint, int> PrimitiveAttrDestroy;
    public static readonly delegate* unmanaged<nint, int, int> PrimitiveAttrSetScratchpadMode;
    public static readonly delegate* unmanaged<byte, byte, long, long, long, float, float*, long, float*, long, float, float*, long, int> Sgemm;

    static DnnlApi()
    {
        var lib = NativeLibraries.OneDnn;
        EngineCreate = (delegate* unmanaged<nint*, int, nuint, int>)lib.GetExport("dnnl_engine_create");
        StreamCreate = (delegate* unmanaged<nint*, nint, uint, int>)lib.GetExport("dnnl_stream_create");
        MemoryDescInitByTag = (delegate* unmanaged<void*, int, long*, int, int, int>)lib.GetExport("dnnl_memory_desc_init_by_tag");
        MemoryDescEqual = (delegate* unmanaged<void*, void*, int>)lib.GetExport("dnnl_memory_desc_equal");
        MemoryDescGetSize = (delegate* unmanaged<void*, nuint>)lib.GetExport("dnnl_memory_desc_get_size");
        MemoryCreate = (delegate* unmanaged<nint*, void*, nint, void*, int>)lib.GetExport("dnnl_memory_create");
        MemoryDestroy = (delegate* unmanaged<nint, int>)lib.GetExport("dnnl_memory_destroy");
        ConvolutionForwardDescInit = (delegate* unmanaged<void*, int, int, void*, void*, void*, void*, long*, long*, long*, int>)lib.GetExport("dnnl_convolution_forward_desc_init");
        ConvolutionBackwardDataDescInit = (delegate* unmanaged<void*, int, void*, void*, void*, long*, long*, long*, int>)lib.GetExport("dnnl_convolution_backward_data_desc_init");
        ConvolutionBackwardWeightsDescInit = (delegate* unmanaged<void*, int, void*, void*, void*, void*, long*, long*, long*, int>)lib.GetExport("dnnl_convolution_backward_weights_desc_init");
        PrimitiveDescCreate = (delegate* unmanaged<nint*, void*, nint, nint, nint, int>)lib.GetExport("dnnl_primitive_desc_create");
        PrimitiveDescQueryMd = (delegate* unmanaged<nint, int, int, void*>)lib.GetExport("dnnl_primitive_desc_query_md");
        PrimitiveDescQuery = (delegate* unmanaged<nint, int, int, void*, int>)lib.GetExport("dnnl_primitive_desc_query");
        ReorderPrimitiveDescCreate = (delegate* unmanaged<nint*, void*, nint, void*, nint, nint, int>)lib.GetExport("dnnl_reorder_primitive_desc_create");
        PrimitiveCreate = (delegate* unmanaged<nint*, nint, int>)lib.GetExport("dnnl_primitive_create");
        PrimitiveExecute = (delegate* unmanaged<nint, nint, int, DnnlExecArg*, int>)lib.GetExport("dnnl_primitive_execute");
        PrimitiveAttrCreate = (delegate* unmanaged<nint*, int>)lib.GetExport("dnnl_primitive_attr_create");
        PrimitiveAttrDestroy = (delegate* unmanaged<nint, int>)lib.GetExport("dnnl_primitive_attr_destroy");
        PrimitiveAttrSetScratchpadMode = (delegate* unmanaged<nint, int, int>)lib.GetExport("dnnl_primitive_attr_set_scratchpad_mode");
        Sgemm = (delegate* unmanaged<byte, byte, long, long, long, float, float*, long, float*, long, float, float*, long, int>)lib.GetExport("dnnl_sgemm");
    }

    /// <summary>Throws when a oneDNN call did not succeed, naming the call and what it was for.</summary>
    public static void Check(int status, string call, string context)
    {
        if (status != Success)
            throw new InvalidOperationException($"oneDNN {call} failed with status {StatusName(status)} ({status}) for {context}");
    }

    private static string StatusName(int status) => status switch
    {
        1 => "out_of_memory",
        2 => "invalid_arguments",
        3 => "unimplemented",
        4 => "iterator_ends",
        5 => "runtime_error",
        6 => "not_required",
        _ => "unknown",
    };
}

/// <summary>dnnl_exec_arg_t: an argument index and the memory object bound to it.</summary>
internal struct DnnlExecArg
{
    public int Arg;
    public nint Memory;
}
