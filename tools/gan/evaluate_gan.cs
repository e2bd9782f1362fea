#:project ../../src/Galforge.Models/Galforge.Models.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// Issue 8's benchmark numbers for a progressive-GAN run (model card):
//   dotnet run tools/gan/evaluate_gan.cs RUN HELDOUT_DATASET TRAINING_DATASET SEED OUTDIR [CLASSIFIER_GALAXIES]
// Runs Galforge.Models.Gan.GanEvaluation (one generated galaxy per held-out galaxy, conditioned on
// its truth when the model is conditional; Wasserstein/baseline ratios of the measured morphology
// and colours, Karras' sliced Wasserstein per Laplacian level, nearest-neighbour diversity against
// the training set (central half binned 2x2, and the galaxy's core: central eighth unbinned), Pearson r of requested vs measured parameters; for a class-conditional model the
// class accuracy of an independent classifier fitted on CLASSIFIER_GALAXIES (default 2,000) measured
// training galaxies, on the held-out galaxies (ceiling) and on the generated ones) and writes OUTDIR/evaluation.json,
// OUTDIR/metrics.json, OUTDIR/report.html and OUTDIR/generated.png.
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Galforge.Astro.Datasets;
using Galforge.Astro.Reports;
using Galforge.Models.Gan;

var ci = CultureInfo.InvariantCulture;
string run = args[0], heldOutPath = args[1], trainingPath = args[2], outDir = args[4];
var seed = ulong.Parse(args[3], ci);
var classifierGalaxies = args.Length > 5 ? int.Parse(args[5], ci) : 2000;
Directory.CreateDirectory(outDir);
var clock = System.Diagnostics.Stopwatch.StartNew();
var model = ProgressiveGanGenerator.Load(run);
var heldOut = GalaxyDataset.Read(heldOutPath);
var training = GalaxyDataset.Read(trainingPath);
var (result, summary) = GanEvaluation.Run(model, heldOut, training, seed, classifierGalaxies: classifierGalaxies);
summary["run"] = run;
summary["heldout_dataset"] = heldOutPath;
summary["training_dataset"] = trainingPath;
summary["backend"] = Galforge.Engine.Kernels.KernelProvider.Current.Kind.ToString();
FidelityReport.Write(result, outDir);
File.WriteAllText(Path.Combine(outDir, "evaluation.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
Console.WriteLine(summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
if (summary["class_accuracy"] is JsonObject acc && acc["generated"] is JsonObject gen && acc["heldout"] is JsonObject held)
    Console.WriteLine($"class accuracy: held-out (ceiling) {held["accuracy"]} of {held["classified"]}, generated {gen["accuracy"]} of {gen["classified"]}");
Console.WriteLine(string.Create(ci, $"evaluate_gan: wrote {outDir}/evaluation.json, metrics.json, report.html in {clock.Elapsed.TotalSeconds:F0} s"));
