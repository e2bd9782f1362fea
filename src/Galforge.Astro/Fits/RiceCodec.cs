namespace Galforge.Astro.Fits;

/// <summary>
/// Rice decompression as used by the FITS tiled-image convention (RICE_1; Pence, White and
/// Seaman 2010): per block of BLOCKSIZE pixels, a split-bit count FS, then first differences
/// mapped to non-negative integers and coded with FS low bits and a unary high part. FS = -1
/// means all differences are zero; FS = FSMAX means raw values of full width.
/// </summary>
internal static class RiceCodec
{
    /// <summary>Decodes <paramref name="output"/>.Length pixels stored as <paramref name="bytePix"/>-byte integers (1, 2 or 4).</summary>
    /// <exception cref="InvalidDataException">The stream ends early or holds impossible codes.</exception>
    public static void Decode(ReadOnlySpan<byte> input, Span<int> output, int blockSize, int bytePix)
    {
        var (fsBits, fsMax, bBits) = bytePix switch
        {
            1 => (3, 6, 8),
            2 => (4, 14, 16),
            4 => (5, 25, 32),
            _ => throw new InvalidDataException($"RICE_1 BYTEPIX = {bytePix}, expected 1, 2 or 4"),
        };
        if (input.Length < bytePix + 1) throw new InvalidDataException("RICE_1 tile is shorter than its header");
        var nx = output.Length;
        // The first pixel value is stored uncompressed, big-endian.
        long lastpix = 0;
        for (var k = 0; k < bytePix; k++) lastpix = (lastpix << 8) | input[k];
        lastpix = bytePix switch { 1 => (byte)lastpix, 2 => (short)(ushort)lastpix, _ => (int)(uint)lastpix };
        var c = bytePix;
        ulong b = input[c++];
        var nbits = 8;
        var i = 0;
        while (i < nx)
        {
            nbits -= fsBits;
            while (nbits < 0)
            {
                b = (b << 8) | Next(input, ref c);
                nbits += 8;
            }
            var fs = (int)(b >> nbits) - 1;
            b &= (1UL << nbits) - 1;
            var imax = Math.Min(i + blockSize, nx);
            if (fs < 0)
            {
                for (; i < imax; i++) output[i] = Wrap(lastpix, bytePix);
            }
            else if (fs == fsMax)
            {
                for (; i < imax; i++)
                {
                    var k = bBits - nbits;
                    var diff = b << k;
                    for (k -= 8; k >= 0; k -= 8)
                    {
                        b = Next(input, ref c);
                        diff |= b << k;
                    }
                    if (nbits > 0)
                    {
                        b = Next(input, ref c);
                        diff |= b >> -k;
                        b &= (1UL << nbits) - 1;
                    }
                    else b = 0;
                    lastpix = Wrap(lastpix + Unmap(diff, bBits), bytePix);
                    output[i] = (int)lastpix;
                }
            }
            else if (fs > fsMax) throw new InvalidDataException($"RICE_1 block has split count {fs}, above the maximum {fsMax}");
            else
            {
                for (; i < imax; i++)
                {
                    while (b == 0)
                    {
                        nbits += 8;
                        b = Next(input, ref c);
                    }
                    var top = 63 - System.Numerics.BitOperations.LeadingZeroCount(b); // position of the leading one
                    var nzero = nbits - (top + 1);
                    nbits -= nzero + 1;
                    b ^= 1UL << nbits;
                    nbits -= fs;
                    while (nbits < 0)
                    {
                        b = (b << 8) | Next(input, ref c);
                        nbits += 8;
                    }
                    var diff = ((ulong)nzero << fs) | (b >> nbits);
                    b &= (1UL << nbits) - 1;
                    lastpix = Wrap(lastpix + Unmap(diff, bBits), bytePix);
                    output[i] = (int)lastpix;
                }
            }
        }
    }

    private static ulong Next(ReadOnlySpan<byte> input, ref int c)
    {
        if (c >= input.Length) throw new InvalidDataException("RICE_1 tile data ends before all pixels were decoded");
        return input[c++];
    }

    // Differences were mapped to non-negative integers: 2d for d >= 0, -2d-1 for d < 0.
    private static long Unmap(ulong diff, int bBits)
    {
        diff &= bBits == 32 ? 0xFFFFFFFFUL : (1UL << bBits) - 1;
        return (diff & 1) == 0 ? (long)(diff >> 1) : ~(long)(diff >> 1);
    }

    private static int Wrap(long v, int bytePix) => bytePix switch
    {
        1 => (byte)v,
        2 => (short)v,
        _ => (int)v,
    };
}
