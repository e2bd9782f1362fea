using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>
/// The safetensors format (Hugging Face): an 8-byte little-endian header length, a UTF-8 JSON
/// header <c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {string: string}}</c>
/// padded with spaces to a multiple of 8 bytes, then the raw little-endian data, offsets relative
/// to the end of the header. Writes F32 tensors; reads F32 (and F64/F16/BF16/I64/I32 converted to
/// float32). Every file written carries the SHA-256 of its data in <c>__metadata__["sha256"]</c>,
/// checked on reading, and is written atomically (temporary file, then rename).
/// </summary>
public static class SafeTensorsFile
{
    /// <summary>Metadata key holding the lower-case hex SHA-256 of the data section.</summary>
    public const string Sha256Key = "sha256";

    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>
    /// Writes <paramref name="tensors"/> (names unique, in the given order) and
    /// <paramref name="metadata"/> to <paramref name="path"/> atomically.
    /// </summary>
    public static void Write(string path, IReadOnlyList<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (metadata is not null && metadata.ContainsKey(Sha256Key))
            throw new ArgumentException($"safetensors: metadata key '{Sha256Key}' is reserved for the data checksum", nameof(metadata));
        long offset = 0;
        var offsets = new long[tensors.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tensors.Count; i++)
        {
            if (!seen.Add(tensors[i].Key)) throw new ArgumentException($"safetensors: tensor name '{tensors[i].Key}' appears twice", nameof(tensors));
            if (tensors[i].Key == "__metadata__") throw new ArgumentException("safetensors: '__metadata__' cannot name a tensor", nameof(tensors));
            offsets[i] = offset;
            offset += 4L * tensors[i].Value.Length;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (_, t) in tensors) sha.AppendData(AsBytes(t));
        var digest = Convert.ToHexStringLower(sha.GetHashAndReset());

        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            if (metadata is not null)
                foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal)) w.WriteString(k, v);
            w.WriteString(Sha256Key, digest);
            w.WriteEndObject();
            for (var i = 0; i < tensors.Count; i++)
            {
                var (name, t) = tensors[i];
                w.WriteStartObject(name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offsets[i]);
                w.WriteNumberValue(offsets[i] + 4L * t.Length);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        var padded = (json.Length + 7) / 8 * 8;
        while (json.Length < padded) json.WriteByte((byte)' ');

        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var f = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> len = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)json.Length);
                f.Write(len);
                json.Position = 0;
                json.CopyTo(f);
                foreach (var (_, t) in tensors) f.Write(AsBytes(t));
                f.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    private static ReadOnlySpan<byte> AsBytes(Tensor t)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: big-endian hosts are not supported");
        return MemoryMarshal.AsBytes<float>(t.Data);
    }

    /// <summary>
    /// Reads every tensor and the metadata of <paramref name="path"/>. A truncated or corrupt file,
    /// a bad header entry or a checksum mismatch is a <see cref="BadInputException"/> naming the
    /// file (and the tensor where one is at fault).
    /// </summary>
    public static SafeTensorsContent Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException($"{path}: cannot read safetensors file: {e.Message}", e);
        }
        if (bytes.Length < 8)
            throw new BadInputException($"{path}: not a safetensors file: {bytes.Length} bytes, expected at least the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || 8 + (long)headerLength > bytes.Length)
            throw new BadInputException($"{path}: truncated or not a safetensors file: header length {headerLength} but the file has {bytes.Length} bytes");
        var dataStart = 8 + (int)headerLength;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{path}: corrupt safetensors header: {e.Message}", e);
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var order = new List<string>();
        var dataLength = bytes.Length - dataStart;
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new BadInputException($"{path}: corrupt safetensors header: expected a JSON object");
            long maxEnd = 0;
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object)
                        throw new BadInputException($"{path}: __metadata__ must be an object of strings");
                    foreach (var m in entry.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw new BadInputException($"{path}: __metadata__ entry '{m.Name}' is not a string");
                        metadata[m.Name] = m.Value.GetString()!;
                    }
                    continue;
                }
                var (t, end) = ReadTensor(path, entry, bytes.AsSpan(dataStart), dataLength);
                tensors[entry.Name] = t;
                order.Add(entry.Name);
                maxEnd = Math.Max(maxEnd, end);
            }
            if (metadata.TryGetValue(Sha256Key, out var expected))
            {
                var actual = Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(dataStart)));
                if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                    throw new BadInputException($"{path}: data checksum mismatch (SHA-256 {actual}, header says {expected}): the file is corrupt");
            }
        }
        return new SafeTensorsContent(path, tensors, order, metadata);
    }

    private static (Tensor Tensor, long End) ReadTensor(string path, JsonProperty entry, ReadOnlySpan<byte> data, long dataLength)
    {
        var name = entry.Name;
        var e = entry.Value;
        if (e.ValueKind != JsonValueKind.Object
            || !e.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String
            || !e.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array
            || !e.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array || offEl.GetArrayLength() != 2)
            throw new BadInputException($"{path}: tensor '{name}': header entry needs dtype (string), shape (array) and data_offsets ([begin, end])");
        var dtype = dtypeEl.GetString()!;
        var elementSize = dtype switch { "F32" or "I32" => 4, "F64" or "I64" => 8, "F16" or "BF16" => 2, _ => 0 };
        if (elementSize == 0)
            throw new BadInputException($"{path}: tensor '{name}': dtype '{dtype}' is not supported (expected F32, F64, F16, BF16, I32 or I64)");
        var shape = new int[shapeEl.GetArrayLength()];
        long count = 1;
        var k = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (!d.TryGetInt32(out var v) || v < 0)
                throw new BadInputException($"{path}: tensor '{name}': shape entry {d} is not a non-negative integer");
            shape[k++] = v;
            count *= v;
        }
        if (!offEl[0].TryGetInt64(out var begin) || !offEl[1].TryGetInt64(out var end) || begin < 0 || end < begin)
            throw new BadInputException($"{path}: tensor '{name}': data_offsets must be two integers 0 <= begin <= end");
        if (end - begin != count * elementSize)
            throw new BadInputException($"{path}: tensor '{name}': data_offsets span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {count * elementSize}");
        if (end > dataLength)
            throw new BadInputException($"{path}: truncated: tensor '{name}' ends at data byte {end} but the file holds {dataLength} data bytes");
        var src = data.Slice((int)begin, (int)(end - begin));
        var values = new float[count];
        switch (dtype)
        {
            case "F32":
                src.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
                break;
            case "F64":
                for (var i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]);
                break;
            case "I64":
                for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(src[(8 * i)..]);
                break;
            case "I32":
                for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]);
                break;
            case "F16":
                for (var i = 0; i < values.Length; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]);
                break;
            default: // BF16: the top 16 bits of a float32
                for (var i = 0; i < values.Length; i++) values[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) << 16);
                break;
        }
        return (Tensor.Wrap(values, shape), end);
    }
}
