using Galforge.Engine;
using Galforge.Models.Vae;
using Galforge.Nn;
using Xunit;

namespace Galforge.Models.Tests.Vae;

public sealed class ConvVaeTests
{
    private static readonly VaeConfig Tiny = new() { Latent = 4, Width = 4, MaxChannels = 8, Depth = 2, ResidualBlocks = 1, ApodizationPixels = 1 };

    [Fact]
    public void ShapesFollowTheConfiguration()
    {
        var vae = new ConvVae(Tiny, 3, 16, new PhiloxGenerator(1));
        var x = Tensor.RandN(new PhiloxGenerator(2), 5, 3, 16, 16);
        var (mu, lv) = vae.Encode(x);
        Assert.Equal([5, 4], mu.Shape);
        Assert.Equal([5, 4], lv.Shape);
        Assert.Equal([5, 3, 16, 16], vae.Decode(mu).Shape);
    }

    [Fact]
    public void DecoderOutputIsZeroAtTheApodisedEdge()
    {
        var vae = new ConvVae(Tiny, 2, 16, new PhiloxGenerator(1));
        var y = vae.Decode(Tensor.RandN(new PhiloxGenerator(3), 2, 4)).ToArray();
        // The taper's outermost weight is small (0.5 - 0.5 cos(π/3) = 0.25 per axis); the interior is untouched.
        var w = ConvVae.Window(16, 1).ToArray();
        Assert.Equal(1f, w[8 * 16 + 8]);
        Assert.True(w[0] < 0.1f);
        Assert.Contains(y, v => v != 0);
    }

    [Fact]
    public void GradientsReachEveryParameter()
    {
        var ds = TinyGalaxies.Make(4);
        var data = new VaeData(ds, ds.Normalization!.Scales);
        var vae = new ConvVae(Tiny, 2, 16, new PhiloxGenerator(1));
        var loss = VaeLoss.Compute(vae, data.Batch([0, 1, 2, 3]), data.Convolution, new PhiloxGenerator(4));
        loss.Total.Backward();
        foreach (var (name, p) in vae.NamedParameters())
        {
            Assert.NotNull(p.Grad);
            Assert.True(p.Grad!.ToArray().Any(v => v != 0), $"{name} got an all-zero gradient");
            Assert.All(p.Grad.ToArray(), v => Assert.True(float.IsFinite(v), name));
        }
    }

    [Fact]
    public void MaskedPixelsAndMissingBandsContributeNothing()
    {
        var ds = TinyGalaxies.Make(3);
        var vae = new ConvVae(Tiny, 2, 16, new PhiloxGenerator(1));
        // Mask a block of galaxy 0 band 0 and the whole of band 1 of galaxy 2.
        for (var i = 0; i < 40; i++) ds.Mask(0, 0)[i] = Galforge.Astro.Datasets.MaskBits.Bad;
        ds.Mask(2, 1).Fill(Galforge.Astro.Datasets.MaskBits.MissingBand);
        var before = Loss(vae, ds);
        for (var i = 0; i < 40; i++) ds.Image(0, 0)[i] = 1e4f;
        ds.Image(2, 1).Fill(-3e3f);
        var after = Loss(vae, ds);
        // The encoder sees the changed pixels, so compare at a fixed latent: decode the same z.
        Assert.Equal(before.Chi, after.Chi, 6);
        // And an unmasked change does move the χ².
        ds.Image(1, 0)[100] += 50f;
        Assert.NotEqual(before.Chi, Loss(vae, ds).Chi, 3);
    }

    private static (double Chi, double Kl) Loss(ConvVae vae, Galforge.Astro.Datasets.GalaxyDataset ds)
    {
        var data = new VaeData(ds, ds.Normalization!.Scales);
        var batch = data.Batch([0, 1, 2]);
        var z = Tensor.Full(0.3f, 3, 4);
        var model = data.Convolution.Apply(vae.Decode(z), batch.PsfSpectra);
        var l = VaeLoss.Evaluate(model, batch, z, Tensor.Zeros(3, 4), 1, 0);
        return (l.ChiSquared, l.Kl);
    }

    [Fact]
    public void TinyVaeOverfitsAHandfulOfGalaxies()
    {
        var ds = TinyGalaxies.Make(4);
        var data = new VaeData(ds, ds.Normalization!.Scales);
        var vae = new ConvVae(Tiny with { Width = 8, MaxChannels = 16, Beta = 0.01 }, 2, 16, new PhiloxGenerator(1));
        var opt = new Adam(vae.NamedParameters(), 3e-3);
        var batch = data.Batch([0, 1, 2, 3]);
        double first = 0, last = 0;
        for (var step = 0; step < 150; step++)
        {
            opt.ZeroGrad();
            var loss = VaeLoss.Compute(vae, batch, data.Convolution, null);
            loss.Total.Backward();
            opt.Step();
            if (step == 0) first = loss.ChiSquaredPerPixel;
            last = loss.ChiSquaredPerPixel;
        }
        Assert.True(last < 0.1 * first, $"chi2/pixel fell from {first} to {last} only");
        Assert.True(last < 3, $"chi2/pixel after 150 steps is {last}");
    }
}
