using System.Globalization;

namespace Galforge.Astro.Fits;

/// <summary>
/// One BINTABLE column: name, TFORM (repeat count and type code), unit, TSCAL/TZERO, TNULL and
/// its stored values. Values are held as stored (raw); <see cref="FitsTable"/> gives physical
/// values. Type codes and the arrays holding them: L bool[], X and B byte[], I short[],
/// J int[], K long[], E float[], D double[], C float[] (re, im pairs), M double[] (pairs), A string[] (one per row);
/// P and Q (variable-length arrays) hold (count, heap offset) pairs in a long[].
/// </summary>
public sealed class FitsColumn
{
    internal FitsColumn(string name, char type, int repeat, Array data, char varType = '\0')
    {
        Name = name;
        Type = type;
        Repeat = repeat;
        Data = data;
        VarType = varType;
    }

    /// <summary>TTYPE: the column name as written.</summary>
    public string Name { get; }

    /// <summary>TFORM type code: L X B I J K A E D C M P Q.</summary>
    public char Type { get; }

    /// <summary>TFORM repeat count: values per row (characters per row for A, bits for X).</summary>
    public int Repeat { get; }

    /// <summary>For P and Q columns, the type of the array elements in the heap (e.g. 'B').</summary>
    public char VarType { get; }

    /// <summary>The stored values: Repeat per row, rows one after another (see the class summary for the array type).</summary>
    public Array Data { get; }

    /// <summary>TUNIT, or null.</summary>
    public string? Unit { get; init; }

    /// <summary>TSCAL: physical = stored * Scale + Zero.</summary>
    public double Scale { get; init; } = 1.0;

    /// <summary>TZERO: physical = stored * Scale + Zero (TZERO = 32768 on I stores unsigned 16-bit).</summary>
    public double Zero { get; init; }

    /// <summary>TNULL: the stored integer that means "no value" (integer columns only), or null.</summary>
    public long? Null { get; init; }

    /// <summary>TDIM, or null.</summary>
    public string? Dim { get; init; }

    /// <summary>The TFORM string, e.g. "1J", "8D", "20A", "1PB(14724)".</summary>
    public string Form => Type is 'P' or 'Q' ? $"{Repeat}{Type}{VarType}" : $"{Repeat}{Type}";

    /// <summary>Bytes per row: repeat times the size of the type code.</summary>
    public int RowBytes => Type switch
    {
        'X' => (Repeat + 7) / 8,
        _ => Repeat * ElementBytes(Type),
    };

    /// <summary>Bytes per element of a TFORM type code (descriptors for P and Q).</summary>
    public static int ElementBytes(char type) => type switch
    {
        'L' or 'B' or 'A' => 1,
        'I' => 2,
        'J' or 'E' => 4,
        'K' or 'D' or 'C' or 'P' => 8,
        'M' or 'Q' => 16,
        _ => 0,
    };

    /// <summary>A float64 column (D); <paramref name="repeat"/> values per row for fixed-length arrays such as 8D.</summary>
    public static FitsColumn Doubles(string name, double[] values, int repeat = 1, string? unit = null) => new(name, 'D', Check(name, values.Length, repeat), values) { Unit = unit };

    /// <summary>A float32 column (E).</summary>
    public static FitsColumn Singles(string name, float[] values, int repeat = 1, string? unit = null) => new(name, 'E', Check(name, values.Length, repeat), values) { Unit = unit };

    /// <summary>A 16-bit integer column (I); set Zero = 32768 for unsigned values.</summary>
    public static FitsColumn Int16s(string name, short[] values, int repeat = 1, string? unit = null) => new(name, 'I', Check(name, values.Length, repeat), values) { Unit = unit };

    /// <summary>An unsigned 16-bit column: stored as I with TZERO = 32768, the FITS convention.</summary>
    public static FitsColumn UInt16s(string name, ushort[] values, int repeat = 1, string? unit = null)
    {
        var stored = new short[values.Length];
        for (var i = 0; i < stored.Length; i++) stored[i] = (short)(values[i] - 32768);
        return new(name, 'I', Check(name, values.Length, repeat), stored) { Unit = unit, Zero = 32768 };
    }

    /// <summary>The same stored values with TSCAL, TZERO and TNULL set (physical = stored * scale + zero).</summary>
    public FitsColumn WithScaling(double scale, double zero, long? nullValue = null) =>
        new(Name, Type, Repeat, Data, VarType) { Unit = Unit, Dim = Dim, Scale = scale, Zero = zero, Null = nullValue };

    /// <summary>A 32-bit integer column (J).</summary>
    public static FitsColumn Int32s(string name, int[] values, int repeat = 1, string? unit = null) => new(name, 'J', Check(name, values.Length, repeat), values) { Unit = unit };

    /// <summary>A 64-bit integer column (K).</summary>
    public static FitsColumn Int64s(string name, long[] values, int repeat = 1, string? unit = null) => new(name, 'K', Check(name, values.Length, repeat), values) { Unit = unit };

    /// <summary>An unsigned byte column (B).</summary>
    public static FitsColumn Bytes(string name, byte[] values, int repeat = 1, string? unit = null) => new(name, 'B', Check(name, values.Length, repeat), values) { Unit = unit };

    /// <summary>A logical column (L).</summary>
    public static FitsColumn Bools(string name, bool[] values, int repeat = 1) => new(name, 'L', Check(name, values.Length, repeat), values);

    /// <summary>A character column (A), one string per row, printable ASCII; width defaults to the longest string (at least 1).</summary>
    public static FitsColumn Strings(string name, string[] values, int width = 0)
    {
        var w = Math.Max(width, 1);
        foreach (var s in values)
        {
            foreach (var ch in s)
                if (ch < 32 || ch > 126) throw new ArgumentException($"column {name}: strings must be printable ASCII", nameof(values));
            if (width == 0) w = Math.Max(w, s.Length);
            else if (s.Length > width) throw new ArgumentException($"column {name}: '{s}' is longer than the width {width}", nameof(values));
        }
        return new FitsColumn(name, 'A', w, values);
    }

    /// <summary>Number of rows held.</summary>
    public int Rows => Type switch
    {
        'A' => Data.Length,
        'X' => Data.Length / Math.Max(RowBytes, 1),
        'C' or 'M' or 'P' or 'Q' => Repeat == 0 ? 0 : Data.Length / (2 * Repeat),
        _ => Repeat == 0 ? 0 : Data.Length / Repeat,
    };

    internal static int Check(string name, int length, int repeat)
    {
        if (repeat < 1) throw new ArgumentException($"column {name}: repeat must be at least 1, got {repeat}", nameof(repeat));
        if (length % repeat != 0) throw new ArgumentException($"column {name}: {length} values is not a whole number of rows of {repeat}", nameof(length));
        return repeat;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({Form}{(Unit is null ? "" : ", " + Unit)})");
}
