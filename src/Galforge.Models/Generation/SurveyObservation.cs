using System.Globalization;
using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;
using Galforge.Astro.Simulation;

namespace Galforge.Models.Generation;

/// <summary>
/// <c>galforge generate --survey</c>: observes a model's unconvolved output as a survey would
/// (<see cref="SurveyObserver"/>: the survey's pixel scale, the PSF of each survey band, flux
/// converted with the zero points so AB magnitudes are kept, the survey's noise, seeded), with the
/// band mapping of <see cref="SurveyBandMapping"/> and the model's photometry from
/// <see cref="ModelPhotometry"/>. Everything that can be wrong with the request (unknown survey,
/// impossible band mapping, unknown zero points) fails in <see cref="Create"/>, before anything
/// is generated or written. Also makes the metadata: truth-table columns and FITS cards.
/// </summary>
public sealed class SurveyObservation
{
    private SurveyObservation(SurveyDefinition survey, SurveyObserver observer, ModelPhotometry photometry, IReadOnlyList<string> warnings)
    {
        Survey = survey;
        Observer = observer;
        Photometry = photometry;
        Warnings = warnings;
    }

    /// <summary>The survey definition used.</summary>
    public SurveyDefinition Survey { get; }

    /// <summary>The observer (bands, PSF kernels, pixel scale, stamp size, seed).</summary>
    public SurveyObserver Observer { get; }

    /// <summary>The model's zero points, wavelengths and training PSF widths.</summary>
    public ModelPhotometry Photometry { get; }

    /// <summary>Warnings for the user (a survey PSF narrower than the training PSF, or an unknown training PSF).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Output band names in order.</summary>
    public IReadOnlyList<string> BandNames => [.. Observer.Bands.Select(b => b.SurveyBand.Name)];

    /// <summary>Resolves the survey, the band mapping and the model's photometry; one-line <see cref="BadInputException"/> on any problem.</summary>
    /// <param name="gen">The model.</param>
    /// <param name="modelDir">Its run folder (run.json).</param>
    /// <param name="survey">Survey name (surveys/NAME.yaml) or a survey YAML file.</param>
    /// <param name="bandMap">Optional SURVEYBAND=MODELBAND,... map.</param>
    /// <param name="stampSize">Output stamp side, pixels (null: the survey's stamp_size).</param>
    /// <param name="addNoise">False for noise-free observed images.</param>
    /// <param name="seed">Seed of every noise draw (the generation seed).</param>
    public static SurveyObservation Create(IGalaxyGenerator gen, string modelDir, string survey, string? bandMap, int? stampSize, bool addNoise, ulong seed)
    {
        var path = SurveyDefinition.Locate(survey);
        var def = SurveyDefinition.Read(path);
        if (stampSize is < 1) throw new BadInputException($"--stamp-size {stampSize}: expected at least 1 pixel");
        var bands = def.ResolveBands(null, null);
        var folders = new List<string> { Path.GetDirectoryName(Path.GetFullPath(path))! };
        try { folders.Add(Path.GetDirectoryName(Path.GetFullPath(SurveyDefinition.Locate("candels")))!); }
        catch (BadInputException) { /* no shipped survey files beside the program: the survey file's folder only */ }
        var photometry = ModelPhotometry.Read(modelDir, gen.Bands, folders);
        var mapping = SurveyBandMapping.Resolve(def.Name, bands, gen.Bands, photometry.Wavelengths, bandMap);
        foreach (var m in mapping)
            if (!double.IsFinite(photometry.ZeroPoints[m.ModelBand]))
                throw new BadInputException($"model band {m.ModelBandName}: its AB zero point is unknown ({Path.Combine(modelDir, "run.json")} has no '{ModelPhotometry.ZeroPointsKey}' and its training dataset is not readable), so its flux cannot be converted to {def.Name} {m.SurveyBand.Name}");
        var warnings = new List<string>();
        foreach (var m in mapping)
        {
            var train = photometry.TrainingPsfFwhm[m.ModelBand];
            var target = m.SurveyBand.Psf.Fwhm;
            if (!double.IsFinite(train))
                warnings.Add($"the training PSF of model band {m.ModelBandName} is unknown, so it cannot be checked that the {def.Name} {m.SurveyBand.Name} PSF is broader (the model holds no detail finer than its training PSF)");
            else if (target < train)
                warnings.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{def.Name} {m.SurveyBand.Name} PSF FWHM {target:G3}\" is narrower than model band {m.ModelBandName}'s training PSF ({train:G3}\"): the model learned galaxies at the training PSF's resolution, so these images are smoother than {def.Name} would see"));
        }
        var observer = new SurveyObserver(mapping, photometry.ZeroPoints, gen.PixelScale, gen.ImageSize, def.PixelScale, stampSize ?? def.StampSize, seed, addNoise);
        return new SurveyObservation(def, observer, photometry, warnings);
    }

    /// <summary>Observes the generated (and possibly sheared) images: count x model bands x S x S in, count x survey bands x T x T out.</summary>
    public float[] Apply(float[] images, int count, int modelBands) => Observer.Observe(images, count, modelBands);

    /// <summary>Adds the survey, pixel scale, and per band the source band, PSF, zero point and noise to a truth table.</summary>
    public void AddTruth(ParameterTable t)
    {
        var n = t.RowCount;
        t.Set("survey", Fill(n, Survey.Name));
        t.Set("pixel_scale", Fill(n, Observer.PixelScale), "arcsec/pixel");
        foreach (var m in Observer.Bands)
        {
            var b = m.SurveyBand;
            t.Set($"source_band_{b.Name}", Fill(n, m.ModelBandName));
            t.Set($"psf_{b.Name}", Fill(n, b.Psf.Spec));
            t.Set($"psf_fwhm_{b.Name}", Fill(n, b.Psf.Fwhm), "arcsec");
            t.Set($"zero_point_{b.Name}", Fill(n, b.ZeroPoint), "AB mag");
            t.Set($"sky_sigma_{b.Name}", Fill(n, Observer.AddNoise ? b.Noise.SkySigma : 0), "counts");
            t.Set($"gain_{b.Name}", Fill(n, Observer.AddNoise ? b.Noise.Gain : 0), "e-/count");
        }
    }

    /// <summary>Primary-header cards describing the observation.</summary>
    public void AddPrimaryCards(IDictionary<string, string> cards)
    {
        cards["GFSURVEY"] = Survey.Name;
        cards["GFSURVFL"] = Path.GetFileName(Survey.Path);
        cards["GFPIXSC"] = Observer.PixelScale.ToString(CultureInfo.InvariantCulture);
        cards["GFNOISE"] = Observer.AddNoise ? $"seeded: galaxy i band b uses stream (GFSEED, i, {SurveyObserver.NoiseStream}+b)" : "none";
    }

    /// <summary>Per-band image-HDU cards: source band and rule, PSF, zero points, noise.</summary>
    public IReadOnlyList<IReadOnlyList<FitsCard>> BandCards()
    {
        var result = new List<IReadOnlyList<FitsCard>>();
        for (var k = 0; k < Observer.Bands.Count; k++)
        {
            var m = Observer.Bands[k];
            var b = m.SurveyBand;
            var cards = new List<FitsCard>
            {
                FitsCard.String("SURVEY", Survey.Name),
                FitsCard.String("SRCBAND", m.ModelBandName, "model band observed as this band"),
                FitsCard.String("BANDRULE", Clip(m.Rule)),
                FitsCard.String("PSF", Clip(b.Psf.Spec)),
                FitsCard.Float("PSFFWHM", b.Psf.Fwhm, "survey PSF FWHM, arcsec"),
                FitsCard.Float("ZEROPT", b.ZeroPoint, "AB mag of 1 count"),
                FitsCard.Float("SRCZP", Photometry.ZeroPoints[m.ModelBand], "AB zero point of the model band"),
                FitsCard.Float("SKYSIG", Observer.AddNoise ? b.Noise.SkySigma : 0, "sky sigma, counts/pixel"),
                FitsCard.Float("GAIN", Observer.AddNoise ? b.Noise.Gain : 0, "e-/count (0: no Poisson noise)"),
                FitsCard.String("CORRNOIS", Observer.AddNoise && b.Noise.Correlated is { } c ? Clip(Path.GetFileName(c.Source)) : "none"),
            };
            var train = Photometry.TrainingPsfFwhm[m.ModelBand];
            if (double.IsFinite(train)) cards.Add(FitsCard.Float("TRAINPSF", train, "training PSF FWHM of the model band, arcsec"));
            result.Add(cards);
        }
        return result;
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60];

    private static string[] Fill(int n, string v)
    {
        var a = new string[n];
        Array.Fill(a, v);
        return a;
    }

    private static double[] Fill(int n, double v)
    {
        var a = new double[n];
        Array.Fill(a, v);
        return a;
    }
}
