namespace Galforge.Astro.Fidelity;

/// <summary>
/// Frechet distance between Gaussians fitted to two sets of feature vectors (as in FID):
/// |mu_a - mu_b|^2 + Tr(C_a + C_b - 2 (C_a C_b)^(1/2)). The matrix square-root trace is
/// computed as the sum of square roots of the eigenvalues of C_a^(1/2) C_b C_a^(1/2)
/// (symmetric, so a Jacobi eigen-solver suffices).
/// </summary>
public static class FrechetDistance
{
    /// <summary>Distance between feature sets (rows = galaxies, columns = features); at least
    /// two rows each.</summary>
    public static double Compute(IReadOnlyList<double[]> a, IReadOnlyList<double[]> b)
    {
        if (a.Count < 2 || b.Count < 2) return double.NaN;
        int d = a[0].Length;
        var (ma, ca) = MeanCovariance(a, d);
        var (mb, cb) = MeanCovariance(b, d);
        double dist = 0;
        for (int k = 0; k < d; k++) dist += (ma[k] - mb[k]) * (ma[k] - mb[k]);
        var sqrtA = SymmetricSqrt(ca, d);
        var m = Multiply(Multiply(sqrtA, cb, d), sqrtA, d);
        var (eig, _) = SymmetricEigen(m, d);
        double trSqrt = 0;
        foreach (var e in eig) trSqrt += Math.Sqrt(Math.Max(e, 0));
        for (int k = 0; k < d; k++) dist += ca[k * d + k] + cb[k * d + k];
        return Math.Max(dist - 2 * trSqrt, 0);
    }

    /// <summary>Sample mean and covariance (n - 1 normalisation), covariance row-major d x d.</summary>
    public static (double[] Mean, double[] Covariance) MeanCovariance(IReadOnlyList<double[]> rows, int d)
    {
        var mean = new double[d];
        foreach (var r in rows) for (int k = 0; k < d; k++) mean[k] += r[k];
        for (int k = 0; k < d; k++) mean[k] /= rows.Count;
        var cov = new double[d * d];
        foreach (var r in rows)
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++)
                    cov[i * d + j] += (r[i] - mean[i]) * (r[j] - mean[j]);
        for (int k = 0; k < cov.Length; k++) cov[k] /= rows.Count - 1;
        return (mean, cov);
    }

    private static double[] SymmetricSqrt(double[] c, int d)
    {
        var (eig, vec) = SymmetricEigen(c, d);
        var r = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double s = 0;
                for (int k = 0; k < d; k++) s += vec[i * d + k] * Math.Sqrt(Math.Max(eig[k], 0)) * vec[j * d + k];
                r[i * d + j] = s;
            }
        return r;
    }

    private static double[] Multiply(double[] a, double[] b, int d)
    {
        var r = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int k = 0; k < d; k++)
                for (int j = 0; j < d; j++)
                    r[i * d + j] += a[i * d + k] * b[k * d + j];
        return r;
    }

    /// <summary>Cyclic Jacobi eigen-decomposition of a symmetric matrix: eigenvalues and
    /// eigenvectors (columns of the returned row-major matrix).</summary>
    internal static (double[] Values, double[] Vectors) SymmetricEigen(double[] matrix, int d)
    {
        var a = (double[])matrix.Clone();
        // Symmetrise against round-off from the products above.
        for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) a[i * d + j] = a[j * d + i] = 0.5 * (a[i * d + j] + a[j * d + i]);
        var v = new double[d * d];
        for (int i = 0; i < d; i++) v[i * d + i] = 1;
        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int i = 0; i < d; i++) for (int j = i + 1; j < d; j++) off += a[i * d + j] * a[i * d + j];
            if (off < 1e-30) break;
            for (int p = 0; p < d; p++)
                for (int q = p + 1; q < d; q++)
                {
                    double apq = a[p * d + q];
                    if (Math.Abs(apq) < 1e-300) continue;
                    double theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < d; k++)
                    {
                        double akp = a[k * d + p], akq = a[k * d + q];
                        a[k * d + p] = c * akp - s * akq;
                        a[k * d + q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < d; k++)
                    {
                        double apk = a[p * d + k], aqk = a[q * d + k];
                        a[p * d + k] = c * apk - s * aqk;
                        a[q * d + k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < d; k++)
                    {
                        double vkp = v[k * d + p], vkq = v[k * d + q];
                        v[k * d + p] = c * vkp - s * vkq;
                        v[k * d + q] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[d];
        for (int i = 0; i < d; i++) values[i] = a[i * d + i];
        return (values, v);
    }
}
