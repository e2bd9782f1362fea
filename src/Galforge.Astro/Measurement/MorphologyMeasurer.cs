namespace Galforge.Astro.Measurement;

/// <summary>
/// Computes <see cref="Morphology"/> for one labelled segment, step by step as statmorph does
/// (same stamp, masks, outlier rejection, skybox, Petrosian radii, asymmetry centre by
/// Nelder-Mead, Gini segmap, shape-asymmetry segmap). MID statistics and Sersic fits are not
/// computed. One instance per measurement; not thread-safe.
/// </summary>
internal sealed class MorphologyMeasurer
{
    // statmorph's default parameters.
    private const double CutoutExtent = 2.5;
    private const int MinCutoutSize = 48;
    private const double NSigmaOutlier = 10;
    private const double AnnulusWidth = 1.0;
    private const double Eta = 0.2;
    private const double PetroFractionGini = 0.2;
    private const int SkyboxSize = 32;
    private const double PetroExtentCas = 1.5;
    private const double PetroFractionCas = 0.25;
    private const double PetroExtentFlux = 2.0;
    private const int BoxcarSizeShapeAsym = 3;

    private readonly List<string> _warnings = [];
    private readonly Dictionary<string, double> _v = [];
    private int _flag;
    private int _nx, _ny, _xmin, _ymin;
    private double[] _cutout = [];      // stamp, masked pixels zeroed, background kept
    private double[] _cutoutNoBg = [];  // stamp, masked pixels and background zeroed
    private bool[] _maskStamp = [];
    private bool[] _maskNoBg = [];
    private double _xcStamp, _ycStamp;
    private int _xMax, _yMax;
    private bool _useCentroid;
    private (int X, int Y, int Size) _skybox;
    private double _skyMean, _skyMedian, _skySigma, _skyAsym;
    private double _gain;

    private void Warn(string message, int flag)
    {
        _warnings.Add(message);
        _flag = Math.Max(_flag, flag);
    }

    /// <summary>Measures the segment <paramref name="label"/> of <paramref name="segmap"/>.</summary>
    /// <param name="image">Background-subtracted pixels, row-major nx*ny.</param>
    /// <param name="nx">Image width, pixels.</param>
    /// <param name="ny">Image height, pixels.</param>
    /// <param name="segmap">Segment labels (0 background), same shape.</param>
    /// <param name="label">The segment to measure.</param>
    /// <param name="mask">True where pixels must be ignored; null for none.</param>
    /// <param name="gain">Electrons per image unit for the Poisson term of the weight map;
    /// +infinity to use the sky noise alone.</param>
    public Morphology Measure(ReadOnlySpan<float> image, int nx, int ny, ReadOnlySpan<int> segmap, int label, ReadOnlySpan<bool> mask, double gain)
    {
        _gain = gain;
        int bx0 = int.MaxValue, bx1 = -1, by0 = int.MaxValue, by1 = -1;
        for (int y = 0; y < ny; y++)
            for (int x = 0; x < nx; x++)
                if (segmap[y * nx + x] == label)
                {
                    bx0 = Math.Min(bx0, x); bx1 = Math.Max(bx1, x);
                    by0 = Math.Min(by0, y); by1 = Math.Max(by1, y);
                }
        if (bx1 < 0) return Abort($"Segment {label} is empty.");

        // Stamp: the bounding box grown by cutout_extent, at least min_cutout_size.
        int dx = bx1 + 1 - bx0, dy = by1 + 1 - by0;
        int cx = bx0 + dx / 2, cy = by0 + dy / 2;
        int dist = Math.Max((int)(Math.Max(dx, dy) * CutoutExtent / 2.0), MinCutoutSize / 2);
        _xmin = Math.Max(0, cx - dist); int xmaxEx = Math.Min(nx, cx + dist);
        _ymin = Math.Max(0, cy - dist); int ymaxEx = Math.Min(ny, cy + dist);
        _nx = xmaxEx - _xmin; _ny = ymaxEx - _ymin;
        int n = _nx * _ny;

        var raw = new double[n];
        var seg = new int[n];
        var userMask = new bool[n];
        for (int y = 0; y < _ny; y++)
            for (int x = 0; x < _nx; x++)
            {
                int src = (y + _ymin) * nx + x + _xmin, dst = y * _nx + x;
                raw[dst] = image[src];
                seg[dst] = segmap[src];
                userMask[dst] = !mask.IsEmpty && mask[src];
            }
        var bad = BadPixels(raw);
        _maskStamp = new bool[n];
        _maskNoBg = new bool[n];
        _cutout = new double[n];
        _cutoutNoBg = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            _maskStamp[i] = (seg[i] != 0 && seg[i] != label) || userMask[i] || !double.IsFinite(raw[i]) || bad[i];
            _maskNoBg[i] = _maskStamp[i] || seg[i] == 0;
            _cutout[i] = _maskStamp[i] ? 0 : raw[i];
            _cutoutNoBg[i] = _maskNoBg[i] ? 0 : raw[i];
            total += _cutoutNoBg[i];
        }
        if (!(total > 0)) return Abort("Total flux is nonpositive.");

        // Centroid (first moments of the segment).
        double m00 = 0, m10 = 0, m01 = 0;
        for (int y = 0; y < _ny; y++)
            for (int x = 0; x < _nx; x++) { double v = _cutoutNoBg[y * _nx + x]; m00 += v; m10 += v * x; m01 += v * y; }
        _xcStamp = m10 / m00; _ycStamp = m01 / m00;
        if (_ycStamp < 0 || _ycStamp >= _ny || _xcStamp < 0 || _xcStamp >= _nx)
        {
            Warn("Centroid is out-of-range. Fixing at center of postage stamp (bad!).", 2);
            _xcStamp = _nx / 2.0; _ycStamp = _ny / 2.0;
        }
        if (_cutout[(int)_ycStamp * _nx + (int)_xcStamp] == 0) Warn("Centroid is masked.", 2);
        double maxVal = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
            if (_cutoutNoBg[i] > maxVal) { maxVal = _cutoutNoBg[i]; _xMax = i % _nx; _yMax = i / _nx; }

        Set("xc_centroid", _xcStamp + _xmin);
        Set("yc_centroid", _ycStamp + _ymin);
        var (eC, lC, oC) = Shape(_xcStamp, _ycStamp);
        Set("ellipticity_centroid", eC); Set("elongation_centroid", lC); Set("orientation_centroid", oC);

        FindSkybox(seg, userMask);
        double rpetroCentroid = PetrosianCircular(_xcStamp, _ycStamp);
        var (xa, ya) = AsymmetryCentre(rpetroCentroid);
        Set("xc_asymmetry", xa + _xmin); Set("yc_asymmetry", ya + _ymin);
        var (eA, elong, theta) = Shape(xa, ya);
        Set("ellipticity_asymmetry", eA); Set("elongation_asymmetry", elong); Set("orientation_asymmetry", theta);

        double rpetro = PetrosianCircular(xa, ya);
        Set("rpetro_circ", rpetro);
        Set("flux_circ", Math.Abs(PixelApertures.CircleSum(_cutout, _nx, _ny, xa, ya, PetroExtentFlux * rpetro)));
        double rpetroEllip = PetrosianElliptical(xa, ya, elong, theta);
        Set("rpetro_ellip", rpetroEllip);
        double af = PetroExtentFlux * rpetroEllip;
        Set("flux_ellip", Math.Abs(PixelApertures.EllipseSum(_cutout, _nx, _ny, xa, ya, af, af / elong, theta)));

        var segShape = ShapeAsymmetrySegmap(xa, ya, rpetroEllip);
        double rmaxCirc = 0, rmaxEllip = 0;
        double cos = Math.Cos(theta), sin = Math.Sin(theta);
        for (int y = 0; y < _ny; y++)
            for (int x = 0; x < _nx; x++)
            {
                if (!segShape[y * _nx + x]) continue;
                double ddx = x - xa, ddy = y - ya;
                rmaxCirc = Math.Max(rmaxCirc, Math.Sqrt(ddx * ddx + ddy * ddy));
                double xp = ddx * cos + ddy * sin, yp = -ddx * sin + ddy * cos;
                rmaxEllip = Math.Max(rmaxEllip, Math.Sqrt(xp * xp + yp * elong * (yp * elong)));
            }
        if (rmaxCirc == 0) Warn("[rmax_circ] rmax_circ = 0!", 2);
        if (rmaxEllip == 0) Warn("[rmax_ellip] rmax_ellip = 0!", 2);
        Set("rmax_circ", rmaxCirc); Set("rmax_ellip", rmaxEllip);
        double rhalfCirc = rmaxCirc == 0 ? 0 : RadiusAtFraction(xa, ya, rmaxCirc, 0.5, 1, 0);
        double rhalfEllip = rmaxEllip == 0 ? 0 : RadiusAtFraction(xa, ya, rmaxEllip, 0.5, elong, theta);
        Set("rhalf_circ", rhalfCirc); Set("rhalf_ellip", rhalfEllip);

        double rUpper = PetroExtentCas * rpetro;
        double r20 = CasRadius(xa, ya, rUpper, 0.2), r50 = CasRadius(xa, ya, rUpper, 0.5), r80 = CasRadius(xa, ya, rUpper, 0.8);
        Set("r20", r20); Set("r50", r50); Set("r80", r80);
        Set("concentration", r20 == Morphology.Invalid || r80 == Morphology.Invalid ? Morphology.Invalid : 5.0 * Math.Log10(r80 / r20));

        var segGini = GiniSegmap(rpetroEllip, elong, theta);
        double gini = Gini(segGini), m20 = M20(segGini);
        Set("gini", gini); Set("m20", m20);
        bool gm = gini != Morphology.Invalid && m20 != Morphology.Invalid;
        Set("gini_m20_bulge", gm ? -0.693 * m20 + 4.95 * gini - 3.96 : Morphology.Invalid);
        Set("gini_m20_merger", gm ? 0.139 * m20 + 0.990 * gini - 0.327 : Morphology.Invalid);
        Set("sn_per_pixel", SnPerPixel(raw, segGini));

        Set("asymmetry", AsymmetryFunction(xa, ya, _cutout, Kind.Cas, rpetroCentroid, 0, 0, 0, 0));
        Set("smoothness", Smoothness(xa, ya, rpetro));
        Set("outer_asymmetry", rhalfEllip > 0 && rmaxEllip > 0
            ? AsymmetryFunction(xa, ya, _cutout, Kind.Outer, 0, rhalfEllip, rmaxEllip, elong, theta)
            : Invalid("[outer_asymmetry] invalid radii."));
        var shapeImage = new double[n];
        for (int i = 0; i < n; i++) shapeImage[i] = segShape[i] ? 1.0 : 0.0;
        Set("shape_asymmetry", rmaxCirc > 0
            ? AsymmetryFunction(xa, ya, shapeImage, Kind.Shape, 0, 0, rmaxCirc, 0, 0)
            : Invalid("[shape_asym] Invalid rmax_circ value."));

        Set("sky_mean", _skyMean); Set("sky_median", _skyMedian); Set("sky_sigma", _skySigma);
        Set("xmin_stamp", _xmin); Set("ymin_stamp", _ymin);
        Set("xmax_stamp", _xmin + _nx - 1); Set("ymax_stamp", _ymin + _ny - 1);
        Set("nx_stamp", _nx); Set("ny_stamp", _ny);
        if (Math.Abs(_skyMean) > _skySigma) Warn("Image is not background-subtracted.", 2);
        return new Morphology(_v, _flag, _warnings);
    }

    private double Invalid(string warning)
    {
        Warn(warning, 2);
        return Morphology.Invalid;
    }

    private void Set(string key, double value) => _v[key] = value;

    private Morphology Abort(string warning)
    {
        _warnings.Add(warning + " Returning empty measurement.");
        foreach (var k in Morphology.Keys) _v[k] = Morphology.Invalid;
        return new Morphology(_v, 4, _warnings);
    }

    // Outliers as in Lotz et al. (2004): more than n sigma from the mean of the 8 neighbours,
    // with edges extended by the nearest pixel.
    private bool[] BadPixels(double[] raw)
    {
        var bad = new bool[raw.Length];
        for (int y = 0; y < _ny; y++)
            for (int x = 0; x < _nx; x++)
            {
                double s = 0, s2 = 0;
                for (int j = -1; j <= 1; j++)
                    for (int i = -1; i <= 1; i++)
                    {
                        if (i == 0 && j == 0) continue;
                        int xx = Math.Clamp(x + i, 0, _nx - 1), yy = Math.Clamp(y + j, 0, _ny - 1);
                        double v = raw[yy * _nx + xx];
                        s += v; s2 += v * v;
                    }
                double mean = s / 8, std = Math.Sqrt(s2 / 8 - mean * mean);
                bad[y * _nx + x] = Math.Abs(raw[y * _nx + x] - mean) > NSigmaOutlier * std;
            }
        return bad;
    }

    // Covariance of the segment light about (xc, yc), regularised as in SExtractor, and the
    // derived ellipticity 1 - b/a, elongation a/b and orientation.
    private (double Ellipticity, double Elongation, double Orientation) Shape(double xc, double yc)
    {
        double m00 = 0, x2 = 0, y2 = 0, xy = 0;
        for (int y = 0; y < _ny; y++)
            for (int x = 0; x < _nx; x++)
            {
                double v = _cutoutNoBg[y * _nx + x];
                if (v == 0) continue;
                double ddx = x - xc, ddy = y - yc;
                m00 += v; x2 += v * ddx * ddx; y2 += v * ddy * ddy; xy += v * ddx * ddy;
            }
        x2 /= m00; y2 /= m00; xy /= m00;
        if (x2 <= 0 || y2 <= 0) Warn("Nonpositive second moment.", 2);
        const double rho = 1.0 / 12.0;
        while (Math.Abs(x2 * y2 - xy * xy) < rho * rho)
        {
            x2 += x2 >= 0 ? rho : -rho;
            y2 += y2 >= 0 ? rho : -rho;
        }
        double mid = 0.5 * (x2 + y2), rad = Math.Sqrt(0.25 * (x2 - y2) * (x2 - y2) + xy * xy);
        double l1 = mid + rad, l2 = mid - rad;
        if (l1 < 0 || l2 < 0) Warn("Some negative eigenvalues.", 2);
        double e1 = Math.Abs(l1), e2 = Math.Abs(l2);
        double big = Math.Max(e1, e2), small = Math.Min(e1, e2);
        double a = Math.Sqrt(big), b = Math.Sqrt(small);
        return (1.0 - b / a, a / b, 0.5 * Math.Atan2(2.0 * xy, x2 - y2));
    }

    // First square box (scanning rows, then columns) of background-only, unmasked pixels;
    // halves the size down to 2 before giving up.
    private void FindSkybox(int[] seg, bool[] userMask)
    {
        _skybox = (0, 0, 0);
        for (int size = SkyboxSize; ; size /= 2)
        {
            for (int i = 0; i < _ny - size; i++)
                for (int j = 0; j < _nx - size; j++)
                {
                    bool ok = true;
                    for (int y = i; y < i + size && ok; y++)
                        for (int x = j; x < j + size; x++)
                            if (seg[y * _nx + x] != 0 || userMask[y * _nx + x]) { ok = false; break; }
                    if (ok) { _skybox = (j, i, size); goto Found; }
                }
            if (size <= 2) break;
        }
        Warn("[skybox] Skybox not found.", 2);
        _skyMean = _skyMedian = _skySigma = _skyAsym = Morphology.Invalid;
        return;
    Found:
        var bkg = Skybox();
        var all = new SigmaClip(bkg);
        var stats = all.Describe(0, all.Count);
        _skyMean = stats.Mean; _skyMedian = stats.Median; _skySigma = stats.Std;
        int s = _skybox.Size;
        double diff = 0;
        for (int k = 0; k < bkg.Length; k++) diff += Math.Abs(bkg[bkg.Length - 1 - k] - bkg[k]);
        _skyAsym = diff / (s * s);
    }

    private double[] Skybox()
    {
        int s = _skybox.Size;
        var bkg = new double[s * s];
        for (int y = 0; y < s; y++)
            for (int x = 0; x < s; x++)
                bkg[y * s + x] = _cutout[(y + _skybox.Y) * _nx + x + _skybox.X];
        return bkg;
    }

    private double PetrosianCircular(double xc, double yc)
    {
        double Ratio(double r)
        {
            double rIn = r - 0.5 * AnnulusWidth, rOut = r + 0.5 * AnnulusWidth;
            double annulus = Math.Abs(PixelApertures.CircularAnnulusSum(_cutout, _nx, _ny, xc, yc, rIn, rOut) / PixelApertures.CircularAnnulusArea(rIn, rOut));
            double inside = Math.Abs(PixelApertures.CircleSum(_cutout, _nx, _ny, xc, yc, r) / (Math.PI * r * r));
            if (inside == 0)
            {
                Warn("[rpetro_circ] Mean flux is zero.", 2);
                return (annulus != 0 ? 1.0 : 0.0) - Eta;
            }
            return annulus / inside - Eta;
        }
        return PetrosianSearch(Ratio, AnnulusWidth, Math.Sqrt((double)_nx * _nx + (double)_ny * _ny), "rpetro_circ");
    }

    private double PetrosianElliptical(double xc, double yc, double elong, double theta)
    {
        double Ratio(double a)
        {
            double b = a / elong, aIn = a - 0.5 * AnnulusWidth, aOut = a + 0.5 * AnnulusWidth, bOut = aOut / elong;
            double annulus = Math.Abs(PixelApertures.EllipticalAnnulusSum(_cutout, _nx, _ny, xc, yc, aIn, aOut, bOut, theta) / PixelApertures.EllipticalAnnulusArea(aIn, aOut, bOut));
            double inside = Math.Abs(PixelApertures.EllipseSum(_cutout, _nx, _ny, xc, yc, a, b, theta) / (Math.PI * a * b));
            if (inside == 0)
            {
                Warn("[rpetro_ellip] Mean flux is zero.", 2);
                return (annulus != 0 ? 1.0 : 0.0) - Eta;
            }
            return annulus / inside - Eta;
        }
        return PetrosianSearch(Ratio, AnnulusWidth, Math.Sqrt((double)_nx * _nx + (double)_ny * _ny) * elong, "rpetro_ellip");
    }

    // Coarse search for a bracket on a 100-point grid (the curve of growth need not be
    // monotonic), then Brent's method to 1e-6 pixels.
    private double PetrosianSearch(Func<double, double> f, double inner, double outer, string name)
    {
        double? lo = null, hi = null;
        for (int k = 0; k < 100; k++)
        {
            double r = inner + (outer - inner) * k / 99.0;
            double v = f(r);
            if (v == 0) { _warnings.Add($"[{name}] Found rpetro by chance?"); return r; }
            if (v > 0) lo = r;
            else
            {
                if (lo is null)
                {
                    Warn($"{name} < annulus_width! Setting {name} = annulus_width.", 2);
                    return inner;
                }
                hi = r;
                break;
            }
        }
        if (lo is null) return Invalid($"[{name}] no Petrosian radius.");
        if (hi is null) { Warn($"[{name}] rpetro too large.", 2); hi = outer; }
        if (Math.Sign(f(hi.Value)) == Math.Sign(f(lo.Value))) return hi.Value;
        return RootFinding.Brent(f, lo.Value, hi.Value, 1e-6);
    }

    // Semi-major axis of the ellipse (elongation 1 = circle) holding a fraction of the light
    // within the one of semi-major axis aTotal.
    private double RadiusAtFraction(double xc, double yc, double aTotal, double fraction, double elong, double theta)
    {
        double total = PixelApertures.EllipseSum(_cutout, _nx, _ny, xc, yc, aTotal, aTotal / elong, theta);
        if (total == 0) { Warn("[r_frac] Total flux sum is zero.", 2); return aTotal; }
        if (total < 0) { Warn("[r_frac] Total flux sum is negative.", 2); total = -total; }
        double F(double a) => a == 0 ? -fraction : Math.Abs(PixelApertures.EllipseSum(_cutout, _nx, _ny, xc, yc, a, a / elong, theta)) / total - fraction;
        double lo = 0;
        for (int k = 0; k < 100; k++)
        {
            double a = aTotal * k / 99.0;
            if (F(a) <= 0) lo = a;
            else return RootFinding.Brent(F, lo, a, 1e-6);
        }
        return Invalid("[r_frac] Root not found within range.");
    }

    private double CasRadius(double xc, double yc, double rUpper, double fraction)
    {
        if (!(rUpper > 0)) return Invalid("[CAS] Invalid radius_at_fraction_of_total.");
        double r = RadiusAtFraction(xc, yc, rUpper, fraction, 1, 0);
        if (double.IsNaN(r) || r <= 0) return Invalid("[CAS] Invalid radius_at_fraction_of_total.");
        return r;
    }

    private enum Kind { Cas, Outer, Shape }

    private readonly List<(int Index, double Fraction)> _weights = [];
    private readonly List<(int Index, double Fraction)> _innerWeights = [];

    // Lotz et al. (2004) eq. 10 about (xc, yc): sum |I - I_180| / sum |I| inside the aperture,
    // minus the background asymmetry scaled to the unmasked aperture area. The rotated image
    // (bilinear, zero outside) and rotated mask (nearest pixel) are only sampled at the pixels
    // the aperture touches.
    private double AsymmetryFunction(double xc, double yc, double[] image, Kind kind, double rpetroCentroid,
        double aIn, double aOut, double elong, double theta)
    {
        if (xc < 0 || xc >= _nx || yc < 0 || yc >= _ny)
        {
            Warn("[asym_center] Minimizer tried to exit bounds.", 2);
            _useCentroid = true;
            return 100.0;
        }
        var w = _weights;
        switch (kind)
        {
            case Kind.Cas:
                PixelApertures.EllipseWeights(_nx, _ny, xc, yc, PetroExtentCas * rpetroCentroid, PetroExtentCas * rpetroCentroid, 0, w);
                break;
            case Kind.Outer:
                PixelApertures.EllipseWeights(_nx, _ny, xc, yc, aOut, aOut / elong, theta, w);
                PixelApertures.EllipseWeights(_nx, _ny, xc, yc, aIn, aOut / elong * aIn / aOut, theta, _innerWeights);
                break;
            default:
                PixelApertures.EllipseWeights(_nx, _ny, xc, yc, aOut, aOut, 0, w);
                break;
        }
        var (sum, diff, area) = AsymmetrySums(image, xc, yc, w);
        if (kind == Kind.Outer)
        {
            var (s2, d2, a2) = AsymmetrySums(image, xc, yc, _innerWeights);
            sum -= s2; diff -= d2; area -= a2;
        }
        if (sum == 0) return Invalid("[asymmetry_function] Zero flux sum.");
        if (kind == Kind.Shape || _skyAsym == Morphology.Invalid) return diff / sum;
        return (diff - area * _skyAsym) / sum;
    }

    private (double Sum, double Diff, double Area) AsymmetrySums(double[] image, double xc, double yc, List<(int Index, double Fraction)> weights)
    {
        double sum = 0, diff = 0, area = 0;
        foreach (var (i, f) in weights)
        {
            int x = i % _nx, y = i / _nx;
            double sx = 2 * xc - x, sy = 2 * yc - y;
            int mx = (int)Math.Round(sx, MidpointRounding.AwayFromZero), my = (int)Math.Round(sy, MidpointRounding.AwayFromZero);
            bool rotatedMasked = mx >= 0 && mx < _nx && my >= 0 && my < _ny && _maskStamp[my * _nx + mx];
            if (_maskStamp[i] || rotatedMasked) continue; // symmetric mask: both images zero here
            int x0 = (int)Math.Floor(sx), y0 = (int)Math.Floor(sy);
            double fx = sx - x0, fy = sy - y0;
            double rot = (1 - fy) * ((1 - fx) * At(image, x0, y0) + fx * At(image, x0 + 1, y0))
                         + fy * ((1 - fx) * At(image, x0, y0 + 1) + fx * At(image, x0 + 1, y0 + 1));
            double v = image[i];
            sum += f * Math.Abs(v);
            diff += f * Math.Abs(rot - v);
            area += f;
        }
        return (sum, diff, area);
    }

    private double At(double[] image, int x, int y) => x >= 0 && x < _nx && y >= 0 && y < _ny ? image[y * _nx + x] : 0.0;

    private (double X, double Y) AsymmetryCentre(double rpetroCentroid)
    {
        var (x, y) = NelderMead.Minimize((cx, cy) => AsymmetryFunction(cx, cy, _cutout, Kind.Cas, rpetroCentroid, 0, 0, 0, 0),
            _xcStamp, _ycStamp, xtol: 1e-6);
        if (_useCentroid)
        {
            _warnings.Add("Using centroid instead of asymmetry center.");
            (x, y) = (_xcStamp, _ycStamp);
        }
        if (_cutout[(int)y * _nx + (int)x] == 0) Warn("[asym_center] Asymmetry center is masked.", 2);
        return (x, y);
    }

    private double Smoothness(double xc, double yc, double rpetro)
    {
        double rIn = PetroFractionCas * rpetro, rOut = PetroExtentCas * rpetro;
        int boxcar = (int)(PetroFractionCas * rpetro);
        var smooth = ImageFilters.Uniform(_cutout, _nx, _ny, boxcar);
        var diff = new double[smooth.Length];
        for (int i = 0; i < diff.Length; i++) diff[i] = Math.Max(_cutout[i] - smooth[i], 0);
        double apFlux = PixelApertures.CircularAnnulusSum(_cutout, _nx, _ny, xc, yc, rIn, rOut);
        double apDiff = PixelApertures.CircularAnnulusSum(diff, _nx, _ny, xc, yc, rIn, rOut);
        if (apFlux <= 0) return Invalid("[smoothness] Nonpositive total flux.");
        double s;
        if (_skybox.Size == 0) s = apDiff / apFlux;
        else
        {
            var bkg = Skybox();
            int bs = _skybox.Size;
            var bsmooth = ImageFilters.Uniform(bkg, bs, bs, boxcar);
            double bdiff = 0;
            for (int i = 0; i < bkg.Length; i++) bdiff += Math.Max(bkg[i] - bsmooth[i], 0);
            double skySmooth = bdiff / bkg.Length;
            s = (apDiff - PixelApertures.CircularAnnulusArea(rIn, rOut) * skySmooth) / apFlux;
        }
        return double.IsFinite(s) ? s : Invalid("Invalid smoothness.");
    }

    // Pixels of the Gaussian-smoothed stamp above the mean surface brightness at the
    // elliptical Petrosian radius, connected to the brightest pixel.
    private bool[] GiniSegmap(double rpetroEllip, double elong, double theta)
    {
        int n = _nx * _ny;
        var smooth = ImageFilters.Gaussian(_cutout, _nx, _ny, PetroFractionGini * rpetroEllip);
        double aIn = rpetroEllip - 0.5 * AnnulusWidth, aOut = rpetroEllip + 0.5 * AnnulusWidth, bOut = aOut / elong;
        double threshold = PixelApertures.EllipticalAnnulusSum(smooth, _nx, _ny, _xcStamp, _ycStamp, aIn, aOut, bOut, theta)
                           / PixelApertures.EllipticalAnnulusArea(aIn, aOut, bOut);
        var above = new bool[n];
        int count = 0, best = 0;
        for (int i = 0; i < n; i++)
        {
            above[i] = smooth[i] >= threshold;
            if (above[i]) count++;
            if (smooth[i] > smooth[best]) best = i;
        }
        var labels = ImageFilters.Label(above, _nx, _ny, out int features);
        if (features == 0) { Warn("[segmap_gini] Empty Gini segmap!", 2); return above; }
        if (count == n) { Warn("[segmap_gini] Full Gini segmap!", 2); return above; }
        if (features == 1) return above;
        _flag = Math.Max(_flag, 1);
        var keep = new bool[n];
        for (int i = 0; i < n; i++) keep[i] = labels[i] == labels[best] && labels[best] != 0;
        return keep;
    }

    private double Gini(bool[] seg)
    {
        var vals = new List<double>();
        for (int i = 0; i < seg.Length; i++) if (seg[i]) vals.Add(Math.Abs(_cutout[i]));
        vals.Sort();
        int n = vals.Count;
        double total = 0, weighted = 0;
        for (int i = 0; i < n; i++) { total += vals[i]; weighted += (2.0 * (i + 1) - n - 1) * vals[i]; }
        if (n <= 1 || total == 0) return Invalid("[gini] Not enough data for Gini calculation.");
        return weighted / ((n - 1) * total);
    }

    private double M20(bool[] seg)
    {
        int n = seg.Length;
        var img = new double[n];
        bool any = false;
        double m00 = 0, m10 = 0, m01 = 0;
        for (int i = 0; i < n; i++)
        {
            if (!seg[i]) continue;
            any = true;
            img[i] = _cutout[i];
            m00 += img[i]; m10 += img[i] * (i % _nx); m01 += img[i] * (i / _nx);
        }
        if (!any) return Morphology.Invalid;
        if (m00 <= 0) return Invalid("[m20] Nonpositive flux within Gini segmap.");
        double xc = m10 / m00, yc = m01 / m00;
        var sorted = (double[])img.Clone();
        Array.Sort(sorted);
        double sum = 0;
        foreach (var v in sorted) sum += v;
        double cum = 0, threshold = double.NaN;
        foreach (var v in sorted)
        {
            cum += v;
            if (cum / sum >= 0.8) { threshold = v; break; }
        }
        if (double.IsNaN(threshold)) return Invalid("[m20] Not enough data for M20 calculation.");
        double mTot = 0, m20 = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = i % _nx - xc, dy = i / _nx - yc, r2 = dx * dx + dy * dy;
            mTot += img[i] * r2;
            if (img[i] >= threshold) m20 += img[i] * r2;
        }
        if (m20 <= 0 || mTot <= 0) return Invalid("[m20] Negative second moment(s).");
        return Math.Log10(m20 / mTot);
    }

    private double SnPerPixel(double[] raw, bool[] segGini)
    {
        double sum = 0;
        int count = 0;
        double sky2 = _skySigma * _skySigma;
        for (int i = 0; i < raw.Length; i++)
        {
            if (!segGini[i] || !(_cutout[i] >= 0) || !double.IsFinite(raw[i])) continue;
            double poisson = double.IsPositiveInfinity(_gain) ? 0 : Math.Abs(raw[i]) / _gain;
            double w = Math.Sqrt(poisson + sky2);
            if (!(w > 0)) continue;
            sum += _cutout[i] / w;
            count++;
        }
        return count == 0 ? Invalid("Invalid sn_per_pixel.") : sum / count;
    }

    // Pawlik et al. (2016) detection mask: the box-smoothed stamp above mode + 1 sigma of the
    // sky in a circular annulus (2 to 4 elliptical Petrosian radii), connected to the peak.
    private bool[] ShapeAsymmetrySegmap(double xc, double yc, double rpetroEllip)
    {
        int n = _nx * _ny;
        double rIn = PetroExtentFlux * rpetroEllip, rOut = 2.0 * PetroExtentFlux * rpetroEllip;
        var sky = new List<double>(n);
        for (int y = 0; y < _ny; y++)
            for (int x = 0; x < _nx; x++)
            {
                int i = y * _nx + x;
                double d2 = (x - xc) * (x - xc) + (y - yc) * (y - yc);
                if (!_maskStamp[i] && d2 < rOut * rOut && !(d2 < rIn * rIn)) sky.Add(_cutout[i]);
            }
        if (sky.Count < SkyboxSize * SkyboxSize)
        {
            sky.Clear();
            if (_skybox.Size > 0) sky.AddRange(Skybox());
            if (sky.Count == 0)
            {
                Warn("[shape_asym] Asymmetry segmap undefined.", 2);
                var r = new bool[n];
                for (int i = 0; i < n; i++) r[i] = !_maskNoBg[i];
                return r;
            }
        }
        var clip = new SigmaClip(sky);
        var (lo, hi) = clip.ClipMode(0, clip.Count, 3.0, 0);
        var st = clip.Describe(lo, hi);
        double threshold = 2.5 * st.Median - 1.5 * st.Mean + st.Std;
        var smooth = ImageFilters.Uniform(_cutout, _nx, _ny, BoxcarSizeShapeAsym);
        var above = new bool[n];
        int best = 0;
        for (int i = 0; i < n; i++)
        {
            above[i] = smooth[i] >= threshold;
            if (smooth[i] > smooth[best]) best = i;
        }
        if (!above[best]) { Warn("[shape_asym] Adding brightest pixel to segmap.", 2); above[best] = true; }
        var labels = ImageFilters.Label(above, _nx, _ny, out _);
        var seg = new bool[n];
        for (int i = 0; i < n; i++) seg[i] = labels[i] == labels[best];
        return seg;
    }
}
