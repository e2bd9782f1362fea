using Galforge.Engine.Kernels;

namespace Galforge.Engine;

/// <summary>Everything needed to resume a <see cref="PhiloxGenerator"/> exactly: the seed and the number of 128-bit blocks used.</summary>
public readonly record struct PhiloxState(ulong Seed, ulong Counter);

/// <summary>
/// Counter-based random numbers (Philox4x32-10, Salmon et al. 2011, as in PyTorch's and
/// JAX's generators). Block i of a draw is a pure function of (seed, counter + i), so a seed
/// gives the same numbers whatever the thread count, and the state is just two integers.
/// Each block yields four 32-bit words: four uniforms in [0, 1) (24-bit resolution) or four
/// normals by the Box-Muller transform. Not thread-safe: use one generator per thread or lock.
/// </summary>
public sealed class PhiloxGenerator
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private const int BlocksPerTask = 4096;

    /// <summary>Starts the stream of <paramref name="seed"/> at its beginning.</summary>
    public PhiloxGenerator(ulong seed) => State = new PhiloxState(seed, 0);

    /// <summary>Resumes a saved stream.</summary>
    public PhiloxGenerator(PhiloxState state) => State = state;

    /// <summary>The seed and position; assign a saved state to resume exactly.</summary>
    public PhiloxState State { get; set; }

    /// <summary>One Philox4x32-10 block for a key and a 64-bit counter.</summary>
    public static (uint, uint, uint, uint) Block(ulong key, ulong counter) =>
        Block((uint)counter, (uint)(counter >> 32), 0, 0, (uint)key, (uint)(key >> 32));

    /// <summary>One Philox4x32-10 block for a full 128-bit counter (c0 lowest word) and 64-bit key (k0 lowest).</summary>
    public static (uint, uint, uint, uint) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (var r = 0; r < 10; r++)
        {
            var p0 = (ulong)M0 * c0;
            var p1 = (ulong)M1 * c2;
            var n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            var n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    private static float Uniform(uint u) => (u >> 8) * (1f / 16777216f);

    /// <summary>Fills <paramref name="dst"/> with uniform numbers in [low, high).</summary>
    public void FillUniform(Span<float> dst, float low = 0f, float high = 1f) => Fill(dst, normal: false, low, high - low);

    /// <summary>Fills <paramref name="dst"/> with normal numbers of the given mean and standard deviation.</summary>
    public void FillNormal(Span<float> dst, float mean = 0f, float std = 1f) => Fill(dst, normal: true, mean, std);

    /// <summary>One uniform number in [0, 1) (uses a whole block).</summary>
    public float NextUniform()
    {
        Span<float> one = stackalloc float[1];
        FillUniform(one);
        return one[0];
    }

    /// <summary>One standard normal number (uses a whole block).</summary>
    public float NextNormal()
    {
        Span<float> one = stackalloc float[1];
        FillNormal(one);
        return one[0];
    }

    private unsafe void Fill(Span<float> dst, bool normal, float shift, float scale)
    {
        var blocks = (dst.Length + 3) / 4;
        var (seed, start) = State;
        State = new PhiloxState(seed, start + (ulong)blocks);
        var tasks = (blocks + BlocksPerTask - 1) / BlocksPerTask;
        var length = dst.Length;
        fixed (float* p = dst)
        {
            var np = (nint)p;
            Parallelism.For(tasks, Parallelism.Threads, t =>
            {
                var b0 = t * BlocksPerTask;
                var b1 = Math.Min(blocks, b0 + BlocksPerTask);
                var outp = (float*)np;
                Span<float> four = stackalloc float[4];
                for (var b = b0; b < b1; b++)
                {
                    var (x0, x1, x2, x3) = Block(seed, start + (ulong)b);
                    if (normal)
                    {
                        BoxMuller(x0, x1, out four[0], out four[1]);
                        BoxMuller(x2, x3, out four[2], out four[3]);
                    }
                    else
                    {
                        four[0] = Uniform(x0);
                        four[1] = Uniform(x1);
                        four[2] = Uniform(x2);
                        four[3] = Uniform(x3);
                    }
                    var n = Math.Min(4, length - 4 * b);
                    for (var i = 0; i < n; i++) outp[4 * b + i] = shift + scale * four[i];
                }
            });
        }
    }

    private static void BoxMuller(uint a, uint b, out float z0, out float z1)
    {
        // u1 in (0, 1] so the logarithm is finite
        var u1 = ((a >> 8) + 1) * (1.0 / 16777216.0);
        var u2 = (b >> 8) * (1.0 / 16777216.0);
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        var (s, c) = Math.SinCos(2.0 * Math.PI * u2);
        z0 = (float)(r * c);
        z1 = (float)(r * s);
    }
}
