using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>What a safetensors file holds: tensors by name (in header order) and string metadata.</summary>
public sealed class SafeTensorsContent(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyList<string> names, IReadOnlyDictionary<string, string> metadata)
{
    /// <summary>The file read.</summary>
    public string Path { get; } = path;

    /// <summary>Tensors by name (float32).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    /// <summary>Tensor names in header order.</summary>
    public IReadOnlyList<string> Names { get; } = names;

    /// <summary>The <c>__metadata__</c> strings (including the checksum).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; } = metadata;

    /// <summary>The tensor called <paramref name="name"/>; a one-line error naming the file if it is missing.</summary>
    public Tensor Get(string name) =>
        Tensors.TryGetValue(name, out var t) ? t : throw new BadInputException($"{Path}: tensor '{name}' is missing");

    /// <summary>A metadata value; a one-line error naming the file if it is missing.</summary>
    public string Meta(string key) =>
        Metadata.TryGetValue(key, out var v) ? v : throw new BadInputException($"{Path}: metadata entry '{key}' is missing");
}
