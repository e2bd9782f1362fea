using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Galforge.Astro.Fits;

/// <summary>
/// Big-endian pixel decoding and encoding. Decoding reads straight into the result array and
/// swaps bytes in place with vectorised <see cref="BinaryPrimitives.ReverseEndianness(ReadOnlySpan{int}, Span{int})"/>.
/// </summary>
internal static class FitsPixelCodec
{
    public static bool IsValidBitPix(long bitpix) => bitpix is 8 or 16 or 32 or 64 or -32 or -64;

    public static int BytesPerValue(int bitpix) => Math.Abs(bitpix) / 8;

    /// <summary>Reads <paramref name="count"/> pixels from the stream and applies BSCALE/BZERO and BLANK.</summary>
    public static FitsImage Read(Stream s, int[] axes, long count, int bitpix, double bscale, double bzero, long? blank, FitsHeader header)
    {
        var n = checked((int)count);
        var scaled = bscale != 1 || bzero != 0;
        switch (bitpix)
        {
            case -32:
            {
                var f = new float[n];
                s.ReadExactly(MemoryMarshal.AsBytes(f.AsSpan()));
                var asInt = MemoryMarshal.Cast<float, int>(f.AsSpan());
                if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(asInt, asInt);
                if (scaled) for (var i = 0; i < n; i++) f[i] = (float)(f[i] * bscale + bzero);
                return new FitsImage(axes, f) { Header = header };
            }
            case -64:
            {
                var d = new double[n];
                s.ReadExactly(MemoryMarshal.AsBytes(d.AsSpan()));
                var asLong = MemoryMarshal.Cast<double, long>(d.AsSpan());
                if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(asLong, asLong);
                if (scaled) for (var i = 0; i < n; i++) d[i] = d[i] * bscale + bzero;
                return new FitsImage(axes, d) { Header = header };
            }
            case 8:
            {
                var raw = new byte[n];
                s.ReadExactly(raw);
                var f = new float[n];
                for (var i = 0; i < n; i++) f[i] = blank == raw[i] ? float.NaN : (float)(raw[i] * bscale + bzero);
                return new FitsImage(axes, f) { Header = header };
            }
            case 16:
            {
                var raw = new short[n];
                s.ReadExactly(MemoryMarshal.AsBytes(raw.AsSpan()));
                if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(raw, raw);
                var f = new float[n];
                for (var i = 0; i < n; i++) f[i] = blank == raw[i] ? float.NaN : (float)(raw[i] * bscale + bzero);
                return new FitsImage(axes, f) { Header = header };
            }
            case 32:
            {
                var raw = new int[n];
                s.ReadExactly(MemoryMarshal.AsBytes(raw.AsSpan()));
                if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(raw, raw);
                var d = new double[n];
                for (var i = 0; i < n; i++) d[i] = blank == raw[i] ? double.NaN : raw[i] * bscale + bzero;
                return new FitsImage(axes, d) { Header = header };
            }
            case 64:
            {
                var raw = new long[n];
                s.ReadExactly(MemoryMarshal.AsBytes(raw.AsSpan()));
                if (BitConverter.IsLittleEndian) BinaryPrimitives.ReverseEndianness(raw, raw);
                var d = new double[n];
                for (var i = 0; i < n; i++) d[i] = blank == raw[i] ? double.NaN : raw[i] * bscale + bzero;
                return new FitsImage(axes, d) { Header = header };
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(bitpix), bitpix, "BITPIX must be 8, 16, 32, 64, -32 or -64");
        }
    }

    /// <summary>BITPIX, BZERO and BLANK used to store an image.</summary>
    public static (int BitPix, double BZero, long? Blank) Layout(FitsStorage storage, FitsImage image)
    {
        var hasNaN = false;
        if (storage is not (FitsStorage.Auto or FitsStorage.Float32 or FitsStorage.Float64))
        {
            if (image.Singles is { } fs) foreach (var v in fs) { if (float.IsNaN(v)) { hasNaN = true; break; } }
            else foreach (var v in image.Doubles!) { if (double.IsNaN(v)) { hasNaN = true; break; } }
        }
        return storage switch
        {
            FitsStorage.Auto => (image.Singles is not null ? -32 : -64, 0, null),
            FitsStorage.Float32 => (-32, 0, null),
            FitsStorage.Float64 => (-64, 0, null),
            FitsStorage.UInt8 => (8, 0, hasNaN ? 255 : null),
            FitsStorage.Int16 => (16, 0, hasNaN ? short.MinValue : null),
            FitsStorage.UInt16 => (16, 32768, hasNaN ? short.MaxValue : null), // NaN stored as 65535
            FitsStorage.Int32 => (32, 0, hasNaN ? int.MinValue : null),
            FitsStorage.Int64 => (64, 0, hasNaN ? long.MinValue : null),
            _ => throw new ArgumentOutOfRangeException(nameof(storage)),
        };
    }

    /// <summary>Writes the pixels big-endian in the given layout (values rounded to the nearest integer for integer types).</summary>
    public static void Write(Stream s, FitsImage image, int bitpix, double bzero, long? blank)
    {
        const int Chunk = 8192;
        var n = image.Length;
        // Fast paths: float data written as stored, byte-swapped in bulk (vectorised).
        if (BitConverter.IsLittleEndian && bitpix == -32 && image.Singles is { } singles)
        {
            var tmp = new int[Chunk];
            for (var start = 0; start < singles.Length; start += Chunk)
            {
                var m = Math.Min(Chunk, singles.Length - start);
                var src = MemoryMarshal.Cast<float, int>(singles.AsSpan(start, m));
                BinaryPrimitives.ReverseEndianness(src, tmp.AsSpan(0, m));
                s.Write(MemoryMarshal.AsBytes(tmp.AsSpan(0, m)));
            }
            return;
        }
        if (BitConverter.IsLittleEndian && bitpix == -64 && image.Doubles is { } doubles)
        {
            var tmp = new long[Chunk];
            for (var start = 0; start < doubles.Length; start += Chunk)
            {
                var m = Math.Min(Chunk, doubles.Length - start);
                var src = MemoryMarshal.Cast<double, long>(doubles.AsSpan(start, m));
                BinaryPrimitives.ReverseEndianness(src, tmp.AsSpan(0, m));
                s.Write(MemoryMarshal.AsBytes(tmp.AsSpan(0, m)));
            }
            return;
        }
        var bpv = BytesPerValue(bitpix);
        var buffer = new byte[Chunk * bpv];
        for (long start = 0; start < n; start += Chunk)
        {
            var m = (int)Math.Min(Chunk, n - start);
            var span = buffer.AsSpan(0, m * bpv);
            for (var i = 0; i < m; i++)
            {
                var idx = start + i;
                var v = image.Singles is { } f ? f[idx] : image.Doubles![idx];
                var o = span[(i * bpv)..];
                switch (bitpix)
                {
                    case -32: BinaryPrimitives.WriteSingleBigEndian(o, image.Singles is { } ff ? ff[idx] : (float)v); break;
                    case -64: BinaryPrimitives.WriteDoubleBigEndian(o, v); break;
                    case 8: o[0] = double.IsNaN(v) ? (byte)blank!.Value : (byte)Math.Clamp(Math.Round(v - bzero), 0, 255); break;
                    case 16: BinaryPrimitives.WriteInt16BigEndian(o, double.IsNaN(v) ? (short)blank!.Value : (short)Math.Clamp(Math.Round(v - bzero), short.MinValue, short.MaxValue)); break;
                    case 32: BinaryPrimitives.WriteInt32BigEndian(o, double.IsNaN(v) ? (int)blank!.Value : (int)Math.Clamp(Math.Round(v - bzero), int.MinValue, int.MaxValue)); break;
                    case 64: BinaryPrimitives.WriteInt64BigEndian(o, double.IsNaN(v) ? blank!.Value : (long)Math.Clamp(Math.Round(v - bzero), long.MinValue, long.MaxValue)); break;
                }
            }
            s.Write(span);
        }
    }

    /// <summary>Writes zero bytes up to the next multiple of 2880.</summary>
    public static void PadToBlock(Stream s, long written)
    {
        var rem = (int)(written % FitsHeader.BlockLength);
        if (rem != 0) s.Write(new byte[FitsHeader.BlockLength - rem]);
    }
}
