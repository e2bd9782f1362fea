using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Galforge.Models.Training;

/// <summary>
/// File names and small helpers shared by the training runs: <c>run.json</c> (what the run is),
/// <c>checkpoint.safetensors</c> (resume state), <c>best.safetensors</c> (weights with the best
/// validation loss), sample grids and the model card. Every file is written to a temporary
/// sibling and renamed into place, so a kill never leaves a half-written file.
/// </summary>
public static class RunFiles
{
    /// <summary>Run metadata file.</summary>
    public const string RunJson = "run.json";

    /// <summary>Latest resumable checkpoint.</summary>
    public const string Checkpoint = "checkpoint.safetensors";

    /// <summary>Weights with the best validation loss.</summary>
    public const string Best = "best.safetensors";

    /// <summary>Model card, JSON.</summary>
    public const string CardJson = "model_card.json";

    /// <summary>Model card, Markdown.</summary>
    public const string CardMarkdown = "model_card.md";

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void WriteAtomic(string path, string text) => WriteAtomic(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAtomic(string path, byte[] bytes)
    {
        var tmp = path + ".tmp-" + Environment.ProcessId;
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Writes a JSON object atomically, indented.</summary>
    public static void WriteJson(string path, JsonNode node) =>
        WriteAtomic(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>Reads a JSON object; a missing or malformed file is a one-line error.</summary>
    public static JsonObject ReadJson(string path)
    {
        if (!File.Exists(path)) throw new BadInputException($"{path}: not found");
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new BadInputException($"{path}: expected a JSON object");
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(s));
    }

    /// <summary>A required string member of run metadata.</summary>
    public static string Str(JsonObject o, string key, string source) =>
        o[key]?.GetValue<string>() ?? throw new BadInputException($"{source}: '{key}' is missing");

    /// <summary>A required numeric member of run metadata.</summary>
    public static double Num(JsonObject o, string key, string source) =>
        o[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : throw new BadInputException($"{source}: '{key}' is missing or not a number");

    /// <summary>
    /// The dataset's training/validation split, the same one <see cref="Galforge.Astro.Datasets.TrainingLoader"/>
    /// gives for this seed (one split definition for every trainer); at least one galaxy on each side.
    /// </summary>
    public static (int[] Train, int[] Validation) Split(Galforge.Astro.Datasets.GalaxyDataset dataset, double fraction, ulong seed)
    {
        if (dataset.Count < 2) throw new BadInputException($"dataset has {dataset.Count} galaxies, need at least 2 to hold some out for validation");
        var loader = new Galforge.Astro.Datasets.TrainingLoader(dataset, fraction, unchecked((long)seed));
        if (loader.Validation.Length == 0 || loader.Train.Length == 0)
            throw new BadInputException($"dataset has {dataset.Count} galaxies: validation fraction {fraction} leaves {loader.Validation.Length} for validation and {loader.Train.Length} for training, need at least 1 each");
        return (loader.Train, loader.Validation);
    }

    /// <summary>The creation-time fields every run.json records.</summary>
    public static JsonObject Header(string kind, string command, ulong seed) => new()
    {
        ["kind"] = kind,
        ["format"] = "galforge-run-1",
        ["tool"] = "galforge " + (typeof(RunFiles).Assembly.GetName().Version?.ToString(3) ?? "0.1.0"),
        ["created"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        ["command"] = command,
        ["seed"] = seed,
    };
}
