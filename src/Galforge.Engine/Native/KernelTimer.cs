using System.Diagnostics;
using Galforge.Engine.Kernels;

namespace Galforge.Engine.Native;

/// <summary>
/// Times the heavy kernels of any backend on random data, for benchmarks (never for tests): each
/// measurement is the median of several runs after one warm-up run, which also builds and
/// caches the primitives so that set-up is not timed (or, with <see cref="KernelClock.WallBest"/>,
/// the shortest run). See <see cref="KernelClock"/> for the clocks.
/// </summary>
public static class KernelTimer
{
    /// <summary>Time of <paramref name="run"/> over <paramref name="repeats"/> runs after one warm-up, in milliseconds.</summary>
    public static double Milliseconds(Action run, int repeats, KernelClock clock = KernelClock.Wall)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "at least one timed run is needed");
        run();
        var times = new double[repeats];
        for (int i = 0; i < repeats; i++)
        {
            if (clock == KernelClock.ProcessCpu)
            {
                var before = Environment.CpuUsage.TotalTime;
                run();
                times[i] = (Environment.CpuUsage.TotalTime - before).TotalMilliseconds;
            }
            else
            {
                long start = Stopwatch.GetTimestamp();
                run();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }
        Array.Sort(times);
        if (clock == KernelClock.WallBest) return times[0];
        return repeats % 2 == 1 ? times[repeats / 2] : 0.5 * (times[repeats / 2 - 1] + times[repeats / 2]);
    }

    /// <summary>Times forward, backward-data and backward-weights of one geometry (bias on or off).</summary>
    public static ConvolutionTiming TimeConvolution(IKernels kernels, Conv2dGeometry g, bool bias, int repeats, KernelClock clock = KernelClock.Wall)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        var x = RandomBuffer(g.InputLength, 1);
        var w = RandomBuffer(g.WeightLength, 2);
        var b = bias ? RandomBuffer(g.O, 3) : [];
        var y = RandomBuffer(g.OutputLength, 4);
        var dx = new float[g.InputLength];
        var dw = new float[g.WeightLength];
        var db = new float[bias ? g.O : 0];
        return new ConvolutionTiming(
            Milliseconds(() => kernels.Conv2dForward(g, x, w, b, y), repeats, clock),
            Milliseconds(() => kernels.Conv2dBackwardData(g, y, w, dx), repeats, clock),
            Milliseconds(() => kernels.Conv2dBackwardWeights(g, x, y, dw, db), repeats, clock));
    }

    /// <summary>Times C = op(A) op(B) with tightly packed row-major matrices, in milliseconds.</summary>
    public static double TimeGemm(IKernels kernels, bool transA, bool transB, int m, int n, int k, int repeats, KernelClock clock = KernelClock.Wall)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        var a = RandomBuffer((long)m * k, 5);
        var b = RandomBuffer((long)k * n, 6);
        var c = new float[(long)m * n];
        return Milliseconds(() => kernels.Gemm(transA, transB, m, n, k, 1f, a, transA ? m : k, b, transB ? k : n, 0f, c, n), repeats, clock);
    }

    /// <summary>Billions of floating-point operations per second for <paramref name="multiplyAdds"/> done in <paramref name="milliseconds"/>.</summary>
    public static double GigaflopsPerSecond(long multiplyAdds, double milliseconds) => 2.0 * multiplyAdds / (milliseconds * 1e6);

    private static float[] RandomBuffer(long length, int seed)
    {
        var rng = new Random(seed);
        var a = new float[length];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
