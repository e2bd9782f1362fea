using System.Diagnostics;
using Galforge.Astro.Fits;

// Throughput of our FITS reader and writer on a 4096x4096 float32 image (64 MiB), and of the
// HCOMPRESS_1 decompression of the KiDS/VIKING field when the shared data is present.
var tmp = Path.Combine(Path.GetTempPath(), $"fitsbench-{Environment.ProcessId}.fits");
const int n = 4096;
var data = new float[n * n];
var rng = new Random(1);
for (var i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
var mb = data.Length * 4 / 1e6;
try
{
    for (var rep = 0; rep < 3; rep++)
    {
        var sw = Stopwatch.StartNew();
        FitsFile.WriteAtomically(tmp, w => w.WriteImage(new FitsImage([n, n], data)));
        var write = sw.Elapsed.TotalSeconds;
        sw.Restart();
        using (var reader = FitsReader.Open(tmp)) reader.ReadImage(0);
        var read = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"float32 {n}x{n} ({mb:F0} MB): write {mb / write:F0} MB/s, read {mb / read:F0} MB/s");
    }
}
finally
{
    File.Delete(tmp);
}
foreach (var band in new[] { "g", "Ks" })
{
    var path = Path.Combine(Environment.GetEnvironmentVariable("GALFORGE_SHARED_DATA") ?? "../shared/data", "kids-viking-9band", $"{band}.fits");
    if (!File.Exists(path)) continue;
    var sw = Stopwatch.StartNew();
    using var reader = FitsReader.Open(path);
    var image = reader.ReadImage(1);
    Console.WriteLine($"HCOMPRESS_1 {band} {image.Width}x{image.Height}: {sw.ElapsedMilliseconds} ms ({image.Length * 4 / 1e6 / sw.Elapsed.TotalSeconds:F1} MB/s of float32 pixels)");
}
