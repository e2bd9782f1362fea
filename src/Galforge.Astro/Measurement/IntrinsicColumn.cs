namespace Galforge.Astro.Measurement;

/// <summary>
/// Names of the parameter-table columns holding <see cref="IntrinsicShape"/> measurements:
/// <c>intr_QUANTITY_BAND</c> with QUANTITY one of mag (AB), hlr (arcsec), e1, e2, e, e.g.
/// <c>intr_hlr_F160W</c>. The simulator writes them for every band; a generator conditioned on
/// them is checked with the same measurement of its output.
/// </summary>
public static class IntrinsicColumn
{
    /// <summary>The quantities, in column order.</summary>
    public static readonly string[] Quantities = ["mag", "hlr", "e1", "e2", "e"];

    /// <summary>The column name for <paramref name="quantity"/> in band <paramref name="band"/>.</summary>
    public static string Name(string quantity, string band) => $"intr_{quantity}_{band}";

    /// <summary>Unit of a quantity's column ("mag", "arcsec" or null).</summary>
    public static string? Unit(string quantity) => quantity switch { "mag" => "mag", "hlr" => "arcsec", _ => null };

    /// <summary>Splits an <c>intr_QUANTITY_BAND</c> name; false for any other name.</summary>
    public static bool TryParse(string column, out string quantity, out string band)
    {
        quantity = band = "";
        if (!column.StartsWith("intr_", StringComparison.Ordinal)) return false;
        var rest = column["intr_".Length..];
        var cut = rest.IndexOf('_');
        if (cut <= 0 || cut == rest.Length - 1) return false;
        var q = rest[..cut];
        if (Array.IndexOf(Quantities, q) < 0) return false;
        quantity = q;
        band = rest[(cut + 1)..];
        return true;
    }

    /// <summary>The value of <paramref name="quantity"/> in <paramref name="shape"/>.</summary>
    public static double Value(IntrinsicShape shape, string quantity) => quantity switch
    {
        "mag" => shape.Mag,
        "hlr" => shape.HalfLightRadius,
        "e1" => shape.E1,
        "e2" => shape.E2,
        "e" => shape.E,
        _ => throw new ArgumentException($"unknown intrinsic quantity '{quantity}' (expected {string.Join(", ", Quantities)})", nameof(quantity)),
    };
}
