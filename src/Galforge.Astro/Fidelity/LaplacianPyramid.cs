namespace Galforge.Astro.Fidelity;

/// <summary>
/// The Laplacian pyramid of Karras et al. (2018, appendix D; their metrics/sliced_wasserstein.py):
/// blur with the 5x5 binomial kernel [1 4 6 4 1]ᵀ[1 4 6 4 1]/256 (mirrored edges, d c b | a b c d),
/// keep every second pixel (pyr_down); up-sampling inserts zeros and blurs with 4x the kernel
/// (pyr_up). Level k is current - pyr_up(pyr_down(current)); the last level is the low-pass image.
/// Images are float planes [N, C, S, S] in row-major order; S must be divisible by 2^(levels-1).
/// </summary>
public static class LaplacianPyramid
{
    private static readonly float[] Kernel = [1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f];

    /// <summary>
    /// Levels of <paramref name="images"/> ([<paramref name="planes"/>, S, S] with planes = N·C),
    /// finest first: level l has side S/2^l; <paramref name="levels"/> levels in all.
    /// </summary>
    public static float[][] Build(ReadOnlySpan<float> images, int planes, int size, int levels)
    {
        if (levels < 1) throw new ArgumentOutOfRangeException(nameof(levels), $"{levels} levels, expected >= 1");
        if (size % (1 << (levels - 1)) != 0 || size >> (levels - 1) < 3)
            throw new ArgumentException($"a {size}-pixel image cannot hold {levels} pyramid levels");
        if (images.Length != planes * size * size) throw new ArgumentException($"{images.Length} pixels for {planes} planes of {size}x{size}");
        var result = new float[levels][];
        var current = images.ToArray();
        var side = size;
        for (var l = 0; l < levels - 1; l++)
        {
            var down = Down(current, planes, side);
            var up = Up(down, planes, side / 2);
            for (var i = 0; i < current.Length; i++) up[i] = current[i] - up[i];
            result[l] = up;
            current = down;
            side /= 2;
        }
        result[levels - 1] = current;
        return result;
    }

    /// <summary>pyr_down: binomial blur with mirrored edges, then every second pixel (even rows and columns).</summary>
    public static float[] Down(ReadOnlySpan<float> images, int planes, int size)
    {
        var blurred = Blur(images, planes, size, 1f);
        var half = size / 2;
        var result = new float[planes * half * half];
        for (var p = 0; p < planes; p++)
            for (var y = 0; y < half; y++)
                for (var x = 0; x < half; x++)
                    result[(p * half + y) * half + x] = blurred[(p * size + 2 * y) * size + 2 * x];
        return result;
    }

    /// <summary>pyr_up: zeros inserted between pixels (values at even positions), then blurred with 4x the kernel.</summary>
    public static float[] Up(ReadOnlySpan<float> images, int planes, int size)
    {
        var twice = 2 * size;
        var spread = new float[planes * twice * twice];
        for (var p = 0; p < planes; p++)
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                    spread[(p * twice + 2 * y) * twice + 2 * x] = images[(p * size + y) * size + x];
        return Blur(spread, planes, twice, 4f);
    }

    // Separable blur; the 2-D binomial kernel is the outer product of the 1-D one, and mirrored
    // edges act per axis, so two 1-D passes equal the 2-D convolution.
    private static float[] Blur(ReadOnlySpan<float> src, int planes, int size, float gain)
    {
        var tmp = new float[src.Length];
        var dst = new float[src.Length];
        for (var p = 0; p < planes; p++)
        {
            var o = p * size * size;
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    float v = 0;
                    for (var j = -2; j <= 2; j++) v += Kernel[j + 2] * src[o + y * size + Mirror(x + j, size)];
                    tmp[o + y * size + x] = v;
                }
            for (var y = 0; y < size; y++)
                for (var x = 0; x < size; x++)
                {
                    float v = 0;
                    for (var j = -2; j <= 2; j++) v += Kernel[j + 2] * tmp[o + Mirror(y + j, size) * size + x];
                    dst[o + y * size + x] = v * gain;
                }
        }
        return dst;
    }

    private static int Mirror(int i, int n) => i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
}
