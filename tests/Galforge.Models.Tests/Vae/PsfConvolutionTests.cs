using Galforge.Engine;
using Galforge.Models.Vae;
using Xunit;

namespace Galforge.Models.Tests.Vae;

public sealed class PsfConvolutionTests
{
    // Direct linear convolution: out[i] = Σ_j x[j] psf[i - j + c] (zero outside).
    private static double Direct(float[] x, int s, float[] psf, int ph, int pw, int oy, int ox)
    {
        double acc = 0;
        for (var y = 0; y < s; y++)
            for (var xx = 0; xx < s; xx++)
            {
                int py = oy - y + ph / 2, px = ox - xx + pw / 2;
                if (py < 0 || py >= ph || px < 0 || px >= pw) continue;
                acc += x[y * s + xx] * psf[py * pw + px];
            }
        return acc;
    }

    [Fact]
    public void MatchesDirectConvolutionWithoutWrapAround()
    {
        const int s = 12, ph = 9, pw = 7, n = 2, b = 3;
        var rng = new PhiloxGenerator(5);
        var x = Tensor.RandN(rng, n, b, s, s);
        var psfs = Tensor.Rand(rng, n * b, ph, pw).ToArray(); // asymmetric, not normalised
        var conv = new PsfConvolution(s, PsfConvolution.HalfExtent(ph, pw));
        var sp = conv.Spectra(psfs, n * b, ph, pw);
        var sh = conv.SpectrumShape;
        var y = conv.Apply(x, sp.Reshape(n, b, sh[0], sh[1], sh[2])).ToArray();
        var xa = x.ToArray();
        double worst = 0, scale = 0;
        for (var k = 0; k < n * b; k++)
            for (var oy = 0; oy < s; oy++)
                for (var ox = 0; ox < s; ox++)
                {
                    var want = Direct(xa.AsSpan(k * s * s, s * s).ToArray(), s, psfs.AsSpan(k * ph * pw, ph * pw).ToArray(), ph, pw, oy, ox);
                    worst = Math.Max(worst, Math.Abs(want - y[k * s * s + oy * s + ox]));
                    scale = Math.Max(scale, Math.Abs(want));
                }
        Assert.True(worst <= 1e-4 * scale, $"worst difference {worst} (scale {scale})");
    }

    [Fact]
    public void GradientIsTheCorrelationWithThePsf()
    {
        const int s = 10, ph = 5, pw = 5;
        var rng = new PhiloxGenerator(9);
        var x = Tensor.RandN(rng, 1, 1, s, s).RequiresGrad_();
        var g = Tensor.RandN(rng, 1, 1, s, s);
        var psf = Tensor.Rand(rng, 1, ph, pw).ToArray();
        var conv = new PsfConvolution(s, 2);
        var sh = conv.SpectrumShape;
        (conv.Apply(x, conv.Spectra(psf, 1, ph, pw).Reshape(1, 1, sh[0], sh[1], sh[2])) * g).Sum().Backward();
        var grad = x.Grad!.ToArray();
        var ga = g.ToArray();
        // d/dx[j] Σ_i g[i] Σ_j' x[j'] psf[i - j' + c] = Σ_i g[i] psf[i - j + c].
        for (var jy = 0; jy < s; jy++)
            for (var jx = 0; jx < s; jx++)
            {
                double want = 0;
                for (var iy = 0; iy < s; iy++)
                    for (var ix = 0; ix < s; ix++)
                    {
                        int py = iy - jy + ph / 2, px = ix - jx + pw / 2;
                        if (py >= 0 && py < ph && px >= 0 && px < pw) want += ga[iy * s + ix] * psf[py * pw + px];
                    }
                Assert.True(Math.Abs(want - grad[jy * s + jx]) < 1e-4 * (1 + Math.Abs(want)), $"({jy},{jx}): {grad[jy * s + jx]} vs {want}");
            }
    }
}
