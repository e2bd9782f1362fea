namespace Galforge.Engine;

public static partial class Functional
{
    /// <summary>
    /// Layer normalisation over the trailing dimensions <paramref name="normalizedShape"/>:
    /// (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance (as PyTorch).
    /// </summary>
    public static Tensor LayerNorm(Tensor x, int[] normalizedShape, Tensor? weight = null, Tensor? bias = null, float eps = 1e-5f)
    {
        var k = normalizedShape.Length;
        var ok = k >= 1 && k <= x.Rank;
        for (var i = 0; ok && i < k; i++) ok = x._shape[x.Rank - k + i] == normalizedShape[i];
        if (!ok)
            throw new TensorShapeException("layer_norm", $"input {x.ShapeText} does not end in normalized shape {TensorShapeException.Format(normalizedShape)}");
        if (weight is not null && !weight._shape.AsSpan().SequenceEqual(normalizedShape))
            throw new TensorShapeException("layer_norm", $"weight {weight.ShapeText} does not match normalized shape {TensorShapeException.Format(normalizedShape)}");
        if (bias is not null && !bias._shape.AsSpan().SequenceEqual(normalizedShape))
            throw new TensorShapeException("layer_norm", $"bias {bias.ShapeText} does not match normalized shape {TensorShapeException.Format(normalizedShape)}");
        var axes = new int[k];
        for (var i = 0; i < k; i++) axes[i] = x.Rank - k + i;
        var centered = x.Sub(x.Mean(axes, keepDim: true));
        var variance = centered.Mul(centered).Mean(axes, keepDim: true);
        var y = centered.Mul(variance.Add(eps).Rsqrt());
        if (weight is not null) y = y.Mul(weight);
        if (bias is not null) y = y.Add(bias);
        return y;
    }

    /// <summary>
    /// Pixel-wise feature normalisation (Karras et al. 2018, eq. 2): each pixel's feature vector
    /// divided by sqrt(mean over channels of x² + eps). x is [N, C, H, W].
    /// </summary>
    public static Tensor PixelNorm(Tensor x, float eps = 1e-8f)
    {
        if (x.Rank < 2) throw new TensorShapeException("pixel_norm", $"input {x.ShapeText} must have a channel dimension (rank >= 2)");
        return x.Mul(x.Mul(x).Mean(1, keepDim: true).Add(eps).Rsqrt());
    }

    /// <summary>
    /// Minibatch standard deviation layer (Karras et al. 2018, section 3): splits the batch into
    /// groups of <paramref name="groupSize"/> (sample n belongs to group member n / (N/G)), takes
    /// the standard deviation of each feature over the group, averages it over features and
    /// pixels, and appends it as one extra constant channel: [N, C, H, W] to [N, C+1, H, W].
    /// </summary>
    public static Tensor MinibatchStdDev(Tensor x, int groupSize = 4, float eps = 1e-8f)
    {
        if (x.Rank != 4) throw new TensorShapeException("minibatch_stddev", $"input {x.ShapeText} must have rank 4 (NCHW)");
        int n = x._shape[0], c = x._shape[1], h = x._shape[2], w = x._shape[3];
        var g = Math.Min(groupSize, n);
        if (g < 1 || n % g != 0)
            throw new TensorShapeException("minibatch_stddev", $"batch {n} of input {x.ShapeText} is not divisible by group size {g}");
        var m = n / g;
        var y = x.Reshape(g, m, c, h, w);
        y = y.Sub(y.Mean(0, keepDim: true));
        var std = y.Mul(y).Mean(0).Add(eps).Sqrt();          // [M, C, H, W]
        var stat = std.Mean([1, 2, 3]);                       // [M]
        var tiled = stat.Reshape(1, m, 1, 1, 1).Expand(g, m, 1, h, w).Reshape(n, 1, h, w);
        return Tensor.Concat([x, tiled], 1);
    }
}
