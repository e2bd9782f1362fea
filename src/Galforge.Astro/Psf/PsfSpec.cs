using System.Globalization;
using Galforge.Astro.Fits;

namespace Galforge.Astro.Psf;

/// <summary>
/// Parses PSF specs: <c>gaussian:fwhm=ARCSEC</c>, <c>moffat:fwhm=ARCSEC,beta=B</c>,
/// <c>airy:lambda=MICRON,diameter=METRES[,obscuration=EPS]</c> or <c>airy:lod=ARCSEC[,obscuration=EPS]</c>,
/// and <c>image:PATH[,hdu=N][,scale=ARCSEC]</c> (a FITS image PSF; the pixel scale from the header
/// when not given). Unknown kinds or keys are a one-line error listing what is allowed.
/// </summary>
public static class PsfSpec
{
    /// <summary>The spec forms, for error messages and help.</summary>
    public const string Forms = "gaussian:fwhm=A | moffat:fwhm=A,beta=B | airy:lambda=UM,diameter=M[,obscuration=E] | airy:lod=A[,obscuration=E] | image:PATH[,hdu=N][,scale=A]";

    /// <summary>Parses a spec; relative image paths are resolved against <paramref name="baseDirectory"/>.</summary>
    public static Psf Parse(string spec, string? baseDirectory = null)
    {
        int colon = spec.IndexOf(':');
        string kind = (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant();
        string rest = colon < 0 ? "" : spec[(colon + 1)..];
        if (kind == "image")
        {
            var parts = rest.Split(',');
            string path = parts[0].Trim();
            var opts = Options(parts.Skip(1), spec, ["hdu", "scale"]);
            if (path.Length == 0) throw new BadInputException($"PSF spec '{spec}': image needs a FITS path (expected {Forms})");
            if (baseDirectory is not null && !Path.IsPathRooted(path)) path = Path.Combine(baseDirectory, path);
            if (!File.Exists(path)) throw new BadInputException($"PSF spec '{spec}': file {path} not found");
            var image = FitsFile.ReadImage(path, opts.TryGetValue("hdu", out var hdu) ? (int)hdu : null);
            if (opts.TryGetValue("scale", out var scale)) image.PixelScale = scale;
            return new ImagePsf(image, $"{path}{(opts.ContainsKey("hdu") ? "[" + opts["hdu"].ToString(CultureInfo.InvariantCulture) + "]" : "")}");
        }
        var o = Options(rest.Length == 0 ? [] : rest.Split(','), spec, kind switch
        {
            "gaussian" => ["fwhm"],
            "moffat" => ["fwhm", "beta"],
            "airy" => ["lambda", "diameter", "obscuration", "lod"],
            _ => throw new BadInputException($"PSF spec '{spec}': unknown kind '{kind}' (expected {Forms})"),
        });
        double Need(string key) => o.TryGetValue(key, out var v) ? v : throw new BadInputException($"PSF spec '{spec}': missing '{key}=' (expected {Forms})");
        return kind switch
        {
            "gaussian" => new GaussianPsf(Need("fwhm")),
            "moffat" => new MoffatPsf(Need("fwhm"), Need("beta")),
            _ => o.ContainsKey("lod")
                ? new AiryPsf(Need("lod"), o.GetValueOrDefault("obscuration"))
                : AiryPsf.FromTelescope(Need("lambda"), Need("diameter"), o.GetValueOrDefault("obscuration")),
        };
    }

    private static Dictionary<string, double> Options(IEnumerable<string> parts, string spec, string[] allowed)
    {
        var result = new Dictionary<string, double>();
        foreach (var raw in parts)
        {
            var part = raw.Trim();
            if (part.Length == 0) continue;
            int eq = part.IndexOf('=');
            string key = eq < 0 ? part : part[..eq].Trim().ToLowerInvariant();
            if (eq < 0 || Array.IndexOf(allowed, key) < 0)
                throw new BadInputException($"PSF spec '{spec}': unknown option '{part}' (allowed: {string.Join(", ", allowed)})");
            if (!double.TryParse(part[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new BadInputException($"PSF spec '{spec}': '{key}' = '{part[(eq + 1)..]}' is not a number");
            result[key] = v;
        }
        return result;
    }
}
