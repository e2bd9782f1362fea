using System.Runtime.InteropServices;

namespace Galforge.Engine.Native;

/// <summary>
/// Per-thread, 64-byte aligned native work buffers (reordered tensors, oneDNN scratchpads) that
/// grow to the largest size asked for and are then reused, so a training step allocates nothing.
/// Being per thread, concurrent kernel calls never share one.
/// </summary>
internal static unsafe class NativeScratch
{
    /// <summary>Number of independent buffers a kernel call may hold at once.</summary>
    public const int Slots = 5;

    [ThreadStatic] private static nint[]? t_pointers;
    [ThreadStatic] private static nuint[]? t_sizes;

    /// <summary>A buffer of at least <paramref name="bytes"/> bytes for slot <paramref name="slot"/> on this thread.</summary>
    public static void* Get(int slot, nuint bytes)
    {
        if (bytes == 0) return null;
        var ptrs = t_pointers ??= new nint[Slots];
        var sizes = t_sizes ??= new nuint[Slots];
        if (sizes[slot] < bytes)
        {
            if (ptrs[slot] != 0) NativeMemory.AlignedFree((void*)ptrs[slot]);
            ptrs[slot] = 0;
            sizes[slot] = 0;
            var size = bytes + bytes / 4; // some head room so slightly larger shapes reuse it
            ptrs[slot] = (nint)NativeMemory.AlignedAlloc(size, 64);
            sizes[slot] = size;
        }
        return (void*)ptrs[slot];
    }
}
