namespace Galforge.Astro.Profiles;

/// <summary>
/// The few special functions the profiles need, in double precision: log-gamma (Lanczos,
/// g = 7, |rel. error| &lt; 1e-15) and the regularized lower incomplete gamma function
/// P(a, x) (series for x &lt; a + 1, Lentz continued fraction otherwise, as Numerical Recipes 6.2),
/// accurate to about 1e-14.
/// </summary>
public static class SpecialFunctions
{
    private static readonly double[] s_lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Gamma(a) for a &gt; 0.</summary>
    public static double LogGamma(double a)
    {
        if (a < 0.5) return Math.Log(Math.PI / Math.Sin(Math.PI * a)) - LogGamma(1 - a);
        a -= 1;
        double x = s_lanczos[0];
        for (int i = 1; i < s_lanczos.Length; i++) x += s_lanczos[i] / (a + i);
        double t = a + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (a + 0.5) * Math.Log(t) - t + Math.Log(x);
    }

    /// <summary>Regularized lower incomplete gamma P(a, x) = gamma(a, x) / Gamma(a), a &gt; 0, x &gt;= 0.</summary>
    public static double GammaP(double a, double x)
    {
        if (x <= 0) return 0;
        if (double.IsPositiveInfinity(x)) return 1;
        double lnPrefactor = a * Math.Log(x) - x - LogGamma(a);
        if (x < a + 1)
        {
            double ap = a, sum = 1.0 / a, del = sum;
            for (int i = 0; i < 10000; i++)
            {
                ap += 1;
                del *= x / ap;
                sum += del;
                if (Math.Abs(del) < Math.Abs(sum) * 1e-16) break;
            }
            return sum * Math.Exp(lnPrefactor);
        }
        // Continued fraction for Q(a, x), modified Lentz.
        const double Tiny = 1e-300;
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (int i = 1; i < 10000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < Tiny) d = Tiny;
            c = b + an / c;
            if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-16) break;
        }
        return 1 - Math.Exp(lnPrefactor) * h;
    }
}
