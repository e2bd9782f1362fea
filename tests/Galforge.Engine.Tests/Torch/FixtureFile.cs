using System.Text;
using Galforge.TestSupport;

namespace Galforge.Engine.Tests.Torch;

/// <summary>One named tensor from a fixture: shape and float32 values.</summary>
public sealed record FixtureTensor(int[] Shape, float[] Data)
{
    public Tensor ToTensor() => Tensor.FromArray(Data, Shape);
}

/// <summary>
/// Reads the fixture files written by tools/torch/make_fixtures.py (format described there):
/// a list of cases, each a dictionary of named tensors.
/// </summary>
public static class FixtureFile
{
    private static readonly Lazy<Dictionary<string, Dictionary<string, FixtureTensor>>> s_ops = new(() => Read(RepoPaths.TestData("torch", "ops.gft")));
    private static readonly Lazy<Dictionary<string, Dictionary<string, FixtureTensor>>> s_critic = new(() => Read(RepoPaths.TestData("torch", "critic.gft")));

    public static Dictionary<string, Dictionary<string, FixtureTensor>> Ops => s_ops.Value;

    public static Dictionary<string, FixtureTensor> Critic => s_critic.Value["critic"];

    public static Dictionary<string, Dictionary<string, FixtureTensor>> Read(string path)
    {
        using var r = new BinaryReader(File.OpenRead(path));
        if (Encoding.ASCII.GetString(r.ReadBytes(4)) != "GFT1") throw new InvalidDataException($"{path}: not a GFT1 fixture file");
        var cases = new Dictionary<string, Dictionary<string, FixtureTensor>>();
        var count = r.ReadUInt32();
        for (var c = 0; c < count; c++)
        {
            var name = ReadString(r);
            var tensors = new Dictionary<string, FixtureTensor>();
            var n = r.ReadUInt32();
            for (var k = 0; k < n; k++)
            {
                var key = ReadString(r);
                var rank = r.ReadByte();
                var shape = new int[rank];
                var len = 1;
                for (var d = 0; d < rank; d++) { shape[d] = r.ReadInt32(); len *= shape[d]; }
                var data = new float[len];
                for (var i = 0; i < len; i++) data[i] = r.ReadSingle();
                tensors[key] = new FixtureTensor(shape, data);
            }
            cases[name] = tensors;
        }
        return cases;
    }

    private static string ReadString(BinaryReader r) => Encoding.UTF8.GetString(r.ReadBytes(r.ReadUInt16()));
}
