using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Galforge.Models.Training;

/// <summary>
/// The model card of a run: model_card.json (the run metadata plus training and evaluation
/// numbers) and model_card.md (the same for people), written atomically.
/// </summary>
public static class ModelCard
{
    /// <summary>Writes both files into <paramref name="outDir"/>.</summary>
    public static void Write(string outDir, JsonObject run, JsonObject evaluation, long steps, bool earlyStopped, double trainingSeconds)
    {
        var card = (JsonObject)run.DeepClone();
        card["training"] = new JsonObject
        {
            ["steps"] = steps,
            ["early_stopped"] = earlyStopped,
            ["training_seconds"] = Math.Round(trainingSeconds, 1),
            ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
        };
        card["evaluation"] = evaluation.DeepClone();
        RunFiles.WriteJson(Path.Combine(outDir, RunFiles.CardJson), card);
        RunFiles.WriteAtomic(Path.Combine(outDir, RunFiles.CardMarkdown), Markdown(card));
    }

    /// <summary>Adds or replaces the evaluation section of an existing card (both files).</summary>
    public static void UpdateEvaluation(string outDir, JsonObject evaluation)
    {
        var path = Path.Combine(outDir, RunFiles.CardJson);
        var card = RunFiles.ReadJson(path);
        var existing = card["evaluation"] as JsonObject ?? new JsonObject();
        foreach (var (k, v) in evaluation) existing[k] = v?.DeepClone();
        card["evaluation"] = existing.DeepClone();
        RunFiles.WriteJson(path, card);
        RunFiles.WriteAtomic(Path.Combine(outDir, RunFiles.CardMarkdown), Markdown(card));
    }

    private static string Markdown(JsonObject card)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# Model card: {card["kind"]}\n\n");
        sb.Append("| | |\n|---|---|\n");
        foreach (var key in new[] { "command", "seed", "created", "tool", "dataset", "dataset_source", "count", "bands", "image_size", "pixel_scale", "conditions", "vae_run", "texture" })
            if (card[key] is { } v) sb.Append(CultureInfo.InvariantCulture, $"| {key} | `{Flat(v)}` |\n");
        if (card["training"] is JsonObject t)
        {
            sb.Append("\n## Training\n\n| | |\n|---|---|\n");
            foreach (var (k, v) in t) sb.Append(CultureInfo.InvariantCulture, $"| {k} | {Flat(v)} |\n");
        }
        foreach (var section in new[] { "config", "flow_config" })
            if (card[section] is JsonObject c)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\n## {section}\n\n| | |\n|---|---|\n");
                foreach (var (k, v) in c) sb.Append(CultureInfo.InvariantCulture, $"| {k} | {Flat(v)} |\n");
            }
        if (card["evaluation"] is JsonObject e)
        {
            sb.Append("\n## Evaluation (held-out data)\n\n| metric | value |\n|---|---|\n");
            foreach (var (k, v) in e) sb.Append(CultureInfo.InvariantCulture, $"| {k} | {Flat(v)} |\n");
        }
        return sb.ToString();
    }

    private static string Flat(JsonNode? v) => v switch
    {
        null => "",
        JsonValue j when j.TryGetValue<double>(out var d) => d.ToString("G6", CultureInfo.InvariantCulture),
        JsonValue j => j.ToString(),
        _ => v.ToJsonString(new JsonSerializerOptions { WriteIndented = false }),
    };
}
