using Galforge.Engine;
using Galforge.Models.Flow;
using Galforge.Nn;
using Xunit;

namespace Galforge.Models.Tests.Flow;

public sealed class ConditionalMafTests
{
    private static ConditionalMaf RandomFlow(int dim, int cond, ulong seed)
    {
        var flow = new ConditionalMaf(dim, cond, new PhiloxGenerator(seed), bijectors: 3, hidden: 16);
        // Perturb the near-identity start so the bijectors do real work.
        var rng = new PhiloxGenerator(seed + 100);
        foreach (var (_, p) in flow.NamedParameters())
        {
            var noise = Tensor.RandN(rng, p.Shape.ToArray()).ToArray();
            var d = p.Data;
            for (var i = 0; i < d.Length; i++) d[i] += 0.3f * noise[i];
        }
        flow.DataMean.Data[0] = 0.5f;
        flow.DataStd.Data[^1] = 2f;
        return flow;
    }

    [Fact]
    public void InverseInvertsTheForwardMap()
    {
        var flow = RandomFlow(5, 2, 1);
        var rng = new PhiloxGenerator(2);
        var x = Tensor.RandN(rng, 7, 5);
        var c = Tensor.RandN(rng, 7, 2);
        var (u, _) = flow.ToBase(x, c);
        var back = flow.FromBase(u, c).ToArray();
        var xa = x.ToArray();
        for (var i = 0; i < xa.Length; i++) Assert.True(Math.Abs(xa[i] - back[i]) < 1e-4, $"element {i}: {xa[i]} vs {back[i]}");
    }

    [Fact]
    public void LogDeterminantMatchesTheJacobian()
    {
        const int d = 3;
        var flow = RandomFlow(d, 1, 3);
        var rng = new PhiloxGenerator(4);
        var x0 = Tensor.RandN(rng, 1, d).ToArray();
        var c = Tensor.FromArray([0.7f], 1, 1);
        var (_, logDet) = flow.ToBase(Tensor.FromArray(x0, 1, d), c);
        // Exact Jacobian by autograd, and a central-difference one.
        var jac = new double[d, d];
        var fd = new double[d, d];
        for (var i = 0; i < d; i++)
        {
            var x = Tensor.FromArray((float[])x0.Clone(), 1, d).RequiresGrad_();
            var (u, _) = flow.ToBase(x, c);
            var g = Autograd.Grad(u.Narrow(1, i, 1).Sum(), x).ToArray();
            for (var j = 0; j < d; j++) jac[i, j] = g[j];
        }
        const float h = 1e-2f;
        for (var j = 0; j < d; j++)
        {
            var xp = (float[])x0.Clone(); xp[j] += h;
            var xm = (float[])x0.Clone(); xm[j] -= h;
            var up = flow.ToBase(Tensor.FromArray(xp, 1, d), c).U.ToArray();
            var um = flow.ToBase(Tensor.FromArray(xm, 1, d), c).U.ToArray();
            for (var i = 0; i < d; i++) fd[i, j] = (up[i] - um[i]) / (2.0 * h);
        }
        Assert.Equal(LogAbsDet(jac), logDet.Item(), 4);
        Assert.True(Math.Abs(LogAbsDet(fd) - logDet.Item()) < 1e-2, $"finite differences {LogAbsDet(fd)} vs {logDet.Item()}");
    }

    private static double LogAbsDet(double[,] m)
    {
        var n = m.GetLength(0);
        var a = (double[,])m.Clone();
        double log = 0;
        for (var k = 0; k < n; k++)
        {
            var p = k;
            for (var r = k + 1; r < n; r++) if (Math.Abs(a[r, k]) > Math.Abs(a[p, k])) p = r;
            for (var col = 0; col < n; col++) (a[k, col], a[p, col]) = (a[p, col], a[k, col]);
            log += Math.Log(Math.Abs(a[k, k]));
            for (var r = k + 1; r < n; r++)
            {
                var f = a[r, k] / a[k, k];
                for (var col = k; col < n; col++) a[r, col] -= f * a[k, col];
            }
        }
        return log;
    }

    [Fact]
    public void MadeOutputDependsOnlyOnEarlierInputs()
    {
        const int d = 6;
        var made = new ConditionalMade(d, 2, 24, 5, new PhiloxGenerator(7));
        var rng = new PhiloxGenerator(8);
        var c = Tensor.RandN(rng, 1, 2);
        var x = Tensor.RandN(rng, 1, d);
        var (s0, l0) = made.Parameters(x, c);
        for (var j = 0; j < d; j++)
        {
            var xj = x.Clone();
            xj.Data[j] += 1.5f;
            var (s1, l1) = made.Parameters(xj, c);
            for (var i = 0; i < d; i++)
            {
                var changed = s1.Data[i] != s0.Data[i] || l1.Data[i] != l0.Data[i];
                if (i <= j) Assert.False(changed, $"output {i} changed when input {j} moved");
            }
            // Some later output does react (the mask is not trivially zero), except after the last input.
            if (j < d - 1)
            {
                var any = false;
                for (var i = j + 1; i < d; i++) any |= s1.Data[i] != s0.Data[i];
                Assert.True(any, $"no output after {j} depends on input {j}");
            }
        }
    }

    [Fact]
    public void FitRecoversAKnownConditionalGaussian()
    {
        // x1 ~ N(2c, (0.3 e^{0.5c})²), x2 ~ N(-c + 0.5 x1, 0.5²), c ~ U(-1, 1).
        var flow = new ConditionalMaf(2, 1, new PhiloxGenerator(11), bijectors: 3, hidden: 32);
        var rng = new PhiloxGenerator(12);
        (Tensor X, Tensor C) Draw(int n, float? fixedC = null)
        {
            var cs = Tensor.Uniform(rng, -1f, 1f, n, 1).ToArray();
            if (fixedC is { } fc) Array.Fill(cs, fc);
            var e = Tensor.RandN(rng, n, 2).ToArray();
            var xs = new float[2 * n];
            for (var i = 0; i < n; i++)
            {
                xs[2 * i] = 2 * cs[i] + 0.3f * MathF.Exp(0.5f * cs[i]) * e[2 * i];
                xs[2 * i + 1] = -cs[i] + 0.5f * xs[2 * i] + 0.5f * e[2 * i + 1];
            }
            return (Tensor.FromArray(xs, n, 2), Tensor.FromArray(cs, n, 1));
        }
        var (fitX, fitC) = Draw(4000);
        flow.FitStandardization(fitX, fitC);
        var opt = new Adam(flow.NamedParameters(), 1e-2);
        for (var step = 0; step < 300; step++)
        {
            var (x, c) = Draw(256);
            opt.ZeroGrad();
            (-flow.LogProb(x, c).Mean()).Backward();
            opt.Step();
        }
        foreach (var cv in new[] { -0.8f, 0f, 0.8f })
        {
            var n = 3000;
            var cond = Tensor.Full(cv, n, 1);
            var (s, _) = flow.Sample(n, cond, rng);
            var a = s.ToArray();
            double m1 = 0, m2 = 0, v1 = 0;
            for (var i = 0; i < n; i++) { m1 += a[2 * i]; m2 += a[2 * i + 1]; }
            m1 /= n; m2 /= n;
            for (var i = 0; i < n; i++) v1 += (a[2 * i] - m1) * (a[2 * i] - m1);
            var sd1 = Math.Sqrt(v1 / (n - 1));
            Assert.True(Math.Abs(m1 - 2 * cv) < 0.1, $"c={cv}: mean x1 {m1}, expected {2 * cv}");
            Assert.True(Math.Abs(m2 - (-cv + cv)) < 0.1, $"c={cv}: mean x2 {m2}, expected 0");
            var sdWant = 0.3 * Math.Exp(0.5 * cv);
            Assert.True(Math.Abs(sd1 / sdWant - 1) < 0.2, $"c={cv}: sd x1 {sd1}, expected {sdWant}");
        }
    }
}
