#:project ../../src/Galforge.Models/Galforge.Models.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// Quality numbers for a progressive-GAN run (model card):
//   dotnet run tools/gan/evaluate_gan.cs RUN DATASET COUNT SEED OUTDIR
// 1. Generates COUNT galaxies (seed SEED) and writes OUTDIR/generated.fits and OUTDIR/real.fits
//    (galaxy cubes, one W x H x N cube per band) for `galforge evaluate --real --generated`
//    (Wasserstein/baseline ratios of the measured morphology and colours).
// 2. Karras et al. (2018, appendix D) sliced Wasserstein distance on Laplacian pyramids, per
//    level (64, 32, 16 px): 128 random 7x7 patches per image, each set normalised per channel,
//    4 x 512 random directions, x1e3; against the real-vs-real baseline (two disjoint halves).
// 3. Nearest-neighbour diversity in arcsinh pixel space: generated -> real distances against
//    real (held-out half) -> real (other half), and the count of near copies (closer to a real
//    image than the 1st percentile of real-to-real distances).
using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;
using Galforge.Engine;
using Galforge.Models.Gan;
using Galforge.Models.Generation;

var ci = CultureInfo.InvariantCulture;
string run = args[0], datasetPath = args[1], outDir = args[4];
int count = int.Parse(args[2], ci);
var seed = ulong.Parse(args[3], ci);
Directory.CreateDirectory(outDir);
var model = ProgressiveGanGenerator.Load(run);
var ds = GalaxyDataset.Read(datasetPath);
var norm = new AsinhNormalization(model.Info.AsinhScales);
int bands = ds.BandCount, size = ds.Height, plane = size * size, per = bands * plane;
var clock = System.Diagnostics.Stopwatch.StartNew();
var gen = model.Generate(new GenerationRequest(count, null, seed));
var genSeconds = clock.Elapsed.TotalSeconds;
// Real: 2*count galaxies drawn without replacement (seeded), halves A and B.
var rng = new Random((int)seed);
var order = Enumerable.Range(0, ds.Count).OrderBy(_ => rng.Next()).Take(Math.Min(2 * count, ds.Count)).ToArray();
var real = new float[order.Length * per];
for (var i = 0; i < order.Length; i++)
    for (var b = 0; b < bands; b++) ds.Image(order[i], b).CopyTo(real.AsSpan(i * per + b * plane, plane));
WriteCube(Path.Combine(outDir, "generated.fits"), gen.Images, count);
WriteCube(Path.Combine(outDir, "real.fits"), real, Math.Min(count, order.Length));
float[] Normalised(float[] x, int n)
{
    var y = (float[])x.Clone();
    for (var i = 0; i < n; i++) for (var b = 0; b < bands; b++) norm.Forward(y.AsSpan(i * per + b * plane, plane), b);
    return y;
}
var half = order.Length / 2;
var realA = Normalised(real[..(half * per)], half);
var realB = Normalised(real[(half * per)..(2 * half * per)], half);
var genN = Normalised(gen.Images, count);
Console.WriteLine($"run {run}: stage {model.Stage} alpha {model.Alpha}; {count} generated, real halves of {half} (seed {seed})");
Console.WriteLine(string.Create(ci, $"generation: {count} galaxies in {genSeconds:0.00} s ({count / genSeconds:0.0} galaxies/s, {Galforge.Engine.Kernels.KernelProvider.Current.Kind}, {Environment.ProcessorCount} cores visible, machine shared)"));
var swdGen = Swd(Pyramid(realA, half), Pyramid(genN, count), seed);
var swdBase = Swd(Pyramid(realA, half), Pyramid(realB, half), seed);
for (var l = 0; l < swdGen.Length; l++)
    Console.WriteLine(string.Create(ci, $"SWD level {size >> l}px: generated-vs-real {swdGen[l]:0.00}  real-vs-real {swdBase[l]:0.00}  ratio {swdGen[l] / swdBase[l]:0.00}"));
var rr = Nearest(realB, half, realA, half);
var gr = Nearest(genN, count, realA, half);
var sortedRr = rr.OrderBy(v => v).ToArray();
var p1 = sortedRr[(int)(0.01 * (sortedRr.Length - 1))];
Console.WriteLine(string.Create(ci, $"nearest-neighbour L2 (arcsinh units): generated->real median {Median(gr):0.000}, real->real median {Median(rr):0.000}; ratio {Median(gr) / Median(rr):0.00}"));
Console.WriteLine(string.Create(ci, $"near copies: {gr.Count(v => v < p1)} of {count} generated closer to a real image than the 1st percentile of real->real ({p1:0.000})"));
// Diversity among generated: median distance to the nearest other generated image vs the same for real.
var gg = NearestOther(genN, count);
var rrSelf = NearestOther(realA, half);
Console.WriteLine(string.Create(ci, $"within-set nearest neighbour: generated median {Median(gg):0.000}, real median {Median(rrSelf):0.000}"));

void WriteCube(string path, float[] images, int n)
{
    using var w = new FitsWriter(new FileStream(path, FileMode.Create));
    w.WriteEmptyPrimary();
    for (var b = 0; b < bands; b++)
    {
        var cube = new float[n * plane];
        for (var i = 0; i < n; i++) Array.Copy(images, i * per + b * plane, cube, i * plane, plane);
        w.WriteImage(new FitsImage([size, size, n], cube), FitsStorage.Float32, ds.Bands[b].Name);
    }
}

// Laplacian pyramid levels (finest first): x - up(down(x)) at 64 and 32, the low-pass at 16.
List<float[]> Pyramid(float[] x, int n)
{
    var levels = new List<float[]>();
    var t = Tensor.FromArray(x, n, bands, size, size);
    using (Autograd.NoGrad())
        for (var s = size; s >= 16; s /= 2)
        {
            if (s == 16) { levels.Add(t.ToArray()); break; }
            var down = Functional.AvgPool2d(Blur(t), 2);
            levels.Add(t.Sub(Blur(Functional.UpsampleNearest2x(down))).ToArray());
            t = down;
        }
    return levels;
}

// Separable binomial [1 4 6 4 1]/16 blur with mirrored edges.
Tensor Blur(Tensor t)
{
    int n = t.Size(0), c = t.Size(1), s = t.Size(2);
    var src = t.ToArray();
    var tmp = new float[src.Length];
    var dst = new float[src.Length];
    float[] k = [1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f];
    int M(int i) => i < 0 ? -i : i >= s ? 2 * s - 2 - i : i;
    for (var p = 0; p < n * c; p++)
    {
        var o = p * s * s;
        for (var y = 0; y < s; y++) for (var x = 0; x < s; x++)
            { float v = 0; for (var j = -2; j <= 2; j++) v += k[j + 2] * src[o + y * s + M(x + j)]; tmp[o + y * s + x] = v; }
        for (var y = 0; y < s; y++) for (var x = 0; x < s; x++)
            { float v = 0; for (var j = -2; j <= 2; j++) v += k[j + 2] * tmp[o + M(y + j) * s + x]; dst[o + y * s + x] = v; }
    }
    return Tensor.FromArray(dst, n, c, s, s);
}

double[] Swd(List<float[]> a, List<float[]> b, ulong s)
{
    var result = new double[a.Count];
    for (var l = 0; l < a.Count; l++)
    {
        var side = size >> l;
        var (da, ma) = Descriptors(a[l], a[l].Length / (bands * side * side), side, s + 1);
        var (db, mb) = Descriptors(b[l], b[l].Length / (bands * side * side), side, s + 2);
        var m = Math.Min(ma, mb);
        var dim = bands * 49;
        var r = new PhiloxGenerator(s + 7);
        double total = 0;
        const int repeats = 4, dirs = 512;
        for (var rep = 0; rep < repeats; rep++)
        {
            // Unit random directions [dim, dirs]; projections by one matrix product per set.
            var dir = Tensor.RandN(r, dim, dirs);
            var norms = dir.Pow(2f).Sum(0, keepDim: true).Sqrt();
            dir = dir.Div(norms);
            var pa = Tensor.FromArray(da[..(m * dim)], m, dim).MatMul(dir).T().ToArray();
            var pb = Tensor.FromArray(db[..(m * dim)], m, dim).MatMul(dir).T().ToArray();
            double sum = 0;
            for (var d = 0; d < dirs; d++)
            {
                var x = pa.AsSpan(d * m, m);
                var y = pb.AsSpan(d * m, m);
                x.Sort();
                y.Sort();
                double acc = 0;
                for (var i = 0; i < m; i++) acc += Math.Abs(x[i] - y[i]);
                sum += acc / m;
            }
            total += sum / dirs;
        }
        result[l] = total / repeats * 1e3;
    }
    return result;
}

// 128 random 7x7 patches (all bands) per image, normalised per band over the set: [n*128, bands*49].
(float[], int) Descriptors(float[] level, int n, int side, ulong s)
{
    var r = new Random((int)s);
    const int patches = 128, k = 7;
    var dim = bands * k * k;
    var rows = n * patches;
    var list = new float[rows * dim];
    for (var i = 0; i < n; i++)
        for (var p = 0; p < patches; p++)
        {
            int y0 = r.Next(side - k + 1), x0 = r.Next(side - k + 1);
            var d = list.AsSpan((i * patches + p) * dim, dim);
            for (var b = 0; b < bands; b++)
                for (var y = 0; y < k; y++)
                    for (var x = 0; x < k; x++) d[(b * k + y) * k + x] = level[(i * bands + b) * side * side + (y0 + y) * side + x0 + x];
        }
    for (var b = 0; b < bands; b++)
    {
        double sum = 0, sq = 0; long cnt = 0;
        for (var row = 0; row < rows; row++) for (var j = b * k * k; j < (b + 1) * k * k; j++) { var v = list[row * dim + j]; sum += v; sq += v * v; cnt++; }
        var mean = sum / cnt;
        var std = Math.Sqrt(Math.Max(sq / cnt - mean * mean, 1e-12));
        for (var row = 0; row < rows; row++) for (var j = b * k * k; j < (b + 1) * k * k; j++) list[row * dim + j] = (float)((list[row * dim + j] - mean) / std);
    }
    return (list, rows);
}

double[] Nearest(float[] q, int nq, float[] refs, int nr)
{
    var d = new double[nq];
    Parallel.For(0, nq, i =>
    {
        var best = double.MaxValue;
        for (var j = 0; j < nr; j++)
        {
            double acc = 0;
            for (var p = 0; p < per; p++) { var e = q[i * per + p] - refs[j * per + p]; acc += e * e; }
            best = Math.Min(best, acc);
        }
        d[i] = Math.Sqrt(best / per);
    });
    return d;
}

double[] NearestOther(float[] x, int n)
{
    var d = new double[n];
    Parallel.For(0, n, i =>
    {
        var best = double.MaxValue;
        for (var j = 0; j < n; j++)
        {
            if (j == i) continue;
            double acc = 0;
            for (var p = 0; p < per; p++) { var e = x[i * per + p] - x[j * per + p]; acc += e * e; }
            best = Math.Min(best, acc);
        }
        d[i] = Math.Sqrt(best / per);
    });
    return d;
}

static double Median(double[] v) { var s = v.OrderBy(x => x).ToArray(); return s[s.Length / 2]; }
