using System.Buffers.Binary;
using System.IO.Compression;

namespace Galforge.Astro.Fits;

/// <summary>
/// Reads images stored with the FITS tiled-image compression convention (ZIMAGE = T;
/// Pence et al. 2010, FITS Standard 4.0 section 10): RICE_1, GZIP_1, GZIP_2, HCOMPRESS_1 and
/// NOCOMPRESS tiles; floating-point images quantised with ZSCALE/ZZERO per tile, with
/// NO_DITHER, SUBTRACTIVE_DITHER_1 or SUBTRACTIVE_DITHER_2, undone exactly as CFITSIO does.
/// </summary>
internal static class TileCompression
{
    private const int NRandom = 10000;
    private const int NullValue = -2147483647; // quantised NaN
    private const int ZeroValue = -2147483646; // SUBTRACTIVE_DITHER_2: exact zero

    private static readonly Lazy<float[]> s_random = new(MakeRandoms);

    public static FitsImage Decompress(FitsHdu hdu, FitsTable table, string context)
    {
        var h = hdu.Header;
        var zbitpix = h.GetInt("ZBITPIX");
        if (!FitsPixelCodec.IsValidBitPix(zbitpix))
            throw new BadInputException($"{context}: card ZBITPIX = {zbitpix}, expected 8, 16, 32, 64, -32 or -64");
        var axes = hdu.Axes;
        var ndim = axes.Length;
        if (ndim < 1) throw new BadInputException($"{context}: card ZNAXIS = 0, expected a compressed image with at least one axis");
        var tile = new int[ndim];
        for (var i = 0; i < ndim; i++)
            tile[i] = h.GetInt("ZTILE" + (i + 1), i == 0 ? axes[0] : 1);
        var cmp = (h.GetString("ZCMPTYPE") ?? throw new BadInputException($"{context}: card ZCMPTYPE is missing, expected RICE_1, GZIP_1, GZIP_2, HCOMPRESS_1 or NOCOMPRESS")).Trim();
        if (cmp is not ("RICE_1" or "RICE_ONE" or "GZIP_1" or "GZIP_2" or "HCOMPRESS_1" or "NOCOMPRESS"))
            throw new BadInputException($"{context}: card ZCMPTYPE = '{cmp}', expected RICE_1, GZIP_1, GZIP_2, HCOMPRESS_1 or NOCOMPRESS (PLIO_1 is not supported)");
        var quantize = (h.GetString("ZQUANTIZ") ?? "NO_DITHER").Trim();
        var dither0 = h.GetInt("ZDITHER0", 1);
        var blockSize = (int)Param(h, "BLOCKSIZE", 32);
        var bytePix = (int)Param(h, "BYTEPIX", 4);
        var hSmooth = Param(h, "SMOOTH", 0) != 0;

        long total = 1;
        foreach (var a in axes) total *= a;
        var isFloat = zbitpix < 0;
        var outF = zbitpix is -32 or 8 or 16 ? new float[total] : null;
        var outD = outF is null ? new double[total] : null;

        var hasScale = table.HasColumn("ZSCALE");
        var scales = hasScale ? table.GetDoubles("ZSCALE") : null;
        var zeros = table.HasColumn("ZZERO") ? table.GetDoubles("ZZERO") : null;
        var scaleKey = h.GetDouble("ZSCALE", double.NaN);
        var zeroKey = h.GetDouble("ZZERO", 0.0);
        var blanks = table.HasColumn("ZBLANK") ? table.GetInt64s("ZBLANK") : null;
        long? blankKey = h.Contains("ZBLANK") ? h.GetLong("ZBLANK") : h.Contains("BLANK") ? h.GetLong("BLANK") : null;
        var bscale = h.GetDouble("BSCALE", 1.0);
        var bzero = h.GetDouble("BZERO", 0.0);
        var hasCompressed = table.HasColumn("COMPRESSED_DATA");
        var hasGzipFallback = table.HasColumn("GZIP_COMPRESSED_DATA");
        var hasRaw = table.HasColumn("UNCOMPRESSED_DATA");

        var nTiles = new int[ndim];
        var tileCount = 1;
        for (var i = 0; i < ndim; i++)
        {
            if (tile[i] < 1) throw new BadInputException($"{context}: card ZTILE{i + 1} = {tile[i]}, expected at least 1");
            nTiles[i] = (axes[i] + tile[i] - 1) / tile[i];
            tileCount *= nTiles[i];
        }
        if (tileCount != table.RowCount)
            throw new BadInputException($"{context}: {tileCount} tiles expected from ZNAXISn/ZTILEn, the table has {table.RowCount} rows");

        var start = new int[ndim];
        var size = new int[ndim];
        var ints = Array.Empty<int>();
        var longs = Array.Empty<long>();
        for (var t = 0; t < tileCount; t++)
        {
            // Tile position: tiles are numbered with axis 1 fastest.
            var rem = t;
            var n = 1;
            for (var i = 0; i < ndim; i++)
            {
                var ti = rem % nTiles[i];
                rem /= nTiles[i];
                start[i] = ti * tile[i];
                size[i] = Math.Min(tile[i], axes[i] - start[i]);
                n *= size[i];
            }
            if (ints.Length < n) ints = new int[n];
            var values = ints.AsSpan(0, n);
            double[]? floatsDirect = null; // tile stored losslessly as floats (not quantised)
            try
            {
                var bytes = hasCompressed ? table.GetHeapBytes("COMPRESSED_DATA", t) : [];
                if (bytes.Length > 0)
                {
                    // Quantised floats are coded as 32-bit integers; integer images as their own width.
                    var intBytes = isFloat ? 4 : Math.Abs(zbitpix) / 8;
                    switch (cmp)
                    {
                        case "RICE_1" or "RICE_ONE":
                            RiceCodec.Decode(bytes, values, blockSize, isFloat ? 4 : bytePix);
                            break;
                        case "GZIP_1" or "GZIP_2":
                        {
                            var raw = Gunzip(bytes);
                            if (cmp == "GZIP_2") raw = Unshuffle(raw, isFloat && !hasScale ? Math.Abs(zbitpix) / 8 : intBytes);
                            if (isFloat && !hasScale) floatsDirect = DecodeFloats(raw, zbitpix, n);
                            else DecodeInts(raw, intBytes, values, zbitpix == 8);
                            break;
                        }
                        case "HCOMPRESS_1":
                        {
                            if (longs.Length < n) longs = new long[n];
                            // HCOMPRESS treats a tile as ny rows (axis 2) of nx pixels (axis 1).
                            var ny = ndim > 1 ? size[1] : 1;
                            HCompress.Decode(bytes, longs.AsSpan(0, n), size[0], ny, hSmooth);
                            for (var k = 0; k < n; k++) values[k] = (int)longs[k];
                            break;
                        }
                        case "NOCOMPRESS":
                            if (isFloat && !hasScale) floatsDirect = DecodeFloats(bytes.ToArray(), zbitpix, n);
                            else DecodeInts(bytes.ToArray(), intBytes, values, zbitpix == 8);
                            break;
                    }
                }
                else if (hasGzipFallback && table.GetHeapBytes("GZIP_COMPRESSED_DATA", t) is { Length: > 0 } gz)
                    floatsDirect = DecodeFloats(Gunzip(gz), zbitpix, n);
                else if (hasRaw && table.GetHeapBytes("UNCOMPRESSED_DATA", t) is { Length: > 0 } rawBytes)
                    floatsDirect = DecodeFloats(rawBytes.ToArray(), zbitpix, n);
                else
                    throw new InvalidDataException("the tile has no data in COMPRESSED_DATA, GZIP_COMPRESSED_DATA or UNCOMPRESSED_DATA");
            }
            catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
            {
                throw new BadInputException($"{context}: tile {t + 1} ({cmp}) cannot be decompressed: {e.Message.TrimEnd('.')}", e);
            }

            // Undo quantisation or scaling into a tile buffer, then place the tile in the image.
            var tileOut = new double[n];
            if (floatsDirect is not null) floatsDirect.AsSpan(0, n).CopyTo(tileOut);
            else if (isFloat && (hasScale || !double.IsNaN(scaleKey)))
            {
                var scale = scales?[t] ?? scaleKey;
                var zero = zeros?[t] ?? zeroKey;
                var nullValue = blanks?[t] ?? blankKey ?? NullValue;
                Unquantize(values, tileOut, scale, zero, nullValue, quantize, t + 1, dither0);
            }
            else
            {
                var nullValue = blanks?[t] ?? blankKey;
                for (var k = 0; k < n; k++)
                    tileOut[k] = nullValue == values[k] ? double.NaN : values[k] * bscale + bzero;
            }
            Place(tileOut, start, size, axes, outF, outD);
        }

        var header = new FitsHeader { Context = context };
        foreach (var card in h.Cards)
            if (!IsCompressionKeyword(card.Keyword)) header.Add(card);
        return outF is not null ? new FitsImage(axes, outF) { Header = header } : new FitsImage(axes, outD!) { Header = header };
    }

    /// <summary>The CFITSIO dequantisation (imcompress.c, unquantize_i4r4): subtract the same uniform deviates the writer added.</summary>
    private static void Unquantize(ReadOnlySpan<int> input, Span<double> output, double scale, double zero, long nullValue, string quantize, int row, int dither0)
    {
        var dither = quantize is "SUBTRACTIVE_DITHER_1" or "SUBTRACTIVE_DITHER_2";
        if (!dither)
        {
            for (var k = 0; k < input.Length; k++)
                output[k] = input[k] == nullValue ? double.NaN : input[k] * scale + zero;
            return;
        }
        var rand = s_random.Value;
        var iseed = (row + dither0 - 2) % NRandom; // CFITSIO: tile row (1-based) + ZDITHER0 - 1, minus 1 for the 0-based table
        var next = (int)(rand[iseed] * 500);
        var two = quantize == "SUBTRACTIVE_DITHER_2";
        for (var k = 0; k < input.Length; k++)
        {
            var v = input[k];
            if (v == nullValue) output[k] = double.NaN;
            else if (two && v == ZeroValue) output[k] = 0.0;
            else output[k] = (v - (double)rand[next] + 0.5) * scale + zero;
            next++;
            if (next == NRandom)
            {
                iseed++;
                if (iseed == NRandom) iseed = 0;
                next = (int)(rand[iseed] * 500);
            }
        }
    }

    /// <summary>The FITS convention's table of 10000 uniform deviates (Park and Miller minimal standard generator, seed 1), in float as CFITSIO keeps them.</summary>
    private static float[] MakeRandoms()
    {
        const double a = 16807.0, m = 2147483647.0;
        var seed = 1.0;
        var r = new float[NRandom];
        for (var i = 0; i < NRandom; i++)
        {
            var temp = a * seed;
            seed = temp - m * (int)(temp / m);
            r[i] = (float)(seed / m);
        }
        // The convention fixes the state after 10000 draws; a different value means a broken table.
        if ((int)seed != 1043618065) throw new InvalidOperationException("dither random table does not match the FITS convention");
        return r;
    }

    private static void Place(double[] tileOut, int[] start, int[] size, int[] axes, float[]? outF, double[]? outD)
    {
        var ndim = axes.Length;
        var rows = tileOut.Length / size[0];
        var idx = new int[ndim];
        for (var r = 0; r < rows; r++)
        {
            // Row r of the tile: coordinates along axes 2..n.
            var rem = r;
            long offset = 0, stride = axes[0];
            for (var i = 1; i < ndim; i++)
            {
                idx[i] = rem % size[i];
                rem /= size[i];
                offset += (start[i] + idx[i]) * stride;
                stride *= axes[i];
            }
            offset += start[0];
            var src = tileOut.AsSpan(r * size[0], size[0]);
            if (outF is not null) for (var k = 0; k < src.Length; k++) outF[offset + k] = (float)src[k];
            else src.CopyTo(outD.AsSpan((int)offset, size[0]));
        }
    }

    private static double Param(FitsHeader h, string name, double defaultValue)
    {
        for (var i = 1; i < 100; i++)
        {
            var key = h.GetString("ZNAME" + i);
            if (key is null) break;
            if (string.Equals(key.Trim(), name, StringComparison.OrdinalIgnoreCase)) return h.GetDouble("ZVAL" + i, defaultValue);
        }
        return defaultValue;
    }

    private static byte[] Gunzip(ReadOnlySpan<byte> bytes)
    {
        using var input = new MemoryStream(bytes.ToArray());
        using var gz = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gz.CopyTo(output);
        return output.ToArray();
    }

    // GZIP_2 stores all most significant bytes first, then the next, and so on.
    private static byte[] Unshuffle(byte[] raw, int width)
    {
        if (width <= 1) return raw;
        var n = raw.Length / width;
        var result = new byte[raw.Length];
        for (var k = 0; k < width; k++)
            for (var i = 0; i < n; i++) result[i * width + k] = raw[k * n + i];
        return result;
    }

    private static void DecodeInts(byte[] raw, int width, Span<int> values, bool unsigned8)
    {
        if (raw.Length < values.Length * width) throw new InvalidDataException($"tile holds {raw.Length} bytes, expected {values.Length * width}");
        for (var k = 0; k < values.Length; k++)
            values[k] = width switch
            {
                1 => unsigned8 ? raw[k] : (sbyte)raw[k],
                2 => BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(2 * k)),
                4 => BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 * k)),
                _ => (int)BinaryPrimitives.ReadInt64BigEndian(raw.AsSpan(8 * k)),
            };
    }

    private static double[] DecodeFloats(byte[] raw, int zbitpix, int n)
    {
        var w = Math.Abs(zbitpix) / 8;
        if (raw.Length < n * w) throw new InvalidDataException($"tile holds {raw.Length} bytes, expected {n * w}");
        var d = new double[n];
        for (var k = 0; k < n; k++)
            d[k] = zbitpix switch
            {
                -32 => BinaryPrimitives.ReadSingleBigEndian(raw.AsSpan(4 * k)),
                -64 => BinaryPrimitives.ReadDoubleBigEndian(raw.AsSpan(8 * k)),
                8 => raw[k],
                16 => BinaryPrimitives.ReadInt16BigEndian(raw.AsSpan(2 * k)),
                32 => BinaryPrimitives.ReadInt32BigEndian(raw.AsSpan(4 * k)),
                _ => BinaryPrimitives.ReadInt64BigEndian(raw.AsSpan(8 * k)),
            };
        return d;
    }

    private static bool IsCompressionKeyword(string k) =>
        k is "XTENSION" or "BITPIX" or "NAXIS" or "PCOUNT" or "GCOUNT" or "TFIELDS" or "THEAP" or "ZIMAGE" or "ZBITPIX" or "ZCMPTYPE"
            or "ZQUANTIZ" or "ZDITHER0" or "ZSIMPLE" or "ZEXTEND" or "ZBLOCKED" or "ZPCOUNT" or "ZGCOUNT" or "ZHECKSUM" or "ZDATASUM"
            or "ZTENSION" or "ZBLANK" or "ZSCALE" or "ZZERO" or "BSCALE" or "BZERO" or "BLANK"
        || HasIndexedPrefix(k, "NAXIS") || HasIndexedPrefix(k, "ZNAXIS") || HasIndexedPrefix(k, "ZTILE") || HasIndexedPrefix(k, "ZNAME")
        || HasIndexedPrefix(k, "ZVAL") || HasIndexedPrefix(k, "TTYPE") || HasIndexedPrefix(k, "TFORM") || HasIndexedPrefix(k, "TUNIT")
        || HasIndexedPrefix(k, "TSCAL") || HasIndexedPrefix(k, "TZERO") || HasIndexedPrefix(k, "TNULL") || HasIndexedPrefix(k, "TDIM");

    private static bool HasIndexedPrefix(string k, string prefix) => k.Length > prefix.Length && k.StartsWith(prefix, StringComparison.Ordinal) && char.IsAsciiDigit(k[prefix.Length]);
}
