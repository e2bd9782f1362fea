using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;

namespace Galforge.Cli.Commands.Info;

/// <summary>
/// <c>galforge info PATH</c> for files: a dataset folder (bands, shapes, counts, rejections,
/// normalisation, parameters, mask statistics) or any FITS file (HDUs, types, shapes, columns).
/// </summary>
internal static class InfoDescriber
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Describe(string path, TextWriter output)
    {
        if (Directory.Exists(path) || Path.GetFileName(path) == GalaxyDataset.SidecarName
            || (File.Exists(path) && Path.GetFileName(path) == GalaxyDataset.FitsName && File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, GalaxyDataset.SidecarName))))
        {
            DescribeDataset(GalaxyDataset.Read(Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!), path, output);
            return;
        }
        if (!File.Exists(path)) throw new BadInputException($"{path}: no such file or folder, expected a FITS file or a dataset folder");
        DescribeFits(path, output);
    }

    private static void DescribeDataset(GalaxyDataset d, string path, TextWriter output)
    {
        output.WriteLine($"dataset {path}");
        output.WriteLine($"galaxies: {d.Count}");
        output.WriteLine($"shape:    {d.Count} x {d.BandCount} x {d.Height} x {d.Width} (N x bands x H x W, float32); PSF {d.PsfHeight} x {d.PsfWidth}");
        output.WriteLine("bands:");
        for (var b = 0; b < d.BandCount; b++)
        {
            var band = d.Bands[b];
            var sig = Enumerable.Range(0, d.Count).Select(g => (double)d.NoiseSigma(g, b)).Where(double.IsFinite).Order().ToList();
            var missing = Enumerable.Range(0, d.Count).Count(g => d.IsBandMissing(g, b));
            output.WriteLine(string.Create(C, $"  {band.Name,-8} {band.PixelScale:G4} arcsec/px, zero point {(double.IsFinite(band.ZeroPoint) ? band.ZeroPoint.ToString("G6", C) : "unknown")}, median sigma {(sig.Count > 0 ? sig[sig.Count / 2].ToString("G4", C) : "unknown")}, missing for {missing}"));
        }
        long bad = 0, neighbour = 0, padded = 0;
        foreach (var m in d.Masks)
        {
            if ((m & MaskBits.Bad) != 0) bad++;
            if ((m & MaskBits.Neighbour) != 0) neighbour++;
            if ((m & MaskBits.Padded) != 0) padded++;
        }
        var total = Math.Max(1L, d.Masks.LongLength);
        output.WriteLine(string.Create(C, $"masked pixels: bad {100.0 * bad / total:F2}%, neighbour {100.0 * neighbour / total:F2}%, padded {100.0 * padded / total:F2}%"));
        output.WriteLine(d.Normalization is { } n
            ? "normalisation: asinh, y = asinh(x / scale); scale " + string.Join(", ", d.Bands.Select((b, i) => $"{b.Name} {n.Scales[i].ToString("G4", C)}"))
            : "normalisation: none");
        output.WriteLine("parameters: " + (d.Parameters.Names.Count == 0 ? "none" : string.Join(", ", d.Parameters.Names)));
        var p = d.Provenance;
        output.WriteLine($"source:   {p.Source}");
        if (p.Licence is not null) output.WriteLine($"licence:  {p.Licence}");
        output.WriteLine($"built by: {p.Tool} at {p.Created}, seed {(p.Seed is null ? "none" : p.Seed.Value.ToString(C))}");
        if (p.Counts.Count > 0)
        {
            output.WriteLine("counts:   " + string.Join(", ", p.Counts.Where(kv => !kv.Key.StartsWith("rejected_", StringComparison.Ordinal)).Select(kv => $"{kv.Key} {kv.Value}")));
            output.WriteLine("rejected: " + string.Join(", ", p.Counts.Where(kv => kv.Key.StartsWith("rejected_", StringComparison.Ordinal)).Select(kv => $"{kv.Key["rejected_".Length..]} {kv.Value}")));
        }
    }

    private static void DescribeFits(string path, TextWriter output)
    {
        using var reader = FitsReader.Open(path);
        output.WriteLine($"FITS file {path} ({new FileInfo(path).Length.ToString("N0", C)} bytes, {reader.Hdus.Count} HDUs)");
        foreach (var hdu in reader.Hdus)
        {
            var name = hdu.Name.Length > 0 ? $"'{hdu.Name}'" : "(unnamed)";
            switch (hdu.Kind)
            {
                case FitsHduKind.Primary or FitsHduKind.Image:
                    output.WriteLine(hdu.Axes.Length == 0
                        ? $"HDU {hdu.Index} {name}: {(hdu.Kind == FitsHduKind.Primary ? "primary" : "image")}, no data"
                        : $"HDU {hdu.Index} {name}: {(hdu.Kind == FitsHduKind.Primary ? "primary image" : "image")} {string.Join(" x ", hdu.Axes)}, {TypeName(hdu.BitPix, hdu.Header)}");
                    break;
                case FitsHduKind.CompressedImage:
                    output.WriteLine($"HDU {hdu.Index} {name}: tile-compressed image {string.Join(" x ", hdu.Axes)}, {TypeName(hdu.BitPix, hdu.Header)}, {hdu.Header.GetString("ZCMPTYPE")} {hdu.Header.GetString("ZQUANTIZ") ?? ""}".TrimEnd());
                    break;
                case FitsHduKind.BinaryTable:
                {
                    var table = reader.ReadTable(hdu.Index);
                    output.WriteLine($"HDU {hdu.Index} {name}: binary table, {table.RowCount} rows, {table.Columns.Count} columns");
                    foreach (var c in table.Columns)
                        output.WriteLine($"    {c.Name,-24} {c.Form,-8}{(c.Unit is null ? "" : " [" + c.Unit + "]")}{(c.Zero != 0 || c.Scale != 1 ? string.Create(C, $" scale {c.Scale} zero {c.Zero}") : "")}");
                    break;
                }
                default:
                    output.WriteLine($"HDU {hdu.Index} {name}: {hdu.Kind} (not decoded)");
                    break;
            }
        }
    }

    private static string TypeName(int bitpix, FitsHeader h)
    {
        var bzero = h.GetDouble("BZERO", 0);
        return bitpix switch
        {
            8 => "uint8",
            16 when bzero == 32768 => "uint16",
            16 => "int16",
            32 => "int32",
            64 => "int64",
            -32 => "float32",
            _ => "float64",
        } + (h.GetDouble("BSCALE", 1) != 1 || (bzero != 0 && !(bitpix == 16 && bzero == 32768)) ? " (scaled)" : "");
    }
}
