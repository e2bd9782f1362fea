using System.Buffers.Binary;
using System.IO.Compression;

namespace Galforge.Astro.Reports;

/// <summary>
/// A minimal PNG writer (8-bit greyscale or RGB, no interlace, filter type 0 per row), with
/// the image data zlib-compressed by <see cref="ZLibStream"/> and our own CRC-32.
/// </summary>
public static class PngEncoder
{
    /// <summary>Encodes pixels (row-major; 1 byte per pixel for greyscale, 3 for RGB).</summary>
    /// <param name="width">Columns.</param>
    /// <param name="height">Rows.</param>
    /// <param name="pixels">width*height*channels bytes, top row first.</param>
    /// <param name="channels">1 (greyscale) or 3 (RGB).</param>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> pixels, int channels)
    {
        if (channels != 1 && channels != 3) throw new ArgumentOutOfRangeException(nameof(channels), "1 or 3 channels");
        if (pixels.Length != width * height * channels) throw new ArgumentException($"{pixels.Length} bytes for {width}x{height}x{channels}", nameof(pixels));
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;                            // bit depth
        ihdr[9] = (byte)(channels == 1 ? 0 : 2); // colour type: grey or truecolour
        ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
        WriteChunk(png, "IHDR", ihdr);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            int stride = width * channels;
            for (int y = 0; y < height; y++)
            {
                z.WriteByte(0); // filter: none
                z.Write(pixels.Slice(y * stride, stride));
            }
        }
        WriteChunk(png, "IDAT", raw.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        Span<byte> typeBytes = stackalloc byte[4];
        for (int i = 0; i < 4; i++) typeBytes[i] = (byte)type[i];
        s.Write(typeBytes);
        s.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0, typeBytes), data);
        BinaryPrimitives.WriteUInt32BigEndian(len, crc);
        s.Write(len);
    }
}
