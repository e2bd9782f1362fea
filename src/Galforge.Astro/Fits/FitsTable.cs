using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Galforge.Astro.Fits;

/// <summary>
/// A FITS binary table (BINTABLE): named columns of fixed width, TSCAL/TZERO and TNULL applied
/// when physical values are asked for; variable-length (P/Q) arrays read from the heap.
/// Column lookup is case-insensitive. Errors name the file, HDU and column.
/// </summary>
public sealed class FitsTable
{
    private readonly List<FitsColumn> _columns = new();

    /// <summary>An empty table with a fixed number of rows; add columns of that many rows.</summary>
    public FitsTable(int rowCount)
    {
        if (rowCount < 0) throw new ArgumentOutOfRangeException(nameof(rowCount));
        RowCount = rowCount;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<FitsColumn> Columns => _columns;

    /// <summary>The heap (variable-length array data) as read, empty for tables without one.</summary>
    public byte[] Heap { get; private set; } = [];

    /// <summary>Other header cards (read from the file, or to be written with the table).</summary>
    public FitsHeader Header { get; init; } = new();

    /// <summary>Where the table came from, used in error messages.</summary>
    public string Context { get; set; } = "table";

    /// <summary>Adds a column; its row count must match the table's.</summary>
    public FitsTable Add(FitsColumn column)
    {
        if (column.Rows != RowCount)
            throw new ArgumentException($"column {column.Name} has {column.Rows} rows, the table has {RowCount}", nameof(column));
        if (HasColumn(column.Name))
            throw new ArgumentException($"the table already has a column named {column.Name}", nameof(column));
        _columns.Add(column);
        return this;
    }

    /// <summary>True when a column of this name exists (case-insensitive).</summary>
    public bool HasColumn(string name) => IndexOf(name) >= 0;

    /// <summary>Index of a column by name (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < _columns.Count; i++)
            if (string.Equals(_columns[i].Name, name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>A column by name (case-insensitive).</summary>
    /// <exception cref="BadInputException">No such column; the message lists the columns there are.</exception>
    public FitsColumn this[string name]
    {
        get
        {
            var i = IndexOf(name);
            if (i < 0)
                throw new BadInputException($"{Context}: no column '{name}', the table has {string.Join(", ", _columns.ConvertAll(c => c.Name))}");
            return _columns[i];
        }
    }

    /// <summary>
    /// Physical values of a numeric column as float64, Repeat per row: stored * TSCAL + TZERO,
    /// TNULL values as NaN; logical columns give 1/0 (NaN for undefined).
    /// </summary>
    public double[] GetDoubles(string name)
    {
        var c = this[name];
        var d = c.Data;
        var result = new double[c.Type == 'A' ? 0 : d.Length];
        switch (d)
        {
            case double[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i] * c.Scale + c.Zero; break;
            case float[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i] * c.Scale + c.Zero; break;
            case long[] a when c.Type == 'K': for (var i = 0; i < a.Length; i++) result[i] = c.Null == a[i] ? double.NaN : a[i] * c.Scale + c.Zero; break;
            case int[] a: for (var i = 0; i < a.Length; i++) result[i] = c.Null == a[i] ? double.NaN : a[i] * c.Scale + c.Zero; break;
            case short[] a: for (var i = 0; i < a.Length; i++) result[i] = c.Null == a[i] ? double.NaN : a[i] * c.Scale + c.Zero; break;
            case byte[] a when c.Type == 'B': for (var i = 0; i < a.Length; i++) result[i] = c.Null == a[i] ? double.NaN : a[i] * c.Scale + c.Zero; break;
            case bool[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i] ? 1 : 0; break;
            default: throw new BadInputException($"{Context}: column '{c.Name}' has TFORM {c.Form}, expected a numeric column");
        }
        return result;
    }

    /// <summary>The physical value of a scalar numeric column in one row.</summary>
    public double GetDouble(string name, int row) => GetRow(name, row)[0];

    /// <summary>The physical values of a fixed-length array column (e.g. 8D) in one row (only that row is converted).</summary>
    public double[] GetRow(string name, int row)
    {
        var c = this[name];
        CheckRow(row);
        var result = new double[c.Repeat];
        var k0 = row * c.Repeat;
        for (var k = 0; k < c.Repeat; k++)
            result[k] = c.Data switch
            {
                double[] a => a[k0 + k] * c.Scale + c.Zero,
                float[] a => a[k0 + k] * c.Scale + c.Zero,
                long[] a when c.Type == 'K' => c.Null == a[k0 + k] ? double.NaN : a[k0 + k] * c.Scale + c.Zero,
                int[] a => c.Null == a[k0 + k] ? double.NaN : a[k0 + k] * c.Scale + c.Zero,
                short[] a => c.Null == a[k0 + k] ? double.NaN : a[k0 + k] * c.Scale + c.Zero,
                byte[] a when c.Type == 'B' => c.Null == a[k0 + k] ? double.NaN : a[k0 + k] * c.Scale + c.Zero,
                bool[] a => a[k0 + k] ? 1 : 0,
                _ => throw new BadInputException($"{Context}: column '{c.Name}' has TFORM {c.Form}, expected a numeric column"),
            };
        return result;
    }

    /// <summary>Exact integer values of an integer column (B I J K; TZERO added, TSCAL must be 1).</summary>
    public long[] GetInt64s(string name)
    {
        var c = this[name];
        if (c.Scale != 1 || c.Zero != Math.Floor(c.Zero))
            throw new BadInputException($"{Context}: column '{c.Name}' has TSCAL {c.Scale} / TZERO {c.Zero}, expected integers (read it with GetDoubles)");
        var z = (long)c.Zero;
        var result = new long[c.Data.Length];
        switch (c.Data)
        {
            case long[] a when c.Type == 'K': for (var i = 0; i < a.Length; i++) result[i] = unchecked(a[i] + z); break;
            case int[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i] + z; break;
            case short[] a: for (var i = 0; i < a.Length; i++) result[i] = a[i] + z; break;
            case byte[] a when c.Type == 'B': for (var i = 0; i < a.Length; i++) result[i] = a[i] + z; break;
            default: throw new BadInputException($"{Context}: column '{c.Name}' has TFORM {c.Form}, expected an integer column (B, I, J or K)");
        }
        return result;
    }

    /// <summary>The strings of a character column (A), trailing blanks and NULs removed.</summary>
    public string[] GetStrings(string name)
    {
        var c = this[name];
        if (c.Data is string[] s) return s;
        throw new BadInputException($"{Context}: column '{c.Name}' has TFORM {c.Form}, expected a character column (A)");
    }

    /// <summary>The heap bytes of a variable-length array column in one row.</summary>
    public ReadOnlySpan<byte> GetHeapBytes(string name, int row)
    {
        var c = this[name];
        CheckRow(row);
        if (c.Type is not ('P' or 'Q'))
            throw new BadInputException($"{Context}: column '{c.Name}' has TFORM {c.Form}, expected a variable-length array (P or Q)");
        var desc = (long[])c.Data;
        var count = desc[2 * row];
        var offset = desc[2 * row + 1];
        var bytes = count * FitsColumn.ElementBytes(c.VarType);
        if (offset < 0 || count < 0 || offset + bytes > Heap.Length)
            throw new BadInputException($"{Context}: column '{c.Name}' row {row}: array of {count} at heap offset {offset} runs past the heap ({Heap.Length} bytes)");
        return Heap.AsSpan((int)offset, (int)bytes);
    }

    private void CheckRow(int row)
    {
        if (row < 0 || row >= RowCount) throw new BadInputException($"{Context}: row {row} does not exist, the table has rows 0 to {RowCount - 1}");
    }

    // ---------------------------------------------------------------- decoding

    internal static FitsTable Decode(FitsHeader h, byte[] data, string context)
    {
        var rowBytes = h.GetLong("NAXIS1");
        var rows = h.GetLong("NAXIS2");
        if (rows > int.MaxValue) throw new BadInputException($"{context}: NAXIS2 = {rows} rows is more than this reader supports");
        var nfields = h.GetInt("TFIELDS");
        if (nfields is < 0 or > 999) throw new BadInputException($"{context}: card TFIELDS = {nfields}, expected 0 to 999");
        var table = new FitsTable((int)rows) { Header = h, Context = context };
        var theap = h.GetLong("THEAP", rowBytes * rows);
        var pcount = h.GetLong("PCOUNT", 0);
        if (pcount > 0)
        {
            var heapLength = rowBytes * rows + pcount - theap;
            if (theap < rowBytes * rows || heapLength < 0) throw new BadInputException($"{context}: THEAP = {theap} is inside the table rows ({rowBytes * rows} bytes), expected at least that");
            table.Heap = data.AsSpan((int)theap, (int)heapLength).ToArray();
        }

        var offset = 0;
        for (var n = 1; n <= nfields; n++)
        {
            var name = h.GetString("TTYPE" + n) ?? $"COL{n}";
            var tform = h.GetString("TFORM" + n) ?? throw new BadInputException($"{context}: column {n} '{name}': card TFORM{n} is missing");
            var (repeat, type, varType) = ParseTForm(tform, context, n, name);
            var col = DecodeColumn(data, (int)rowBytes, (int)rows, offset, repeat, type, varType, name, h, n);
            offset += col.RowBytes;
            if (offset > rowBytes)
                throw new BadInputException($"{context}: column {n} '{name}' (TFORM{n} = '{tform}') ends at byte {offset} of a row, NAXIS1 says rows have {rowBytes} bytes");
            table._columns.Add(col);
        }
        if (offset != rowBytes)
            throw new BadInputException($"{context}: the TFORMs add up to {offset} bytes per row, NAXIS1 = {rowBytes}, expected them equal");
        return table;
    }

    internal static (int Repeat, char Type, char VarType) ParseTForm(string tform, string context, int n, string name)
    {
        var t = tform.Trim();
        var i = 0;
        while (i < t.Length && char.IsAsciiDigit(t[i])) i++;
        var repeat = i == 0 ? 1 : int.Parse(t.AsSpan(0, i), CultureInfo.InvariantCulture);
        var type = i < t.Length ? t[i] : ' ';
        if ("LXBIJKAEDCMPQ".IndexOf(type) < 0)
            throw new BadInputException($"{context}: column {n} '{name}': TFORM{n} = '{tform}', expected rT with T one of L X B I J K A E D C M P Q");
        var varType = '\0';
        if (type is 'P' or 'Q')
        {
            varType = i + 1 < t.Length ? t[i + 1] : ' ';
            if ("LXBIJKAEDCM".IndexOf(varType) < 0)
                throw new BadInputException($"{context}: column {n} '{name}': TFORM{n} = '{tform}', expected {type} followed by an element type (e.g. 1PB(100))");
        }
        return (repeat, type, varType);
    }

    private static FitsColumn DecodeColumn(byte[] data, int rowBytes, int rows, int offset, int repeat, char type, char varType, string name, FitsHeader h, int n)
    {
        Array arr;
        var span = data.AsSpan();
        switch (type)
        {
            case 'A':
            {
                var s = new string[rows];
                for (var r = 0; r < rows; r++)
                {
                    var cell = span.Slice(r * rowBytes + offset, repeat);
                    var end = cell.IndexOf((byte)0);
                    if (end >= 0) cell = cell[..end];
                    s[r] = Encoding.ASCII.GetString(cell).TrimEnd(' ');
                }
                arr = s;
                break;
            }
            case 'L':
            {
                var a = new bool[rows * repeat];
                for (var r = 0; r < rows; r++) for (var k = 0; k < repeat; k++) a[r * repeat + k] = span[r * rowBytes + offset + k] == (byte)'T';
                arr = a;
                break;
            }
            case 'B' or 'X':
            {
                var w = type == 'X' ? (repeat + 7) / 8 : repeat;
                var a = new byte[rows * w];
                for (var r = 0; r < rows; r++) span.Slice(r * rowBytes + offset, w).CopyTo(a.AsSpan(r * w, w));
                arr = a;
                break;
            }
            case 'I':
            {
                var a = new short[rows * repeat];
                for (var r = 0; r < rows; r++) for (var k = 0; k < repeat; k++) a[r * repeat + k] = BinaryPrimitives.ReadInt16BigEndian(span[(r * rowBytes + offset + 2 * k)..]);
                arr = a;
                break;
            }
            case 'J':
            {
                var a = new int[rows * repeat];
                for (var r = 0; r < rows; r++) for (var k = 0; k < repeat; k++) a[r * repeat + k] = BinaryPrimitives.ReadInt32BigEndian(span[(r * rowBytes + offset + 4 * k)..]);
                arr = a;
                break;
            }
            case 'K':
            {
                var a = new long[rows * repeat];
                for (var r = 0; r < rows; r++) for (var k = 0; k < repeat; k++) a[r * repeat + k] = BinaryPrimitives.ReadInt64BigEndian(span[(r * rowBytes + offset + 8 * k)..]);
                arr = a;
                break;
            }
            case 'E' or 'C':
            {
                var m = type == 'C' ? 2 * repeat : repeat;
                var a = new float[rows * m];
                for (var r = 0; r < rows; r++) for (var k = 0; k < m; k++) a[r * m + k] = BinaryPrimitives.ReadSingleBigEndian(span[(r * rowBytes + offset + 4 * k)..]);
                arr = a;
                break;
            }
            case 'D' or 'M':
            {
                var m = type == 'M' ? 2 * repeat : repeat;
                var a = new double[rows * m];
                for (var r = 0; r < rows; r++) for (var k = 0; k < m; k++) a[r * m + k] = BinaryPrimitives.ReadDoubleBigEndian(span[(r * rowBytes + offset + 8 * k)..]);
                arr = a;
                break;
            }
            case 'P' or 'Q':
            {
                // Only the first descriptor of a row is meaningful (repeat is 0 or 1 by the standard).
                var a = new long[rows * 2 * Math.Max(repeat, 1)];
                var size = type == 'P' ? 4 : 8;
                for (var r = 0; r < rows; r++)
                    for (var k = 0; k < repeat; k++)
                    {
                        var p = span[(r * rowBytes + offset + 2 * size * k)..];
                        a[2 * (r * repeat + k)] = size == 4 ? BinaryPrimitives.ReadUInt32BigEndian(p) : BinaryPrimitives.ReadInt64BigEndian(p);
                        a[2 * (r * repeat + k) + 1] = size == 4 ? BinaryPrimitives.ReadUInt32BigEndian(p[4..]) : BinaryPrimitives.ReadInt64BigEndian(p[8..]);
                    }
                arr = a;
                break;
            }
            default:
                throw new BadInputException($"{h.Context}: column {n} '{name}': unsupported TFORM type '{type}'");
        }
        long? tnull = h.Contains("TNULL" + n) ? h.GetLong("TNULL" + n) : null;
        return new FitsColumn(name, type, repeat, arr, varType)
        {
            Unit = h.GetString("TUNIT" + n),
            Scale = h.GetDouble("TSCAL" + n, 1.0),
            Zero = h.GetDouble("TZERO" + n, 0.0),
            Null = tnull,
            Dim = h.GetString("TDIM" + n),
        };
    }

    // ---------------------------------------------------------------- encoding

    /// <summary>The BINTABLE header (structural cards, column cards, then the table's own cards).</summary>
    internal FitsHeader BuildHeader(string? extname)
    {
        var rowBytes = 0;
        foreach (var c in _columns)
        {
            if (c.Type is 'P' or 'Q') throw new ArgumentException($"column {c.Name}: writing variable-length arrays is not supported");
            rowBytes += c.RowBytes;
        }
        var h = new FitsHeader();
        h.Add(FitsCard.String("XTENSION", "BINTABLE", "binary table extension"));
        h.Add(FitsCard.Integer("BITPIX", 8, "8-bit bytes"));
        h.Add(FitsCard.Integer("NAXIS", 2, "2-dimensional binary table"));
        h.Add(FitsCard.Integer("NAXIS1", rowBytes, "width of table in bytes"));
        h.Add(FitsCard.Integer("NAXIS2", RowCount, "number of rows in table"));
        h.Add(FitsCard.Integer("PCOUNT", 0, "size of special data area"));
        h.Add(FitsCard.Integer("GCOUNT", 1, "one data group"));
        h.Add(FitsCard.Integer("TFIELDS", _columns.Count, "number of fields in each row"));
        for (var i = 0; i < _columns.Count; i++)
        {
            var c = _columns[i];
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            h.Add(FitsCard.String("TTYPE" + n, c.Name));
            h.Add(FitsCard.String("TFORM" + n, c.Form));
            if (c.Unit is not null) h.Add(FitsCard.String("TUNIT" + n, c.Unit));
            if (c.Scale != 1) h.Add(FitsCard.Float("TSCAL" + n, c.Scale));
            if (c.Zero != 0)
            {
                if (c.Zero == Math.Floor(c.Zero) && Math.Abs(c.Zero) < 1e18) h.Add(FitsCard.Integer("TZERO" + n, (long)c.Zero));
                else h.Add(FitsCard.Float("TZERO" + n, c.Zero));
            }
            if (c.Null is { } tn) h.Add(FitsCard.Integer("TNULL" + n, tn));
            if (c.Dim is not null) h.Add(FitsCard.String("TDIM" + n, c.Dim));
        }
        if (extname is not null) h.Add(FitsCard.String("EXTNAME", extname, "name of this HDU"));
        foreach (var card in Header.Cards)
            if (!FitsWriter.IsStructural(card.Keyword, table: true) && !(extname is not null && card.Keyword == "EXTNAME"))
                h.Add(card);
        return h;
    }

    /// <summary>Writes the rows big-endian; returns the number of bytes written (before padding).</summary>
    internal long WriteRows(Stream s)
    {
        var rowBytes = 0;
        foreach (var c in _columns) rowBytes += c.RowBytes;
        var row = new byte[rowBytes];
        for (var r = 0; r < RowCount; r++)
        {
            var o = 0;
            foreach (var c in _columns)
            {
                var cell = row.AsSpan(o, c.RowBytes);
                var k0 = r * c.Repeat;
                switch (c.Data)
                {
                    case string[] a:
                        cell.Clear();
                        Encoding.ASCII.GetBytes(a[r].AsSpan(0, Math.Min(a[r].Length, c.Repeat)), cell);
                        break;
                    case bool[] a: for (var k = 0; k < c.Repeat; k++) cell[k] = a[k0 + k] ? (byte)'T' : (byte)'F'; break;
                    case byte[] a: a.AsSpan(r * c.RowBytes, c.RowBytes).CopyTo(cell); break;
                    case short[] a: for (var k = 0; k < c.Repeat; k++) BinaryPrimitives.WriteInt16BigEndian(cell[(2 * k)..], a[k0 + k]); break;
                    case int[] a: for (var k = 0; k < c.Repeat; k++) BinaryPrimitives.WriteInt32BigEndian(cell[(4 * k)..], a[k0 + k]); break;
                    case long[] a: for (var k = 0; k < c.Repeat; k++) BinaryPrimitives.WriteInt64BigEndian(cell[(8 * k)..], a[k0 + k]); break;
                    case float[] a:
                    {
                        var m = c.Type == 'C' ? 2 : 1;
                        for (var k = 0; k < c.Repeat * m; k++) BinaryPrimitives.WriteSingleBigEndian(cell[(4 * k)..], a[k0 * m + k]);
                        break;
                    }
                    case double[] a:
                    {
                        var m = c.Type == 'M' ? 2 : 1;
                        for (var k = 0; k < c.Repeat * m; k++) BinaryPrimitives.WriteDoubleBigEndian(cell[(8 * k)..], a[k0 * m + k]);
                        break;
                    }
                }
                o += c.RowBytes;
            }
            s.Write(row);
        }
        return (long)rowBytes * RowCount;
    }
}
