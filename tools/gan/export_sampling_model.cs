#:project ../../src/Galforge.Models/Galforge.Models.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// A sampling-only copy of a progressive-GAN run (EMA generator weights, config, run.json, last
// sample grid; no critic or optimiser state), for shipping under models/:
//   dotnet run tools/gan/export_sampling_model.cs RUN OUT [ema|generator]
// (generator: ship the trained generator's own weights instead of their moving average)
Galforge.Models.Gan.GanTrainingRun.ExportForSampling(args[0], args[1], args.Length < 3 || args[2] == "ema");
Console.WriteLine($"export_sampling_model: wrote {args[1]}");
