namespace Galforge.Engine.Native;

/// <summary>How <see cref="KernelTimer"/> turns repeated runs into one time.</summary>
public enum KernelClock
{
    /// <summary>Median wall-clock time.</summary>
    Wall,

    /// <summary>
    /// Median CPU time of the whole process: at one thread the kernel's own time even when other
    /// programs keep the cores busy (wall-clock time then includes waiting for a core).
    /// </summary>
    ProcessCpu,

    /// <summary>
    /// Shortest wall-clock time: with several threads on a busy machine, the run in which all of
    /// them had a core, the closest estimate of the time on an idle machine.
    /// </summary>
    WallBest,
}
