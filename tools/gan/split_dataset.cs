#:project ../../src/Galforge.Astro/Galforge.Astro.csproj
#:property TreatWarningsAsErrors=false
#:property PublishAot=false
// A seeded split of a Galforge dataset into two datasets (e.g. training and held-out stamps of a
// real field, which has no second simulation seed to draw a held-out set from):
//   dotnet run tools/gan/split_dataset.cs DATASET SEED COUNT OUT_REST OUT_SPLIT [--unique-cutouts]
// OUT_SPLIT gets COUNT galaxies, OUT_REST the others, both in the dataset's order. With
// --unique-cutouts, stamps that are the same cut-out of the sky as an earlier one
// (Galforge.Astro.Datasets.DuplicateCutouts: the deblended members of one blend re-centred on the
// same position by `galforge ingest field`) are dropped first, so no held-out stamp is a copy of a
// training stamp; COUNT then counts the remaining stamps. The split is the
// one of Galforge.Astro.Datasets.TrainingLoader (its seeded validation split with fraction
// COUNT / N), so the same seed gives the same galaxies; the parameter table (e.g. the ingest's
// `ident`) travels with each galaxy and the split is recorded in each output's provenance.
using System.Globalization;
using Galforge.Astro.Datasets;

var ci = CultureInfo.InvariantCulture;
if (args.Length is not (5 or 6) || (args.Length == 6 && args[5] != "--unique-cutouts"))
{
    Console.Error.WriteLine("usage: dotnet run tools/gan/split_dataset.cs DATASET SEED COUNT OUT_REST OUT_SPLIT [--unique-cutouts]");
    return 2;
}
string source = args[0], outRest = args[3], outSplit = args[4];
var seed = long.Parse(args[1], ci);
var count = int.Parse(args[2], ci);
var data = GalaxyDataset.Read(source);
var unique = "";
if (args.Length == 6)
{
    var kept = DuplicateCutouts.FirstOfEach(data);
    unique = string.Create(ci, $"; {data.Count - kept.Length} duplicate cut-outs dropped first (DuplicateCutouts, central 16x16 px), {kept.Length} unique");
    Console.WriteLine($"split_dataset: {data.Count} stamps, {kept.Length} unique cut-outs ({data.Count - kept.Length} duplicates dropped)");
    data = data.Subset(kept);
}
if (count < 1 || count >= data.Count)
{
    Console.Error.WriteLine($"split_dataset: COUNT {count}: expected 1 to {data.Count - 1} (the dataset has {data.Count} galaxies)");
    return 2;
}
// The loader rounds fraction x N; (count + 0.25) / N rounds back to count exactly.
var loader = new TrainingLoader(data, (count + 0.25) / data.Count, seed);
if (loader.Validation.Length != count) throw new InvalidOperationException($"split gave {loader.Validation.Length} galaxies, expected {count}");
Write(loader.Train, outRest, "rest");
Write(loader.Validation, outSplit, "split");
Console.WriteLine($"split_dataset: {source} ({data.Count}) -> {outRest} ({loader.Train.Length}), {outSplit} ({loader.Validation.Length}), seed {seed}");
return 0;

void Write(int[] galaxies, string folder, string part)
{
    var subset = data.Subset(galaxies);
    var p = new DatasetProvenance
    {
        Source = data.Provenance.Source,
        Licence = data.Provenance.Licence,
        Tool = data.Provenance.Tool + "; tools/gan/split_dataset.cs",
        Seed = data.Provenance.Seed,
    };
    foreach (var (k, v) in data.Provenance.Settings) p.Settings[k] = v;
    foreach (var (k, v) in data.Provenance.Counts) p.Counts[k] = v;
    p.Settings["split"] = string.Create(ci, $"{part} of {source}{unique}: TrainingLoader split, seed {seed}, {count} of {data.Count} galaxies in the split part");
    subset.Provenance = p;
    subset.Write(folder);
}
