using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Galforge.Astro.Reports;
using Xunit;

namespace Galforge.Astro.Tests.Reports;

public class PngEncoderTests
{
    [Fact]
    public void Crc32MatchesTheStandardCheckValue()
    {
        // The CRC-32 check value of "123456789" (ISO 3309 / zlib / PNG).
        Assert.Equal(0xCBF43926u, Crc32.Update(0, Encoding.ASCII.GetBytes("123456789")));
        // Incremental use equals one pass.
        Assert.Equal(Crc32.Update(0, Encoding.ASCII.GetBytes("123456789")),
            Crc32.Update(Crc32.Update(0, Encoding.ASCII.GetBytes("1234")), Encoding.ASCII.GetBytes("56789")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void PngRoundTripsThroughItsChunks(int channels)
    {
        int w = 7, h = 5;
        var px = new byte[w * h * channels];
        for (int i = 0; i < px.Length; i++) px[i] = (byte)(i * 37);
        var png = PngEncoder.Encode(w, h, px, channels);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (pos < png.Length)
        {
            int len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            types.Add(type);
            var data = png.AsSpan(pos + 8, len);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + len));
            Assert.Equal(Crc32.Update(0, png.AsSpan(pos + 4, 4 + len)), crc);
            if (type == "IHDR")
            {
                Assert.Equal(w, BinaryPrimitives.ReadInt32BigEndian(data));
                Assert.Equal(h, BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.Equal(channels == 1 ? 0 : 2, data[9]);
            }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + len;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(h * (1 + w * channels), bytes.Length);
        for (int y = 0; y < h; y++)
        {
            Assert.Equal(0, bytes[y * (1 + w * channels)]);
            Assert.Equal(px.AsSpan(y * w * channels, w * channels).ToArray(), bytes.AsSpan(y * (1 + w * channels) + 1, w * channels).ToArray());
        }
    }

    [Fact]
    public void LuptonCompositeKeepsColourRatios()
    {
        var r = new Galforge.Astro.Imaging.Image(2, 1, [0.8f, 8f]);
        var g = new Galforge.Astro.Imaging.Image(2, 1, [0.4f, 4f]);
        var b = new Galforge.Astro.Imaging.Image(2, 1, [0.2f, 2f]);
        var rgb = ColourComposite.Rgb(r, g, b, stretch: 1.0);
        // Same colour (4:2:1) at both brightnesses; the arcsinh compresses the bright one.
        Assert.Equal(4, rgb[0] / (double)rgb[2], 0.15);
        Assert.Equal(4, rgb[3] / (double)rgb[5], 0.15);
        Assert.True(rgb[3] > rgb[0]);
        Assert.True(rgb[3] < 10 * rgb[0], "asinh compresses a 10x brightness ratio");
    }
}
