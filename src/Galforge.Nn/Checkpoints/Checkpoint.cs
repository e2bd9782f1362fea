using System.Globalization;
using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// A training checkpoint in one safetensors file: the parts registered here (modules,
/// optimizers, weight averages, random generators) under prefixes, plus the training step and
/// free-form metadata, so that a run resumes exactly. Register the same parts in the same way
/// before <see cref="Load"/> as before <see cref="Save"/>. Tensors are named
/// <c>prefix.parameter</c> (e.g. <c>vae.enc.0.weight</c>, <c>opt.exp_avg.enc.0.weight</c>);
/// optimizer step counts and generator states go into <c>__metadata__</c> as decimal strings.
/// </summary>
public sealed class Checkpoint
{
    /// <summary>Value of the <c>format</c> metadata entry.</summary>
    public const string Format = "galforge-checkpoint-1";

    private readonly List<KeyValuePair<string, Module>> _modules = [];
    private readonly List<KeyValuePair<string, Optimizer>> _optimizers = [];
    private readonly List<KeyValuePair<string, ExponentialMovingAverage>> _averages = [];
    private readonly List<KeyValuePair<string, PhiloxGenerator>> _generators = [];
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    /// <summary>The training step (saved; set by <see cref="Load"/>).</summary>
    public long Step { get; set; }

    /// <summary>Free-form metadata (seeds, configuration, provenance); saved and restored. Keys must not start with "galforge.".</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Includes a module's parameters and buffers under <paramref name="prefix"/>.</summary>
    public Checkpoint Add(string prefix, Module module) { Claim(prefix); _modules.Add(new(prefix, module)); return this; }

    /// <summary>Includes an optimizer's state and step count under <paramref name="prefix"/>.</summary>
    public Checkpoint Add(string prefix, Optimizer optimizer) { Claim(prefix); _optimizers.Add(new(prefix, optimizer)); return this; }

    /// <summary>Includes a weight average under <paramref name="prefix"/>.</summary>
    public Checkpoint Add(string prefix, ExponentialMovingAverage average) { Claim(prefix); _averages.Add(new(prefix, average)); return this; }

    /// <summary>Includes a random generator's state (seed and counter) under <paramref name="prefix"/>.</summary>
    public Checkpoint Add(string prefix, PhiloxGenerator generator) { Claim(prefix); _generators.Add(new(prefix, generator)); return this; }

    private void Claim(string prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Contains('.'))
            throw new ArgumentException($"checkpoint: prefix '{prefix}' must be non-empty and contain no '.'", nameof(prefix));
        if (!_prefixes.Add(prefix)) throw new ArgumentException($"checkpoint: prefix '{prefix}' is used twice", nameof(prefix));
    }

    /// <summary>Writes everything registered to <paramref name="path"/> atomically.</summary>
    public void Save(string path)
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in Metadata)
        {
            if (k.StartsWith("galforge.", StringComparison.Ordinal) || k == SafeTensorsFile.Sha256Key)
                throw new ArgumentException($"checkpoint: metadata key '{k}' is reserved", nameof(Metadata));
            meta[k] = v;
        }
        meta["galforge.format"] = Format;
        meta["galforge.step"] = Text(Step);
        foreach (var (p, m) in _modules)
            foreach (var (n, t) in m.StateTensors()) tensors.Add(new($"{p}.{n}", t));
        foreach (var (p, o) in _optimizers)
        {
            foreach (var (n, t) in o.StateTensors()) tensors.Add(new($"{p}.{n}", t));
            meta[$"galforge.{p}.kind"] = o.Kind;
            meta[$"galforge.{p}.step"] = Text(o.StepCount);
            meta[$"galforge.{p}.learning_rate"] = o.LearningRate.ToString("R", CultureInfo.InvariantCulture);
        }
        foreach (var (p, a) in _averages)
        {
            foreach (var (n, t) in a.StateTensors()) tensors.Add(new($"{p}.{n}", t));
            meta[$"galforge.{p}.decay"] = a.Decay.ToString("R", CultureInfo.InvariantCulture);
        }
        foreach (var (p, g) in _generators)
        {
            meta[$"galforge.{p}.philox_seed"] = Text((long)g.State.Seed);
            meta[$"galforge.{p}.philox_counter"] = Text((long)g.State.Counter);
        }
        SafeTensorsFile.Write(path, tensors, meta);
    }

    /// <summary>
    /// Restores every registered part from <paramref name="path"/> and sets <see cref="Step"/> and
    /// <see cref="Metadata"/>. A missing or mis-shaped tensor, a missing entry, an optimizer of
    /// another kind or a corrupt file is a <see cref="BadInputException"/> naming the file and the tensor.
    /// Nothing is changed unless the whole file checks out.
    /// </summary>
    public void Load(string path)
    {
        var c = SafeTensorsFile.Read(path);
        if (!c.Metadata.TryGetValue("galforge.format", out var format) || format != Format)
            throw new BadInputException($"{path}: not a Galforge checkpoint (metadata 'galforge.format' is '{format ?? "missing"}', expected '{Format}')");
        // Validate everything first, so a bad file leaves the model untouched.
        foreach (var (p, m) in _modules) CheckAll(c, p, m.StateTensors());
        foreach (var (p, o) in _optimizers)
        {
            var kind = c.Meta($"galforge.{p}.kind");
            if (kind != o.Kind) throw new BadInputException($"{path}: optimizer '{p}' was saved as '{kind}', expected '{o.Kind}'");
            CheckAll(c, p, o.StateTensors());
            ParseLong(c, $"galforge.{p}.step");
        }
        foreach (var (p, a) in _averages) CheckAll(c, p, a.StateTensors());
        foreach (var (p, _) in _generators)
        {
            ParseLong(c, $"galforge.{p}.philox_seed");
            ParseLong(c, $"galforge.{p}.philox_counter");
        }
        var step = ParseLong(c, "galforge.step");

        foreach (var (p, m) in _modules) m.LoadStateTensors(c.Tensors, path, p + ".");
        foreach (var (p, o) in _optimizers) o.LoadState(c.Tensors, ParseLong(c, $"galforge.{p}.step"), path, p + ".");
        foreach (var (p, a) in _averages) a.LoadState(c.Tensors, path, p + ".");
        foreach (var (p, g) in _generators)
            g.State = new PhiloxState((ulong)ParseLong(c, $"galforge.{p}.philox_seed"), (ulong)ParseLong(c, $"galforge.{p}.philox_counter"));
        Step = step;
        Metadata.Clear();
        foreach (var (k, v) in c.Metadata)
            if (!k.StartsWith("galforge.", StringComparison.Ordinal) && k != SafeTensorsFile.Sha256Key) Metadata[k] = v;
    }

    private static void CheckAll(SafeTensorsContent c, string prefix, IReadOnlyList<KeyValuePair<string, Tensor>> expected)
    {
        foreach (var (n, t) in expected)
        {
            var name = $"{prefix}.{n}";
            var v = c.Get(name);
            if (!Module.SameShape(v, t))
                throw new BadInputException($"{c.Path}: tensor '{name}' has shape {Module.ShapeText(v)}, expected {Module.ShapeText(t)}");
        }
    }

    private static long ParseLong(SafeTensorsContent c, string key)
    {
        var s = c.Meta(key);
        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new BadInputException($"{c.Path}: metadata entry '{key}' is '{s}', expected an integer");
    }

    private static string Text(long v) => v.ToString(CultureInfo.InvariantCulture);
}
