namespace Galforge.Astro.Fits;

/// <summary>How image values are stored on disk (BITPIX, plus BZERO for unsigned types).</summary>
public enum FitsStorage
{
    /// <summary>Float32 for float32 data, float64 for float64 data.</summary>
    Auto,
    /// <summary>BITPIX 8: unsigned bytes 0..255.</summary>
    UInt8,
    /// <summary>BITPIX 16: signed 16-bit integers.</summary>
    Int16,
    /// <summary>BITPIX 16 with BZERO = 32768: unsigned 16-bit integers 0..65535.</summary>
    UInt16,
    /// <summary>BITPIX 32: signed 32-bit integers.</summary>
    Int32,
    /// <summary>BITPIX 64: signed 64-bit integers.</summary>
    Int64,
    /// <summary>BITPIX -32: IEEE float32.</summary>
    Float32,
    /// <summary>BITPIX -64: IEEE float64.</summary>
    Float64,
}
