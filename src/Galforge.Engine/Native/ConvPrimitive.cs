using System.Runtime.InteropServices;
using Galforge.Engine.Kernels;

namespace Galforge.Engine.Native;

/// <summary>
/// One pass of one convolution geometry as a ready oneDNN primitive, with the reorders between
/// the caller's plain NCHW/OIHW buffers and the layouts the primitive prefers. Built once per
/// (geometry, pass, bias, threads, layout) and then executed any number of times, from any
/// threads at once: per-call state (memory objects, work buffers, stream) is per thread.
/// </summary>
internal sealed unsafe class ConvPrimitive
{
    /// <summary>One tensor the primitive reads or writes.</summary>
    private struct Operand
    {
        public int Arg;            // DNNL_ARG_* index
        public void* UserMd;       // plain layout of the caller's buffer
        public void* InternalMd;   // layout the primitive computes in (== UserMd when no reorder)
        public nint Reorder;       // reorder primitive, or 0
        public void* ReorderScratchMd; // its scratchpad layout (null or zero-sized: none)
        public nuint ReorderScratchBytes;
        public nuint InternalBytes;
        public bool IsOutput;
    }

    private readonly Operand[] _operands;
    private readonly nint _primitive;
    private readonly void* _scratchpadMd;
    private readonly nuint _scratchpadBytes;
    private readonly nuint _scratchBytes; // largest scratchpad of the primitive and its reorders

    /// <summary>oneDNN's name for the implementation it chose (e.g. "jit:avx512_common").</summary>
    public string Implementation { get; }

    private ConvPrimitive(Operand[] operands, nint primitive, void* scratchpadMd, nuint scratchpadBytes, string implementation)
    {
        _operands = operands;
        _primitive = primitive;
        _scratchpadMd = scratchpadMd;
        _scratchpadBytes = scratchpadBytes;
        _scratchBytes = scratchpadBytes;
        foreach (var op in operands)
            _scratchBytes = Math.Max(_scratchBytes, op.ReorderScratchBytes);
        Implementation = implementation;
    }

    /// <summary>
    /// Runs the pass on the caller's buffers: two inputs, the result, then the bias (forward) or
    /// bias gradient (backward weights) when the primitive has one: forward (x, w, y, [bias]);
    /// backward data (dy, w, dx); backward weights (x, dy, dw, [dbias]).
    /// </summary>
    public void Execute(ReadOnlySpan<nint> buffers)
    {
        var engine = DnnlContext.Engine;
        var stream = DnnlContext.Stream;
        int n = _operands.Length;
        var user = stackalloc nint[n];
        var inner = stackalloc nint[n];
        var args = stackalloc DnnlExecArg[n + 1];
        // One scratchpad buffer serves the reorders and the convolution, which run one after another.
        var scratch = NativeScratch.Get(NativeScratch.Slots - 1, _scratchBytes);
        int created = 0;
        try
        {
            for (int i = 0; i < n; i++, created++)
            {
                ref readonly var op = ref _operands[i];
                nint m;
                DnnlApi.Check(DnnlApi.MemoryCreate(&m, op.UserMd, engine, (void*)buffers[i]), "dnnl_memory_create", "a caller buffer");
                user[i] = m;
                inner[i] = m;
                if (op.Reorder != 0)
                {
                    nint mi;
                    var status = DnnlApi.MemoryCreate(&mi, op.InternalMd, engine, NativeScratch.Get(i, op.InternalBytes));
                    DnnlApi.Check(status, "dnnl_memory_create", "a reordered buffer");
                    inner[i] = mi;
                }
            }
            for (int i = 0; i < n; i++)
                if (_operands[i].Reorder != 0 && !_operands[i].IsOutput)
                    RunReorder(_operands[i], user[i], inner[i], stream, engine, scratch);
            int nargs = 0;
            for (int i = 0; i < n; i++)
                args[nargs++] = new DnnlExecArg { Arg = _operands[i].Arg, Memory = inner[i] };
            nint scratchMem = 0;
            if (_scratchpadBytes > 0)
            {
                DnnlApi.Check(DnnlApi.MemoryCreate(&scratchMem, _scratchpadMd, engine, scratch), "dnnl_memory_create", "the scratchpad");
                args[nargs++] = new DnnlExecArg { Arg = DnnlApi.ArgScratchpad, Memory = scratchMem };
            }
            try
            {
                DnnlApi.Check(DnnlApi.PrimitiveExecute(_primitive, stream, nargs, args), "dnnl_primitive_execute", "a convolution");
            }
            finally
            {
                if (scratchMem != 0) DnnlApi.MemoryDestroy(scratchMem);
            }
            for (int i = 0; i < n; i++)
                if (_operands[i].Reorder != 0 && _operands[i].IsOutput)
                    RunReorder(_operands[i], inner[i], user[i], stream, engine, scratch);
        }
        finally
        {
            for (int i = 0; i < created; i++)
            {
                if (inner[i] != user[i]) DnnlApi.MemoryDestroy(inner[i]);
                DnnlApi.MemoryDestroy(user[i]);
            }
        }
    }

    /// <summary>Runs an operand's reorder from one memory object to another, with its scratchpad in <paramref name="scratch"/>.</summary>
    private static void RunReorder(in Operand op, nint from, nint to, nint stream, nint engine, void* scratch)
    {
        var args = stackalloc DnnlExecArg[3];
        args[0] = new DnnlExecArg { Arg = DnnlApi.ArgFrom, Memory = from };
        args[1] = new DnnlExecArg { Arg = DnnlApi.ArgTo, Memory = to };
        int nargs = 2;
        nint scratchMem = 0;
        if (op.ReorderScratchBytes > 0)
        {
            DnnlApi.Check(DnnlApi.MemoryCreate(&scratchMem, op.ReorderScratchMd, engine, scratch), "dnnl_memory_create", "a reorder scratchpad");
            args[nargs++] = new DnnlExecArg { Arg = DnnlApi.ArgScratchpad, Memory = scratchMem };
        }
        try
        {
            DnnlApi.Check(DnnlApi.PrimitiveExecute(op.Reorder, stream, nargs, args), "dnnl_primitive_execute", "a reorder between plain and blocked layouts");
        }
        finally
        {
            if (scratchMem != 0) DnnlApi.MemoryDestroy(scratchMem);
        }
    }

    /// <summary>Builds the primitive (and reorders) for one pass of geometry <paramref name="g"/>.</summary>
    public static ConvPrimitive Create(in Conv2dGeometry g, ConvolutionPass pass, bool bias, OneDnnLayout layout)
    {
        var context = $"{pass} of convolution {Describe(g)}{(bias ? " with bias" : "")}";
        var engine = DnnlContext.Engine;

        // Plain layouts of the caller's buffers. These descriptors live as long as the primitive.
        var srcUser = NewMd([g.N, g.C, g.H, g.W], DnnlApi.TagNchw, context);
        var weightsUser = NewMd([g.O, g.C, g.KH, g.KW], DnnlApi.TagOihw, context);
        var dstUser = NewMd([g.N, g.O, g.OH, g.OW], DnnlApi.TagNchw, context);
        var biasUser = NewMd([g.O], DnnlApi.TagX, context);

        // What the primitive may choose: anything (blocked) or exactly the plain layouts.
        int tag = layout == OneDnnLayout.Blocked ? DnnlApi.TagAny : DnnlApi.TagNchw;
        var src = NewMd([g.N, g.C, g.H, g.W], tag, context);
        var weights = NewMd([g.O, g.C, g.KH, g.KW], tag, context);
        var dst = NewMd([g.N, g.O, g.OH, g.OW], tag, context);

        var strides = stackalloc long[] { g.StrideH, g.StrideW };
        var padL = stackalloc long[] { g.PadH, g.PadW };
        var padR = stackalloc long[] { RightPadding(g.H, g.KH, g.StrideH, g.PadH, g.OH), RightPadding(g.W, g.KW, g.StrideW, g.PadW, g.OW) };

        nint attr;
        DnnlApi.Check(DnnlApi.PrimitiveAttrCreate(&attr), "dnnl_primitive_attr_create", context);
        try
        {
            // The caller hands each execution a scratchpad from a per-thread pool, so primitives
            // never share oneDNN's internal one and concurrent calls stay independent.
            DnnlApi.Check(DnnlApi.PrimitiveAttrSetScratchpadMode(attr, DnnlApi.ScratchpadModeUser), "dnnl_primitive_attr_set_scratchpad_mode", context);

            var desc = stackalloc byte[DnnlApi.ConvolutionDescSize];
            DnnlApi.Check(DnnlApi.ConvolutionForwardDescInit(desc, DnnlApi.PropForwardTraining, DnnlApi.ConvolutionDirect,
                src, weights, bias ? biasUser : null, dst, strides, padL, padR), "dnnl_convolution_forward_desc_init", context);
            nint forwardPd;
            DnnlApi.Check(DnnlApi.PrimitiveDescCreate(&forwardPd, desc, attr, engine, 0), "dnnl_primitive_desc_create", context);

            nint pd = forwardPd;
            Operand[] operands;
            switch (pass)
            {
                case ConvolutionPass.Forward:
                    operands = [In(DnnlApi.ArgSrc, srcUser, DnnlApi.QuerySrcMd), In(DnnlApi.ArgWeights, weightsUser, DnnlApi.QueryWeightsMd),
                                Out(DnnlApi.ArgDst, dstUser, DnnlApi.QueryDstMd)];
                    break;
                case ConvolutionPass.BackwardData:
                    DnnlApi.Check(DnnlApi.ConvolutionBackwardDataDescInit(desc, DnnlApi.ConvolutionDirect, src, weights, dst, strides, padL, padR),
                                  "dnnl_convolution_backward_data_desc_init", context);
                    // The forward descriptor stays alive: oneDNN keeps a pointer to its hint.
                    DnnlApi.Check(DnnlApi.PrimitiveDescCreate(&pd, desc, attr, engine, forwardPd), "dnnl_primitive_desc_create", context);
                    operands = [In(DnnlApi.ArgDiffDst, dstUser, DnnlApi.QueryDiffDstMd), In(DnnlApi.ArgWeights, weightsUser, DnnlApi.QueryWeightsMd),
                                Out(DnnlApi.ArgDiffSrc, srcUser, DnnlApi.QueryDiffSrcMd)];
                    break;
                default:
                    DnnlApi.Check(DnnlApi.ConvolutionBackwardWeightsDescInit(desc, DnnlApi.ConvolutionDirect, src, weights, bias ? biasUser : null, dst,
                                  strides, padL, padR), "dnnl_convolution_backward_weights_desc_init", context);
                    DnnlApi.Check(DnnlApi.PrimitiveDescCreate(&pd, desc, attr, engine, forwardPd), "dnnl_primitive_desc_create", context);
                    operands = [In(DnnlApi.ArgSrc, srcUser, DnnlApi.QuerySrcMd), In(DnnlApi.ArgDiffDst, dstUser, DnnlApi.QueryDiffDstMd),
                                Out(DnnlApi.ArgDiffWeights, weightsUser, DnnlApi.QueryDiffWeightsMd)];
                    break;
            }
            // The bias (forward) or its gradient (backward weights) comes last when present.
            if (bias)
                operands = [.. operands, pass == ConvolutionPass.Forward ? In(DnnlApi.ArgBias, biasUser, 0) : Out(DnnlApi.ArgDiffBias, biasUser, 0)];

            for (int i = 0; i < operands.Length; i++)
                Resolve(ref operands[i], pd, engine, attr, context);

            var scratchMd = DnnlApi.PrimitiveDescQueryMd(pd, DnnlApi.QueryScratchpadMd, 0);
            var scratchBytes = scratchMd == null ? 0 : DnnlApi.MemoryDescGetSize(scratchMd);
            nint primitive;
            DnnlApi.Check(DnnlApi.PrimitiveCreate(&primitive, pd), "dnnl_primitive_create", context);
            return new ConvPrimitive(operands, primitive, scratchMd, scratchBytes, ImplementationName(pd));
        }
        finally
        {
            DnnlApi.PrimitiveAttrDestroy(attr);
        }
    }

    // Query 0 marks the bias, which is always plain.
    private static Operand In(int arg, void* userMd, int query) => new() { Arg = arg, UserMd = userMd, InternalMd = (void*)query, IsOutput = false };

    private static Operand Out(int arg, void* userMd, int query) => new() { Arg = arg, UserMd = userMd, InternalMd = (void*)query, IsOutput = true };

    /// <summary>Replaces the operand's query code by the layout the primitive chose and adds a reorder where it differs.</summary>
    private static void Resolve(ref Operand op, nint pd, nint engine, nint attr, string context)
    {
        int query = (int)(nint)op.InternalMd;
        op.InternalMd = op.UserMd;
        if (query == 0) return;
        var chosen = DnnlApi.PrimitiveDescQueryMd(pd, query, 0);
        if (chosen == null || DnnlApi.MemoryDescEqual(chosen, op.UserMd) != 0) return;
        op.InternalMd = chosen; // owned by pd, which lives as long as the primitive
        op.InternalBytes = DnnlApi.MemoryDescGetSize(chosen);
        nint reorderPd;
        var from = op.IsOutput ? chosen : op.UserMd;
        var to = op.IsOutput ? op.UserMd : chosen;
        DnnlApi.Check(DnnlApi.ReorderPrimitiveDescCreate(&reorderPd, from, engine, to, engine, attr), "dnnl_reorder_primitive_desc_create", context);
        op.ReorderScratchMd = DnnlApi.PrimitiveDescQueryMd(reorderPd, DnnlApi.QueryScratchpadMd, 0);
        op.ReorderScratchBytes = op.ReorderScratchMd == null ? 0 : DnnlApi.MemoryDescGetSize(op.ReorderScratchMd);
        nint reorder;
        DnnlApi.Check(DnnlApi.PrimitiveCreate(&reorder, reorderPd), "dnnl_primitive_create", context);
        op.Reorder = reorder;
    }

    /// <summary>
    /// Right padding that makes oneDNN's size rule (in + padL + padR - k) / stride + 1 == out hold
    /// exactly. Symmetric padding is kept whenever the floor rule already gives <paramref name="output"/>;
    /// otherwise (a transposed convolution's output padding, or an output the caller sized
    /// differently) the padding is the exact amount that reaches the last output's window.
    /// </summary>
    public static long RightPadding(int input, int kernel, int stride, int padLeft, int output)
    {
        long exact = (long)(output - 1) * stride + kernel - input - padLeft;
        return exact <= padLeft && exact > padLeft - stride ? padLeft : exact;
    }

    private static string ImplementationName(nint pd)
    {
        byte* name = null;
        if (DnnlApi.PrimitiveDescQuery(pd, DnnlApi.QueryImplInfoStr, 0, &name) != DnnlApi.Success || name == null) return "unknown";
        return Marshal.PtrToStringUTF8((nint)name) ?? "unknown";
    }

    /// <summary>A memory descriptor (allocated for the primitive's lifetime) of float32 with these dimensions and format tag.</summary>
    private static void* NewMd(ReadOnlySpan<long> dims, int tag, string context)
    {
        var md = NativeMemory.AllocZeroed(DnnlApi.MemoryDescSize);
        fixed (long* d = dims)
            DnnlApi.Check(DnnlApi.MemoryDescInitByTag(md, dims.Length, d, DnnlApi.DataTypeF32, tag), "dnnl_memory_desc_init_by_tag", context);
        return md;
    }

    /// <summary>The geometry in the words an error message needs.</summary>
    public static string Describe(in Conv2dGeometry g) =>
        $"x[{g.N},{g.C},{g.H},{g.W}] w[{g.O},{g.C},{g.KH},{g.KW}] y[{g.N},{g.O},{g.OH},{g.OW}] stride ({g.StrideH},{g.StrideW}) padding ({g.PadH},{g.PadW})";
}
