// Times the oneDNN kernels on the reference-model layer shapes (tools/bench/conv_shapes.json)
// and prints one JSON line per layer and pass. tools/bench/conv_compare.py runs this alternately
// with tools/bench/conv_torch.py and prints the ratios.
//
//   dotnet run -c Release --project tools/bench/KernelBench -- --threads 1 [--layout auto|blocked|plain]
//       [--repeats 7] [--shapes tools/bench/conv_shapes.json] [--filter TEXT] [--no-gemm] [--clock wall|cpu|wall-best]
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Galforge.Engine.Kernels;
using Galforge.Engine.Native;

var threads = 1;
var layout = OneDnnLayout.Auto;
var repeats = 7;
var shapesPath = "tools/bench/conv_shapes.json";
string? filter = null;
var gemm = true;
var clock = KernelClock.Wall;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--layout": layout = Enum.Parse<OneDnnLayout>(args[++i], ignoreCase: true); break;
        case "--repeats": repeats = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--shapes": shapesPath = args[++i]; break;
        case "--filter": filter = args[++i]; break;
        case "--no-gemm": gemm = false; break;
        case "--clock":
            clock = args[++i] switch
            {
                "wall" => KernelClock.Wall,
                "cpu" => KernelClock.ProcessCpu,
                "wall-best" => KernelClock.WallBest,
                var other => throw new ArgumentException($"--clock {other}: expected wall, cpu or wall-best"),
            };
            break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}
// The backend reads its thread count at every call.
Environment.SetEnvironmentVariable("GALFORGE_THREADS", threads.ToString(CultureInfo.InvariantCulture));
var kernels = new OneDnnKernels(layout);

using var doc = JsonDocument.Parse(File.ReadAllText(shapesPath));
foreach (var s in doc.RootElement.EnumerateArray())
{
    var name = s.GetProperty("name").GetString()!;
    if (filter is not null && !name.Contains(filter, StringComparison.Ordinal)) continue;
    int Get(string p) => s.GetProperty(p).GetInt32();
    int n = Get("n"), cin = Get("cin"), cout = Get("cout"), h = Get("h"), w = Get("w"), k = Get("k"), st = Get("stride"), pad = Get("pad"), op = Get("outpad");
    bool transposed = s.GetProperty("op").GetString() == "convT";
    // A transposed convolution is the backward-data pass of the convolution from its output
    // back to its input: its forward is our backward data, its input gradient our forward.
    var g = transposed
        ? new Conv2dGeometry(n, cout, (h - 1) * st - 2 * pad + k + op, (w - 1) * st - 2 * pad + k + op, cin, k, k, st, st, pad, pad, h, w)
        : Conv2dGeometry.ForConvolution(n, cin, h, w, cout, k, k, st, pad);
    var t = KernelTimer.TimeConvolution(kernels, g, bias: !transposed, repeats, clock);
    var layer = transposed
        ? new[] { ("forward", t.BackwardDataMs, ConvolutionPass.BackwardData), ("grad_input", t.ForwardMs, ConvolutionPass.Forward), ("grad_weight", t.BackwardWeightsMs, ConvolutionPass.BackwardWeights) }
        : new[] { ("forward", t.ForwardMs, ConvolutionPass.Forward), ("grad_input", t.BackwardDataMs, ConvolutionPass.BackwardData), ("grad_weight", t.BackwardWeightsMs, ConvolutionPass.BackwardWeights) };
    foreach (var (pass, ms, kernel) in layer)
        Print(name, s.GetProperty("model").GetString()!, pass, ms, KernelTimer.GigaflopsPerSecond(g.MultiplyAdds, ms),
              kernels.ImplementationOf(g, kernel, bias: !transposed));
}

if (gemm)
{
    // (label, transA, transB, m, n, k): 512^3, and the VAE's linear 4096->64 at batch 32:
    // forward x W^T, input gradient dy W, weight gradient dy^T x.
    var gemms = new (string, bool, bool, int, int, int)[]
    {
        ("sgemm 512x512x512", false, false, 512, 512, 512),
        ("linear 4096->64 forward (32x64x4096, B^T)", false, true, 32, 64, 4096),
        ("linear 4096->64 grad_input (32x4096x64)", false, false, 32, 4096, 64),
        ("linear 4096->64 grad_weight (64x4096x32, A^T)", true, false, 64, 4096, 32),
    };
    foreach (var (name, ta, tb, m, nn, kk) in gemms)
    {
        if (filter is not null && !name.Contains(filter, StringComparison.Ordinal)) continue;
        var ms = KernelTimer.TimeGemm(kernels, ta, tb, m, nn, kk, repeats * 3, clock);
        Print(name, "gemm", "gemm", ms, KernelTimer.GigaflopsPerSecond((long)m * nn * kk, ms), "dnnl_sgemm");
    }
}
return 0;

void Print(string name, string model, string pass, double ms, double gflops, string impl) =>
    Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["name"] = name, ["model"] = model, ["pass"] = pass, ["ms"] = Math.Round(ms, 4),
        ["gflops"] = Math.Round(gflops, 1), ["threads"] = threads, ["layout"] = layout.ToString().ToLowerInvariant(),
        ["impl"] = impl,
    }, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
