using System.Text.Json.Nodes;

namespace Galforge.Models.Generation;

/// <summary>How the benchmarks write a number into their JSON summaries (model cards).</summary>
internal static class SummaryNumber
{
    /// <summary>Rounded to 4 decimals; null (JSON null) when not finite, since JSON has no NaN.</summary>
    public static JsonNode? Round(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;
}
