#:project ../../src/Galforge.Astro/Galforge.Astro.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// Measurement speed per stamp: `dotnet run tools/measurement/bench_measure.cs [size] [count]`.
// Renders `count` noisy exponential disks of size x size pixels (seeded), measures each once to
// warm up, then times GalaxyMeasurer.Measure (detection + statmorph + adaptive moments) on one
// thread and prints milliseconds per stamp (median of 5 passes).
using System.Diagnostics;
using Galforge.Astro.Imaging;
using Galforge.Astro.Measurement;

int size = args.Length > 0 ? int.Parse(args[0]) : 64;
int count = args.Length > 1 ? int.Parse(args[1]) : 50;
var rng = new Random(1);
var stamps = new List<Image>();
for (int k = 0; k < count; k++)
{
    double re = 3 + 4 * rng.NextDouble(), q = 0.4 + 0.6 * rng.NextDouble(), th = Math.PI * rng.NextDouble();
    double xc = size / 2.0 - 0.5 + rng.NextDouble(), yc = size / 2.0 - 0.5 + rng.NextDouble();
    var img = new Image(size, size, 0.2);
    for (int y = 0; y < size; y++)
        for (int x = 0; x < size; x++)
        {
            double dx = x - xc, dy = y - yc, u = dx * Math.Cos(th) + dy * Math.Sin(th), v = (-dx * Math.Sin(th) + dy * Math.Cos(th)) / q;
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            img[x, y] = (float)(50 * Math.Exp(-1.678 * (Math.Sqrt(u * u + v * v) / re - 1)) + noise);
        }
    stamps.Add(img);
}
var options = new MeasurementOptions { Gain = 1, ZeroPoint = 25 };
foreach (var s in stamps) GalaxyMeasurer.Measure(s, options: options);
var passes = new List<double>();
var cpu = new List<double>();
int flagged = 0;
var proc = Process.GetCurrentProcess();
for (int p = 0; p < 5; p++)
{
    proc.Refresh();
    var cpu0 = proc.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    foreach (var s in stamps) if (GalaxyMeasurer.Measure(s, options: options).Flag >= 2) flagged++;
    passes.Add(sw.Elapsed.TotalMilliseconds / stamps.Count);
    proc.Refresh();
    cpu.Add((proc.TotalProcessorTime - cpu0).TotalMilliseconds / stamps.Count);
}
passes.Sort();
cpu.Sort();
// CPU time is reported beside wall time because a shared machine inflates the wall clock.
Console.WriteLine($"measure {size}x{size}: {passes[2]:F2} ms wall, {cpu[2]:F2} ms CPU per stamp (median of 5 passes over {count} stamps, 1 thread; wall min {passes[0]:F2}); flagged >= 2: {flagged / 5} of {count}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
