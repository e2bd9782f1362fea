#:project ../../src/Galforge.Models/Galforge.Models.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// The ceiling for a GAN's control on its noise-free output (evaluate_gan's "generated_noise_free"):
// Pearson r of the truth of NOISE-FREE simulated galaxies (PSF-convolved, as a run that observed
// noise learns them) against IntrinsicShape of their image, for the model's conditions, in the
// reference band (default the last): what the PSF alone allows.
//   galforge simulate --n 1000 --survey candels --size 64 --seed 12 --no-noise --out EVAL_NF
//   dotnet run tools/gan/control_ceiling.cs MODEL|COLUMNS EVAL_NF [REFERENCE_BAND]
// COLUMNS: the conditions as a comma list (e.g. intr_mag_F160W,intr_hlr_F160W,intr_e1_F160W,intr_e2_F160W)
// instead of a model folder.
using System.Globalization;
using Galforge;
using Galforge.Astro.Datasets;
using Galforge.Models.Gan;
using Galforge.Models.Generation;

var ci = CultureInfo.InvariantCulture;
var data = GalaxyDataset.Read(args[1]);
ConditionEncoding encoding;
if (Directory.Exists(args[0]))
{
    encoding = ProgressiveGanGenerator.Load(args[0]).Info.Condition ?? throw new BadInputException($"{args[0]}: unconditional model, nothing to control");
    if (encoding.IsClass) throw new BadInputException($"{args[0]}: class-conditional model; control is the classifier accuracy of evaluate_gan");
}
else encoding = new ConditionEncoding { Kind = "params", Parameters = args[0].Split(',') };
var bands = data.Bands.Select(b => b.Name).ToArray();
var reference = args.Length > 2 ? args[2] : HeldOutEvaluation.ConditionBand(encoding.Parameters, bands) ?? bands[^1];
var raw = encoding.RawValues(data.Parameters, args[1]);
var (names, values) = GanEvaluation.ControlledParameters(encoding, raw, data.Count);
var refIndex = Array.IndexOf(bands, reference);
if (refIndex < 0) throw new BadInputException($"reference band '{reference}' is not one of {string.Join(",", bands)}");
int size = data.Height, px = size * size;
var images = new float[data.Count * bands.Length * px];
for (var g = 0; g < data.Count; g++)
    for (var b = 0; b < bands.Length; b++) data.Image(g, b).CopyTo(images.AsSpan((g * bands.Length + b) * px, px));
var control = IntrinsicControl.Measure(names, bands, reference, images, size, data.Bands[refIndex].PixelScale, values, data.Count, data.Bands.Select(b => b.ZeroPoint).ToArray());
foreach (var (name, entry) in control)
    Console.WriteLine(string.Create(ci, $"{name,-4} vs IntrinsicShape[{reference}]: Pearson r {entry!["pearson_r"]}, bias {entry["bias"]}, scatter {entry["scatter"]}, pairs {entry["count"]}"));
