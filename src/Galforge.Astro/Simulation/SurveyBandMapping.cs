using System.Globalization;

namespace Galforge.Astro.Simulation;

/// <summary>
/// Which band of a generative model (or any source image set) is observed as which band of a
/// survey. The rule: an explicit map <c>SURVEYBAND=MODELBAND,...</c> names the survey bands to
/// make and their sources; without one, every survey band takes the model band of nearest
/// effective wavelength, which must lie within <see cref="DefaultTolerance"/> (relative) of the
/// survey band's, otherwise the mapping is refused. Magnitudes carry over unchanged (no colour
/// term): the source band's flux is converted with the two zero points.
/// </summary>
/// <param name="SurveyBand">The survey band to produce.</param>
/// <param name="ModelBand">Index of the source band in the model's band list.</param>
/// <param name="ModelBandName">Name of the source band.</param>
/// <param name="Rule">How the pair was chosen, for metadata (e.g. "--band-map", "nearest wavelength 0.806 um").</param>
public sealed record SurveyBandMapping(Band SurveyBand, int ModelBand, string ModelBandName, string Rule)
{
    /// <summary>Largest relative wavelength difference |λ_model − λ_survey| / λ_survey accepted by the nearest-wavelength rule.</summary>
    public const double DefaultTolerance = 0.25;

    /// <summary>Resolves the mapping; one-line <see cref="BadInputException"/> when it is impossible.</summary>
    /// <param name="surveyName">Survey name for messages.</param>
    /// <param name="surveyBands">The survey's bands.</param>
    /// <param name="modelBands">The model's band names, in its output order.</param>
    /// <param name="modelWavelengths">Effective wavelength (micron) of each model band; NaN when unknown.</param>
    /// <param name="explicitMap">Optional <c>SURVEYBAND=MODELBAND,...</c> (the <c>--band-map</c> option).</param>
    public static IReadOnlyList<SurveyBandMapping> Resolve(string surveyName, IReadOnlyList<Band> surveyBands,
        IReadOnlyList<string> modelBands, IReadOnlyList<double> modelWavelengths, string? explicitMap)
    {
        var surveyList = string.Join(", ", surveyBands.Select(b => b.Name));
        var modelList = string.Join(", ", modelBands);
        var result = new List<SurveyBandMapping>();
        if (!string.IsNullOrWhiteSpace(explicitMap))
        {
            foreach (var raw in explicitMap.Split(','))
            {
                var entry = raw.Trim();
                var eq = entry.IndexOf('=');
                if (eq <= 0 || eq == entry.Length - 1)
                    throw new BadInputException($"--band-map '{entry}': expected SURVEYBAND=MODELBAND (e.g. VIS=F814W), comma-separated");
                var sName = entry[..eq].Trim();
                var mName = entry[(eq + 1)..].Trim();
                var band = surveyBands.FirstOrDefault(b => string.Equals(b.Name, sName, StringComparison.OrdinalIgnoreCase))
                    ?? throw new BadInputException($"--band-map {entry}: survey {surveyName} has no band '{sName}' (its bands: {surveyList})");
                var m = IndexOf(modelBands, mName);
                if (m < 0) throw new BadInputException($"--band-map {entry}: the model has no band '{mName}' (its bands: {modelList})");
                if (result.Any(r => r.SurveyBand.Name == band.Name)) throw new BadInputException($"--band-map: survey band {band.Name} is mapped twice");
                result.Add(new SurveyBandMapping(band, m, modelBands[m], "--band-map"));
            }
            return result;
        }
        foreach (var band in surveyBands)
        {
            int best = -1;
            for (var m = 0; m < modelBands.Count; m++)
                if (double.IsFinite(modelWavelengths[m]) && (best < 0 || Math.Abs(modelWavelengths[m] - band.WavelengthMicron) < Math.Abs(modelWavelengths[best] - band.WavelengthMicron)))
                    best = m;
            if (best < 0)
                throw new BadInputException($"survey {surveyName} band {band.Name}: none of the model's bands ({modelList}) has a known wavelength; give --band-map {band.Name}=MODELBAND");
            var off = Math.Abs(modelWavelengths[best] - band.WavelengthMicron) / band.WavelengthMicron;
            if (off > DefaultTolerance)
                throw new BadInputException(string.Create(CultureInfo.InvariantCulture,
                    $"survey {surveyName} band {band.Name} ({band.WavelengthMicron:G4} um): the nearest model band {modelBands[best]} ({modelWavelengths[best]:G4} um) is {off:P0} away (limit {DefaultTolerance:P0}); choose the bands to make with --band-map SURVEYBAND=MODELBAND,... (model bands: {modelList})"));
            result.Add(new SurveyBandMapping(band, best, modelBands[best], string.Create(CultureInfo.InvariantCulture, $"nearest wavelength: {modelWavelengths[best]:G4} um for {band.WavelengthMicron:G4} um")));
        }
        return result;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
