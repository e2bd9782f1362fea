namespace Galforge.Astro.Fits;

/// <summary>
/// H-compress decoding (White 1992; the HCOMPRESS_1 algorithm of the FITS tiled-image
/// convention): a stream of quadtree-coded bit planes of the H-transform coefficients, scaled
/// by a digitisation factor, then the inverse H-transform. The stream layout and arithmetic
/// (rounding and bit propagation) follow the reference decoder so results match CFITSIO
/// exactly. Smoothing on decompression (SMOOTH != 0) is not supported.
/// </summary>
internal sealed class HCompress
{
    private readonly byte[] _input;
    private int _next;       // next byte of the input to load into the bit buffer
    private ulong _buffer;   // unread bits, most significant first
    private int _bufferBits; // how many bits of _buffer are unread

    private HCompress(byte[] input) => _input = input;

    /// <summary>Decodes one tile into <paramref name="output"/> (width pixels per row, height rows).</summary>
    public static void Decode(ReadOnlySpan<byte> input, Span<long> output, int width, int height, bool smooth)
    {
        if (smooth) throw new InvalidDataException("HCOMPRESS smoothing (SMOOTH != 0) is not supported");
        var d = new HCompress(input.ToArray());
        if (d.Byte() != 0xDD || d.Byte() != 0x99) throw new InvalidDataException("HCOMPRESS tile does not start with the magic code DD 99");
        var nx = (int)d.BigEndian(4); // slow axis (rows)
        var ny = (int)d.BigEndian(4); // fast axis (pixels in a row)
        var scale = (int)d.BigEndian(4);
        if ((long)nx * ny != output.Length || ny != width || nx != height)
            throw new InvalidDataException($"HCOMPRESS tile is {ny}x{nx}, expected {width}x{height}");
        var sumAll = d.BigEndian(8);
        var planes = new[] { (byte)d.Byte(), (byte)d.Byte(), (byte)d.Byte() };
        var a = new long[output.Length];
        d.DecodeQuadrants(a, nx, ny, planes);
        a[0] = sumAll;
        if (scale > 1) for (var i = 0; i < a.Length; i++) a[i] *= scale;
        InverseTransform(a, nx, ny);
        a.CopyTo(output);
    }

    private int Byte()
    {
        AlignToByte();
        return Bits(8);
    }

    private long BigEndian(int bytes)
    {
        long v = 0;
        for (var i = 0; i < bytes; i++) v = (v << 8) | (uint)Byte();
        return v;
    }

    // n <= 8 bits, most significant first.
    private int Bits(int n)
    {
        if (_bufferBits < n)
        {
            while (_bufferBits <= 56 && _next < _input.Length)
            {
                _buffer |= (ulong)_input[_next++] << (56 - _bufferBits);
                _bufferBits += 8;
            }
            if (_bufferBits < n) throw new InvalidDataException("HCOMPRESS tile data ends early");
        }
        var v = (int)(_buffer >> (64 - n));
        _buffer <<= n;
        _bufferBits -= n;
        return v;
    }

    // Drop the unread bits of a partly read byte (the reference decoder restarts bit input on a byte boundary).
    private void AlignToByte()
    {
        var k = _bufferBits & 7;
        _buffer <<= k;
        _bufferBits -= k;
    }

    private void DecodeQuadrants(long[] a, int nx, int ny, byte[] planes)
    {
        var nx2 = (nx + 1) / 2;
        var ny2 = (ny + 1) / 2;
        AlignToByte();
        QuadTree(a, 0, ny, nx2, ny2, planes[0]);
        QuadTree(a, ny2, ny, nx2, ny / 2, planes[1]);
        QuadTree(a, ny * nx2, ny, nx / 2, ny2, planes[1]);
        QuadTree(a, ny * nx2 + ny2, ny, nx / 2, ny / 2, planes[2]);
        if (Bits(4) != 0) throw new InvalidDataException("HCOMPRESS bit planes are not followed by the end code");
        // Sign bits, one per non-zero coefficient, start on a fresh byte.
        AlignToByte();
        for (var i = 0; i < a.Length; i++)
            if (a[i] != 0 && Bits(1) != 0) a[i] = -a[i];
    }

    private void QuadTree(long[] a, int origin, int n, int nqx, int nqy, int nbitplanes)
    {
        if (nqx <= 0 || nqy <= 0) return;
        var nqmax = Math.Max(nqx, nqy);
        var log2n = (int)(Math.Log((float)nqmax) / Math.Log(2.0) + 0.5);
        if (nqmax > (1 << log2n)) log2n++;
        var scratch = new byte[((nqx + 1) / 2) * ((nqy + 1) / 2) * 4 + 4];
        for (var bit = nbitplanes - 1; bit >= 0; bit--)
        {
            var code = Bits(4);
            if (code == 0)
            {
                // Bit plane written directly, four pixels per nybble.
                var count = ((nqx + 1) / 2) * ((nqy + 1) / 2);
                for (var i = 0; i < count; i++) scratch[i] = (byte)Bits(4);
            }
            else if (code != 0xF) throw new InvalidDataException($"HCOMPRESS bit plane has format code {code}, expected 0 or 15");
            else
            {
                scratch[0] = (byte)Huffman();
                int nx = 1, ny = 1, nfx = nqx, nfy = nqy, c = 1 << log2n;
                for (var k = 1; k < log2n; k++)
                {
                    c >>= 1;
                    nx <<= 1;
                    ny <<= 1;
                    if (nfx <= c) nx--; else nfx -= c;
                    if (nfy <= c) ny--; else nfy -= c;
                    Expand(scratch, nx, ny);
                }
            }
            InsertBits(scratch, nqx, nqy, a, origin, n, 1L << bit);
        }
    }

    // One quadtree step: each 4-bit code becomes a 2x2 block of 0/1 flags; set flags then read their own codes.
    private void Expand(byte[] b, int nx, int ny)
    {
        var nx2 = (nx + 1) / 2;
        var ny2 = (ny + 1) / 2;
        // Spread the codes of the (nx2, ny2) array onto the even positions of (nx, ny), from the end backwards.
        for (var i = nx2 - 1; i >= 0; i--)
            for (var j = ny2 - 1; j >= 0; j--)
                b[2 * i * ny + 2 * j] = b[i * ny2 + j];
        for (var i = 0; i < nx; i += 2)
            for (var j = 0; j < ny; j += 2)
            {
                var v = b[i * ny + j];
                b[i * ny + j] = (byte)((v >> 3) & 1);
                if (j + 1 < ny) b[i * ny + j + 1] = (byte)((v >> 2) & 1);
                if (i + 1 < nx)
                {
                    b[(i + 1) * ny + j] = (byte)((v >> 1) & 1);
                    if (j + 1 < ny) b[(i + 1) * ny + j + 1] = (byte)(v & 1);
                }
            }
        for (var i = nx * ny - 1; i >= 0; i--)
            if (b[i] != 0) b[i] = (byte)Huffman();
    }

    private static void InsertBits(byte[] codes, int nx, int ny, long[] a, int origin, int n, long planeValue)
    {
        var k = 0;
        for (var i = 0; i < nx; i += 2)
            for (var j = 0; j < ny; j += 2, k++)
            {
                var v = codes[k];
                if (v == 0) continue;
                var s00 = origin + n * i + j;
                if ((v & 8) != 0) a[s00] |= planeValue;
                if ((v & 4) != 0 && j + 1 < ny) a[s00 + 1] |= planeValue;
                if (i + 1 < nx)
                {
                    if ((v & 2) != 0) a[s00 + n] |= planeValue;
                    if ((v & 1) != 0 && j + 1 < ny) a[s00 + n + 1] |= planeValue;
                }
            }
    }

    // Fixed Huffman code for the 16 quadtree codes.
    private int Huffman()
    {
        var c = Bits(3);
        if (c < 4) return 1 << c;
        c = (c << 1) | Bits(1);
        switch (c)
        {
            case 8: return 3;
            case 9: return 5;
            case 10: return 10;
            case 11: return 12;
            case 12: return 15;
        }
        c = (c << 1) | Bits(1);
        switch (c)
        {
            case 26: return 6;
            case 27: return 7;
            case 28: return 9;
            case 29: return 11;
            case 30: return 13;
        }
        c = (c << 1) | Bits(1);
        return c == 62 ? 0 : 14;
    }

    private static void InverseTransform(long[] a, int nx, int ny)
    {
        var nmax = Math.Max(nx, ny);
        var log2n = (int)(Math.Log((float)nmax) / Math.Log(2.0) + 0.5);
        if (nmax > (1 << log2n)) log2n++;
        var tmp = new long[(nmax + 1) / 2 + 1];
        var shift = 1;
        long bit0 = 1L << (log2n - 1 < 0 ? 0 : log2n - 1);
        if (log2n == 0) return; // a single pixel: a[0] already holds it
        long bit1 = bit0 << 1, bit2 = bit0 << 2;
        long mask0 = -bit0, mask1 = mask0 << 1, mask2 = mask0 << 2;
        long prnd0 = bit0 >> 1, prnd1 = bit1 >> 1, prnd2 = bit2 >> 1;
        long nrnd0 = prnd0 - 1, nrnd1 = prnd1 - 1, nrnd2 = prnd2 - 1;
        a[0] = (a[0] + (a[0] >= 0 ? prnd2 : nrnd2)) & mask2;
        int nxtop = 1, nytop = 1, nxf = nx, nyf = ny, c = 1 << log2n;
        for (var k = log2n - 1; k >= 0; k--)
        {
            c >>= 1;
            nxtop <<= 1;
            nytop <<= 1;
            if (nxf <= c) nxtop--; else nxf -= c;
            if (nyf <= c) nytop--; else nyf -= c;
            if (k == 0)
            {
                nrnd0 = 0;
                shift = 2;
            }
            for (var i = 0; i < nxtop; i++) Unshuffle(a, ny * i, nytop, 1, tmp);
            for (var j = 0; j < nytop; j++) Unshuffle(a, j, nxtop, ny, tmp);
            var oddx = nxtop % 2;
            var oddy = nytop % 2;
            int ii;
            for (ii = 0; ii < nxtop - oddx; ii += 2)
            {
                var s00 = ny * ii;
                var s10 = s00 + ny;
                for (var j = 0; j < nytop - oddy; j += 2)
                {
                    var h0 = a[s00];
                    var hx = a[s10];
                    var hy = a[s00 + 1];
                    var hc = a[s10 + 1];
                    hx = (hx + (hx >= 0 ? prnd1 : nrnd1)) & mask1;
                    hy = (hy + (hy >= 0 ? prnd1 : nrnd1)) & mask1;
                    hc = (hc + (hc >= 0 ? prnd0 : nrnd0)) & mask0;
                    var lowbit0 = hc & bit0;
                    hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
                    hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
                    var lowbit1 = (hc ^ hx ^ hy) & bit1;
                    h0 = h0 >= 0 ? h0 + lowbit0 - lowbit1 : h0 + (lowbit0 == 0 ? lowbit1 : lowbit0 - lowbit1);
                    a[s10 + 1] = (h0 + hx + hy + hc) >> shift;
                    a[s10] = (h0 + hx - hy - hc) >> shift;
                    a[s00 + 1] = (h0 - hx + hy - hc) >> shift;
                    a[s00] = (h0 - hx - hy + hc) >> shift;
                    s00 += 2;
                    s10 += 2;
                }
                if (oddy != 0)
                {
                    var h0 = a[s00];
                    var hx = a[s10];
                    hx = (hx >= 0 ? hx + prnd1 : hx + nrnd1) & mask1;
                    var lowbit1 = hx & bit1;
                    h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
                    a[s10] = (h0 + hx) >> shift;
                    a[s00] = (h0 - hx) >> shift;
                }
            }
            if (oddx != 0)
            {
                var s00 = ny * ii;
                int j;
                for (j = 0; j < nytop - oddy; j += 2)
                {
                    var h0 = a[s00];
                    var hy = a[s00 + 1];
                    hy = (hy >= 0 ? hy + prnd1 : hy + nrnd1) & mask1;
                    var lowbit1 = hy & bit1;
                    h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
                    a[s00 + 1] = (h0 + hy) >> shift;
                    a[s00] = (h0 - hy) >> shift;
                    s00 += 2;
                }
                if (oddy != 0) a[s00] >>= shift;
            }
            bit2 = bit1;
            bit1 = bit0;
            bit0 >>= 1;
            mask1 = mask0;
            mask0 >>= 1;
            prnd1 = prnd0;
            prnd0 >>= 1;
            nrnd1 = nrnd0;
            nrnd0 = prnd0 - 1;
        }
    }

    // Interleave: the first half of n elements (stride n2) goes to even places, the second half to odd ones.
    private static void Unshuffle(long[] a, int start, int n, int n2, long[] tmp)
    {
        var nhalf = (n + 1) >> 1;
        for (int i = nhalf, t = 0; i < n; i++, t++) tmp[t] = a[start + n2 * i];
        for (var i = nhalf - 1; i >= 0; i--) a[start + 2 * n2 * i] = a[start + n2 * i];
        for (int i = 1, t = 0; i < n; i += 2, t++) a[start + n2 * i] = tmp[t];
    }
}
