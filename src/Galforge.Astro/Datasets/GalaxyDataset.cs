using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Galforge.Astro.Fits;

namespace Galforge.Astro.Datasets;

/// <summary>
/// A training set of galaxy stamps: N galaxies x B bands x H x W float32 pixels (NCHW, x
/// fastest), and per galaxy and band a PSF image, the noise sigma and a pixel mask
/// (<see cref="MaskBits"/>), plus a parameter table, the bands (pixel scale, zero point), an
/// optional arcsinh normalisation and provenance. On disk a folder holding dataset.fits (image
/// cube, PSF cube, noise, mask, parameter and band tables) and dataset.json (the sidecar);
/// docs/datasets.md specifies both exactly.
/// </summary>
public sealed class GalaxyDataset
{
    /// <summary>Version of the on-disk format written by <see cref="Write"/>.</summary>
    public const int FormatVersion = 1;

    /// <summary>File name of the FITS part inside a dataset folder.</summary>
    public const string FitsName = "dataset.fits";

    /// <summary>File name of the JSON sidecar inside a dataset folder.</summary>
    public const string SidecarName = "dataset.json";

    /// <summary>Allocates a dataset of zeros (masks clear, sigma NaN = unknown).</summary>
    /// <param name="bands">The bands, in channel order.</param>
    /// <param name="count">Number of galaxies N.</param>
    /// <param name="height">Stamp rows H.</param>
    /// <param name="width">Stamp columns W.</param>
    /// <param name="psfHeight">PSF rows.</param>
    /// <param name="psfWidth">PSF columns.</param>
    public GalaxyDataset(IReadOnlyList<DatasetBand> bands, int count, int height, int width, int psfHeight, int psfWidth)
    {
        if (bands.Count < 1) throw new ArgumentException("a dataset needs at least one band", nameof(bands));
        if (count < 0 || height < 1 || width < 1 || psfHeight < 1 || psfWidth < 1)
            throw new ArgumentException($"dataset shape N={count} H={height} W={width} PSF {psfHeight}x{psfWidth}: sizes must be positive");
        Bands = bands.ToArray();
        Count = count;
        Height = height;
        Width = width;
        PsfHeight = psfHeight;
        PsfWidth = psfWidth;
        var b = bands.Count;
        Images = new float[checked((long)count * b * height * width)];
        Psfs = new float[checked((long)count * b * psfHeight * psfWidth)];
        Masks = new byte[Images.LongLength];
        Sigmas = new float[count * b];
        Array.Fill(Sigmas, float.NaN);
        Parameters = new ParameterTable(count);
    }

    /// <summary>The bands in channel order.</summary>
    public IReadOnlyList<DatasetBand> Bands { get; }

    /// <summary>Number of galaxies N.</summary>
    public int Count { get; }

    /// <summary>Number of bands B.</summary>
    public int BandCount => Bands.Count;

    /// <summary>Stamp rows H.</summary>
    public int Height { get; }

    /// <summary>Stamp columns W.</summary>
    public int Width { get; }

    /// <summary>PSF rows.</summary>
    public int PsfHeight { get; }

    /// <summary>PSF columns.</summary>
    public int PsfWidth { get; }

    /// <summary>All stamps, [N, B, H, W] row-major, in image units (not normalised).</summary>
    public float[] Images { get; }

    /// <summary>All PSFs, [N, B, PsfHeight, PsfWidth], each normalised to unit sum (or zero when unknown).</summary>
    public float[] Psfs { get; }

    /// <summary>Pixel masks, [N, B, H, W], <see cref="MaskBits"/> flags.</summary>
    public byte[] Masks { get; }

    /// <summary>Noise sigma per pixel, [N, B], image units; NaN when unknown.</summary>
    public float[] Sigmas { get; }

    /// <summary>Per-galaxy parameters (N rows).</summary>
    public ParameterTable Parameters { get; set; }

    /// <summary>The arcsinh stretch to apply for training, or null (none chosen).</summary>
    public AsinhNormalization? Normalization { get; set; }

    /// <summary>Where the data came from and how it was built.</summary>
    public DatasetProvenance Provenance { get; set; } = new();

    /// <summary>The stamp of one galaxy in one band (H*W pixels, row-major).</summary>
    public Span<float> Image(int galaxy, int band) => Images.AsSpan(checked((int)(((long)galaxy * BandCount + band) * Height * Width)), Height * Width);

    /// <summary>The PSF of one galaxy in one band.</summary>
    public Span<float> Psf(int galaxy, int band) => Psfs.AsSpan(checked((int)(((long)galaxy * BandCount + band) * PsfHeight * PsfWidth)), PsfHeight * PsfWidth);

    /// <summary>The mask of one galaxy in one band.</summary>
    public Span<byte> Mask(int galaxy, int band) => Masks.AsSpan(checked((int)(((long)galaxy * BandCount + band) * Height * Width)), Height * Width);

    /// <summary>Noise sigma of one galaxy in one band (image units; NaN when unknown).</summary>
    public float NoiseSigma(int galaxy, int band) => Sigmas[galaxy * BandCount + band];

    /// <summary>Sets the noise sigma of one galaxy in one band.</summary>
    public void SetNoiseSigma(int galaxy, int band, float sigma) => Sigmas[galaxy * BandCount + band] = sigma;

    /// <summary>
    /// Per band, the noise power spectrum of a stamp (Height x Width frequencies, row-major,
    /// mean 1: E|FFT(noise)_k|² / (pixels σ²), white noise = 1 everywhere), B x H x W; null when the
    /// noise is white or unknown. Written as the optional NOISEPS HDU; the simulator sets it for
    /// bands with correlated noise (<see cref="Noise.CorrelatedNoise.StampPowerSpectrum"/>); the VAE's
    /// Fourier likelihood weights residuals by it.
    /// </summary>
    public float[]? NoisePowerSpectra
    {
        get => _noisePower;
        set
        {
            if (value is not null && value.Length != BandCount * Height * Width)
                throw new ArgumentException($"expected {BandCount} x {Height} x {Width} values, got {value.Length}", nameof(value));
            _noisePower = value;
        }
    }

    private float[]? _noisePower;

    /// <summary>The noise power spectrum of <paramref name="band"/> (Height x Width, mean 1), or null when white or unknown.</summary>
    public ReadOnlySpan<float> NoisePowerSpectrum(int band) => _noisePower is null ? default : _noisePower.AsSpan(band * Height * Width, Height * Width);

    /// <summary>True when the band is missing for this galaxy (every pixel flagged <see cref="MaskBits.MissingBand"/>).</summary>
    public bool IsBandMissing(int galaxy, int band) => (Mask(galaxy, band)[0] & MaskBits.MissingBand) != 0;

    /// <summary>A new dataset holding the given galaxies in that order (copies).</summary>
    public GalaxyDataset Subset(IReadOnlyList<int> galaxies)
    {
        var d = new GalaxyDataset(Bands, galaxies.Count, Height, Width, PsfHeight, PsfWidth)
        {
            Parameters = Parameters.Select(galaxies),
            Normalization = Normalization,
            Provenance = Provenance,
            NoisePowerSpectra = NoisePowerSpectra,
        };
        for (var i = 0; i < galaxies.Count; i++)
        {
            var g = galaxies[i];
            for (var b = 0; b < BandCount; b++)
            {
                Image(g, b).CopyTo(d.Image(i, b));
                Psf(g, b).CopyTo(d.Psf(i, b));
                Mask(g, b).CopyTo(d.Mask(i, b));
                d.SetNoiseSigma(i, b, NoiseSigma(g, b));
            }
        }
        return d;
    }

    // ---------------------------------------------------------------- writing

    /// <summary>
    /// Writes the dataset folder atomically: everything goes to a temporary sibling folder that is
    /// renamed to <paramref name="folder"/> only when complete. An existing dataset there is replaced;
    /// an existing folder that is not a dataset (and not empty) is refused.
    /// </summary>
    /// <exception cref="BadInputException">The target exists and is something else.</exception>
    public void Write(string folder)
    {
        var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        if (File.Exists(full)) throw new BadInputException($"{folder}: is a file, expected a folder for the dataset");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any() && !File.Exists(Path.Combine(full, SidecarName)))
            throw new BadInputException($"{folder}: folder exists and is not a Galforge dataset (no {SidecarName}); choose an empty or new folder");
        var parent = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(parent)) throw new BadInputException($"{folder}: parent folder {parent} does not exist");
        var temp = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temp);
        try
        {
            WriteFits(Path.Combine(temp, FitsName));
            File.WriteAllText(Path.Combine(temp, SidecarName), SidecarJson());
            if (Directory.Exists(full))
            {
                var old = full + $".{Guid.NewGuid():N}.old";
                Directory.Move(full, old);
                Directory.Move(temp, full);
                Directory.Delete(old, recursive: true);
            }
            else Directory.Move(temp, full);
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    private void WriteFits(string path)
    {
        using var w = new FitsWriter(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16));
        var primary = new FitsHeader();
        primary.Add(FitsCard.String("ORIGIN", "galforge", "Galforge galaxy dataset"));
        primary.Add(FitsCard.Integer("GFVERS", FormatVersion, "dataset format version (docs/datasets.md)"));
        primary.Add(FitsCard.Integer("NGAL", Count, "number of galaxies"));
        primary.Add(FitsCard.Integer("NBAND", BandCount, "number of bands"));
        primary.Add(FitsCard.String("BANDS", string.Join(",", Bands.Select(b => b.Name)), "band names in channel order"));
        w.WriteEmptyPrimary(primary);
        int[] cube = [Width, Height, BandCount, Math.Max(Count, 1)];
        if (Count == 0)
        {
            // FITS cannot hold a zero-length axis with data here; write empty cubes of one blank galaxy.
            w.WriteImage(new FitsImage(cube, new float[Width * Height * BandCount]), extname: "IMAGES");
            w.WriteImage(new FitsImage([PsfWidth, PsfHeight, BandCount, 1], new float[PsfWidth * PsfHeight * BandCount]), extname: "PSF");
            w.WriteImage(new FitsImage([BandCount, 1], new float[BandCount]), extname: "NOISE");
            w.WriteImage(new FitsImage(cube, new float[Width * Height * BandCount]), FitsStorage.UInt8, "MASK");
        }
        else
        {
            w.WriteImage(new FitsImage(cube, Images) { Header = UnitHeader("image units (see BUNIT of the source)") }, extname: "IMAGES");
            w.WriteImage(new FitsImage([PsfWidth, PsfHeight, BandCount, Count], Psfs), extname: "PSF");
            w.WriteImage(new FitsImage([BandCount, Count], Sigmas), extname: "NOISE");
            var mask = new float[Masks.Length];
            for (var i = 0; i < mask.Length; i++) mask[i] = Masks[i];
            w.WriteImage(new FitsImage(cube, mask), FitsStorage.UInt8, "MASK");
        }
        w.WriteTable(Parameters.ToFitsTable(), "PARAMS");
        var bands = new FitsTable(BandCount)
            .Add(FitsColumn.Strings("NAME", Bands.Select(b => b.Name).ToArray()))
            .Add(FitsColumn.Doubles("PIXSCALE", Bands.Select(b => b.PixelScale).ToArray(), unit: "arcsec/pixel"))
            .Add(FitsColumn.Doubles("ZEROPT", Bands.Select(b => b.ZeroPoint).ToArray(), unit: "mag"))
            .Add(FitsColumn.Doubles("GAIN", Bands.Select(b => b.Gain).ToArray(), unit: "electron/image unit"));
        w.WriteTable(bands, "BANDS");
        if (NoisePowerSpectra is not null) w.WriteImage(new FitsImage([Width, Height, BandCount], NoisePowerSpectra), extname: NoisePowerHdu);
    }

    /// <summary>EXTNAME of the optional per-band noise power spectra (HDU 7).</summary>
    public const string NoisePowerHdu = "NOISEPS";

    private static FitsHeader UnitHeader(string comment)
    {
        var h = new FitsHeader();
        h.Add(FitsCard.CommentCard("Axes: NAXIS1 = x, NAXIS2 = y, NAXIS3 = band, NAXIS4 = galaxy; " + comment));
        return h;
    }

    private string SidecarJson()
    {
        var bands = new JsonArray();
        foreach (var b in Bands)
            bands.Add(new JsonObject { ["name"] = b.Name, ["pixel_scale_arcsec"] = Num(b.PixelScale), ["zero_point_ab"] = Num(b.ZeroPoint), ["gain"] = Num(b.Gain) });
        var settings = new JsonObject();
        foreach (var (k, v) in Provenance.Settings) settings[k] = v;
        var counts = new JsonObject();
        foreach (var (k, v) in Provenance.Counts) counts[k] = v;
        JsonNode? norm = Normalization is null ? null : new JsonObject
        {
            ["kind"] = "asinh",
            ["formula"] = "y = asinh(x / scale[band]); x = scale[band] * sinh(y)",
            ["scales"] = new JsonArray(Normalization.Scales.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
        };
        var root = new JsonObject
        {
            ["format"] = "galforge-dataset",
            ["version"] = FormatVersion,
            ["count"] = Count,
            ["image_shape"] = new JsonArray(Count, BandCount, Height, Width),
            ["psf_shape"] = new JsonArray(PsfHeight, PsfWidth),
            ["bands"] = bands,
            ["normalization"] = norm,
            ["mask_bits"] = new JsonObject { ["bad"] = MaskBits.Bad, ["neighbour"] = MaskBits.Neighbour, ["missing_band"] = MaskBits.MissingBand, ["padded"] = MaskBits.Padded },
            ["provenance"] = new JsonObject
            {
                ["source"] = Provenance.Source,
                ["licence"] = Provenance.Licence,
                ["tool"] = Provenance.Tool,
                ["created"] = Provenance.Created,
                ["seed"] = Provenance.Seed,
                ["settings"] = settings,
                ["counts"] = counts,
            },
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    // ---------------------------------------------------------------- reading

    /// <summary>Reads a dataset folder (or the dataset.fits inside one).</summary>
    /// <exception cref="BadInputException">Missing files, or parts that disagree in shape; the message names file and HDU.</exception>
    public static GalaxyDataset Read(string path)
    {
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var fitsPath = Path.Combine(folder, FitsName);
        var jsonPath = Path.Combine(folder, SidecarName);
        if (!File.Exists(fitsPath)) throw new BadInputException($"{path}: no {FitsName} there, expected a Galforge dataset folder");
        if (!File.Exists(jsonPath)) throw new BadInputException($"{path}: no {SidecarName} there, expected the dataset's JSON sidecar");

        JsonNode root;
        try { root = JsonNode.Parse(File.ReadAllText(jsonPath)) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new BadInputException($"{jsonPath}: not valid JSON ({e.Message})", e); }
        if ((string?)root["format"] != "galforge-dataset")
            throw new BadInputException($"{jsonPath}: \"format\" is not \"galforge-dataset\"");
        var version = (int?)root["version"] ?? 0;
        if (version != FormatVersion) throw new BadInputException($"{jsonPath}: format version {version}, this build reads version {FormatVersion}");

        using var reader = FitsReader.Open(fitsPath);
        var bandsTable = reader.ReadTable("BANDS");
        var names = bandsTable.GetStrings("NAME");
        var scales = bandsTable.GetDoubles("PIXSCALE");
        var zps = bandsTable.GetDoubles("ZEROPT");
        // GAIN was added after format version 1 was first written: older datasets lack it (unknown gain).
        var gains = bandsTable.HasColumn("GAIN") ? bandsTable.GetDoubles("GAIN") : null;
        var bands = new DatasetBand[names.Length];
        for (var i = 0; i < bands.Length; i++) bands[i] = new DatasetBand(names[i], scales[i], zps[i], gains?[i] ?? double.NaN);

        var count = (int?)root["count"] ?? throw new BadInputException($"{jsonPath}: \"count\" is missing");
        var imagesHdu = reader["IMAGES"];
        var axes = imagesHdu.Axes;
        if (axes.Length != 4 || axes[2] != bands.Length || (count > 0 && axes[3] != count))
            throw new BadInputException($"{fitsPath} HDU {imagesHdu.Index} 'IMAGES': shape [{string.Join(" x ", axes)}], expected W x H x {bands.Length} bands x {count} galaxies");
        var psfAxes = reader["PSF"].Axes;
        if (psfAxes.Length != 4 || psfAxes[2] != bands.Length || (count > 0 && psfAxes[3] != count))
            throw new BadInputException($"{fitsPath} HDU {reader["PSF"].Index} 'PSF': shape [{string.Join(" x ", psfAxes)}], expected Wp x Hp x {bands.Length} x {count}");
        var d = new GalaxyDataset(bands, count, axes[1], axes[0], psfAxes[1], psfAxes[0]);
        if (count > 0)
        {
            reader.ReadImage(imagesHdu.Index).ToSingles().CopyTo(d.Images, 0);
            reader.ReadImage("PSF").ToSingles().CopyTo(d.Psfs, 0);
            var noise = reader.ReadImage("NOISE");
            if (noise.Length != d.Sigmas.Length)
                throw new BadInputException($"{fitsPath} HDU 'NOISE': {noise.Length} values, expected {count} x {bands.Length}");
            noise.ToSingles().CopyTo(d.Sigmas, 0);
            var mask = reader.ReadImage("MASK").ToSingles();
            if (mask.Length != d.Masks.Length)
                throw new BadInputException($"{fitsPath} HDU 'MASK': {mask.Length} values, expected the shape of IMAGES");
            for (var i = 0; i < mask.Length; i++) d.Masks[i] = (byte)mask[i];
        }
        var parameters = ParameterTable.FromFitsTable(reader.ReadTable("PARAMS"));
        if (parameters.RowCount != count)
            throw new BadInputException($"{fitsPath} HDU 'PARAMS': {parameters.RowCount} rows, expected {count} (one per galaxy)");
        d.Parameters = parameters;
        if (reader.Hdus.Any(h => string.Equals(h.Name, NoisePowerHdu, StringComparison.OrdinalIgnoreCase)))
        {
            var ps = reader.ReadImage(NoisePowerHdu);
            if (ps.Length != bands.Length * d.Height * d.Width)
                throw new BadInputException($"{fitsPath} HDU '{NoisePowerHdu}': {ps.Length} values, expected {d.Width} x {d.Height} x {bands.Length} (one stamp-sized spectrum per band)");
            var values = ps.ToSingles();
            foreach (var v in values)
                if (!(v >= 0)) throw new BadInputException($"{fitsPath} HDU '{NoisePowerHdu}': value {v}, expected a power (finite, >= 0)");
            d.NoisePowerSpectra = values;
        }

        if (root["normalization"] is JsonObject norm)
        {
            var s = norm["scales"]?.AsArray().Select(n => (double)n!).ToArray() ?? [];
            if (s.Length != bands.Length) throw new BadInputException($"{jsonPath}: normalization has {s.Length} scales, expected one per band ({bands.Length})");
            d.Normalization = new AsinhNormalization(s);
        }
        if (root["provenance"] is JsonObject p)
        {
            var prov = new DatasetProvenance
            {
                Source = (string?)p["source"] ?? "",
                Licence = (string?)p["licence"],
                Tool = (string?)p["tool"] ?? "",
                Created = (string?)p["created"] ?? "",
                Seed = (long?)p["seed"],
            };
            if (p["settings"] is JsonObject st) foreach (var (k, v) in st) prov.Settings[k] = v?.ToString() ?? "";
            if (p["counts"] is JsonObject ct) foreach (var (k, v) in ct) prov.Counts[k] = (int)v!;
            d.Provenance = prov;
        }
        return d;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Count} galaxies x {BandCount} bands ({string.Join(",", Bands.Select(b => b.Name))}) x {Height}x{Width}, PSF {PsfHeight}x{PsfWidth}");
}
