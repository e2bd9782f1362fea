using System.Text.Json.Nodes;
using Galforge.Engine;

namespace Galforge.Models.Generation;

/// <summary>
/// The region of latent space the training galaxies occupy: per latent dimension, the range of
/// the encoder means of the flow's training galaxies, widened by <see cref="Margin"/> of that
/// range on each side. A masked autoregressive flow is sampled by inverting its bijectors one
/// dimension at a time, and for a small fraction of requests (about 1 in 200 on the shipped model,
/// bright and large galaxies) an early dimension lands far out, the later ones follow it and the
/// latent explodes (norms of 10^7 to 10^16; the decoder then returns galaxies of magnitude -12).
/// Generation redraws the flow's base noise for a galaxy whose latent is outside this box, so
/// what the decoder sees is a latent like those it was trained on.
/// </summary>
public sealed class LatentSupport
{
    /// <summary>Widening of each dimension's training range on either side, as a fraction of the range.</summary>
    public const double Margin = 0.1;

    private readonly double[] _low;
    private readonly double[] _high;

    /// <param name="min">Smallest training value per latent dimension.</param>
    /// <param name="max">Largest training value per latent dimension.</param>
    public LatentSupport(double[] min, double[] max)
    {
        if (min.Length != max.Length) throw new ArgumentException($"latent support: {min.Length} minima and {max.Length} maxima");
        for (var k = 0; k < min.Length; k++)
            if (!(min[k] <= max[k]) || !double.IsFinite(min[k]) || !double.IsFinite(max[k]))
                throw new BadInputException($"latent support: dimension {k} has range [{min[k]}, {max[k]}], expected finite min <= max");
        Min = min;
        Max = max;
        _low = new double[min.Length];
        _high = new double[min.Length];
        for (var k = 0; k < min.Length; k++)
        {
            var pad = Margin * (max[k] - min[k]);
            _low[k] = min[k] - pad;
            _high[k] = max[k] + pad;
        }
    }

    /// <summary>Smallest training value per latent dimension.</summary>
    public double[] Min { get; }

    /// <summary>Largest training value per latent dimension.</summary>
    public double[] Max { get; }

    /// <summary>Latent dimension.</summary>
    public int Dimension => Min.Length;

    /// <summary>The training range of <paramref name="rows"/> of <paramref name="latents"/> (N x d, row-major).</summary>
    public static LatentSupport Of(float[] latents, int d, IReadOnlyList<int> rows)
    {
        var min = new double[d];
        var max = new double[d];
        Array.Fill(min, double.PositiveInfinity);
        Array.Fill(max, double.NegativeInfinity);
        foreach (var r in rows)
            for (var k = 0; k < d; k++)
            {
                double v = latents[r * d + k];
                if (v < min[k]) min[k] = v;
                if (v > max[k]) max[k] = v;
            }
        return new LatentSupport(min, max);
    }

    /// <summary>Whether <paramref name="z"/> is finite and inside the widened box.</summary>
    public bool Contains(ReadOnlySpan<float> z)
    {
        if (z.Length != Dimension) throw new ArgumentException($"latent of length {z.Length}, expected {Dimension}");
        for (var k = 0; k < z.Length; k++)
            if (!(z[k] >= _low[k] && z[k] <= _high[k])) return false;
        return true;
    }

    /// <summary>Moves <paramref name="z"/> to the nearest point of the widened box (NaN to the middle of the training range).</summary>
    public void Clamp(Span<float> z)
    {
        for (var k = 0; k < z.Length; k++)
            z[k] = float.IsNaN(z[k]) ? (float)(0.5 * (Min[k] + Max[k])) : (float)Math.Clamp(z[k], _low[k], _high[k]);
    }

    /// <summary>The run.json block.</summary>
    public JsonObject ToJson() => new()
    {
        ["margin"] = Margin,
        ["min"] = new JsonArray([.. Min.Select(v => (JsonNode)v)]),
        ["max"] = new JsonArray([.. Max.Select(v => (JsonNode)v)]),
    };

    /// <summary>Reads a run.json block; null when the run has none (trained before it was recorded).</summary>
    public static LatentSupport? FromJson(JsonNode? node, int latent, string source)
    {
        if (node is null) return null;
        try
        {
            var min = (node["min"] as JsonArray ?? throw new BadInputException($"{source}: latent_support has no 'min'")).Select(v => v!.GetValue<double>()).ToArray();
            var max = (node["max"] as JsonArray ?? throw new BadInputException($"{source}: latent_support has no 'max'")).Select(v => v!.GetValue<double>()).ToArray();
            if (min.Length != latent || max.Length != latent)
                throw new BadInputException($"{source}: latent_support has {min.Length}/{max.Length} values, expected {latent} (the VAE's latent size)");
            var margin = node["margin"]?.GetValue<double>();
            if (margin != Margin) throw new BadInputException($"{source}: latent_support margin {margin}, expected {Margin} (another version)");
            return new LatentSupport(min, max);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new BadInputException($"{source}: latent_support block is malformed: {e.Message}");
        }
    }
}
