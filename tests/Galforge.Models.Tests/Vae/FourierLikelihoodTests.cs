using Galforge.Astro.Datasets;
using Galforge.Astro.Fits;
using Galforge.Astro.Noise;
using Galforge.Astro.Simulation;
using Galforge.Engine;
using Galforge.Models.Training;
using Galforge.Models.Vae;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Vae;

public sealed class FourierLikelihoodTests
{
    private const int Size = 32;

    // Stamps of pure sky noise of sigma 2 (white, or the COSMOS correlated noise), no galaxy,
    // band 0 with a masked corner and galaxy 1's band 1 missing. Gain unknown: sky noise only.
    private static GalaxyDataset Noise(int count, bool correlated)
    {
        var bands = new[] { new DatasetBand("B0", 0.03, 25), new DatasetBand("B1", 0.03, 25) };
        var ds = new GalaxyDataset(bands, count, Size, Size, 5, 5);
        CorrelatedNoise? cosmos = null;
        if (correlated)
        {
            var cf = FitsFile.ReadImage(RepoPaths.ShippedData("candels", "acs_I_unrot_sci_20_cf.fits"));
            cf.PixelScale = 0.03;
            cosmos = new CorrelatedNoise(cf, "COSMOS F814W");
            var spectrum = cosmos.StampPowerSpectrum(Size, 0.03);
            var power = new float[2 * Size * Size];
            for (var i = 0; i < power.Length; i++) power[i] = (float)spectrum[i % (Size * Size)];
            ds.NoisePowerSpectra = power;
        }
        var white = Tensor.RandN(new PhiloxGenerator(2), ds.Images.Length).ToArray();
        for (var g = 0; g < count; g++)
            for (var b = 0; b < 2; b++)
            {
                ds.SetNoiseSigma(g, b, 2f);
                ds.Psf(g, b)[12] = 1f;
                var img = ds.Image(g, b);
                if (cosmos is not null) cosmos.Add(img, Size, 2.0, new CounterRandom(5, (ulong)g, (ulong)b), 0.03);
                else for (var i = 0; i < img.Length; i++) img[i] = 2f * white[(g * 2 + b) * Size * Size + i];
            }
        for (var i = 0; i < 40; i++) ds.Mask(0, 0)[i] = MaskBits.Bad;
        if (count > 1) ds.Mask(1, 1).Fill(MaskBits.MissingBand);
        ds.Normalization = new AsinhNormalization([6.0, 6.0]);
        return ds;
    }

    private static VaeLoss Chi2(GalaxyDataset ds, bool fourier, float[] model)
    {
        var data = new VaeData(ds, ds.Normalization!.Scales, fourier);
        var batch = data.Batch(Enumerable.Range(0, ds.Count).ToArray());
        return VaeLoss.Evaluate(Tensor.Wrap(model, ds.Count, 2, Size, Size), batch, Tensor.Zeros(ds.Count, 2), Tensor.Zeros(ds.Count, 2), 1, 0);
    }

    [Fact]
    public void ForWhiteNoiseTheFourierChiSquaredIsThePixelOne()
    {
        // Parseval: with a flat noise spectrum the two likelihoods are the same number, masks and
        // missing bands included.
        var ds = Noise(3, correlated: false);
        var model = Tensor.RandN(new PhiloxGenerator(9), 3 * 2 * Size * Size).ToArray();
        var pixel = Chi2(ds, false, model);
        var fourier = Chi2(ds, true, model);
        Assert.Equal(pixel.ChiSquared, fourier.ChiSquared, pixel.ChiSquared * 1e-5);
        Assert.Equal(pixel.ChiSquaredPerPixel, fourier.ChiSquaredPerPixel, 1e-4);
    }

    [Fact]
    public void CorrelatedNoiseScoresOnePerPixelAndItsQuietModesWeighMore()
    {
        var ds = Noise(60, correlated: true);
        var zero = new float[60 * 2 * Size * Size];
        // The noise itself against a zero model: χ² per pixel 1 in expectation (both likelihoods).
        Assert.InRange(Chi2(ds, true, zero).ChiSquaredPerPixel, 0.97, 1.03);
        // A checkerboard residual is the single Nyquist mode, where the COSMOS noise has little
        // power: the Fourier likelihood charges it the pixel χ² divided by P(Nyquist).
        var pNyquist = ds.NoisePowerSpectrum(0)[Size / 2 * Size + Size / 2];
        Assert.True(pNyquist < 0.5, $"P(Nyquist) {pNyquist}");
        var one = Noise(1, correlated: true);
        Array.Clear(one.Images);
        one.Mask(0, 0).Clear();
        var board = new float[2 * Size * Size];
        for (var i = 0; i < board.Length; i++) board[i] = (i % Size + i / Size % Size) % 2 == 0 ? 0.1f : -0.1f;
        var pixel = Chi2(one, false, board).ChiSquared;
        Assert.Equal(2 * Size * Size * 0.01 * 9, pixel, 1e-3); // (0.1 x scale 6 / sigma 2)² per pixel
        Assert.Equal(pixel / pNyquist, Chi2(one, true, board).ChiSquared, pixel / pNyquist * 1e-4);
    }

    [Fact]
    public void TheSimulatorRecordsTheNoiseSpectrumAndTheDatasetKeepsIt()
    {
        using var tmp = new TempDirectory();
        var ds = Noise(2, correlated: true);
        ds.Write(tmp.File("ds"));
        var back = GalaxyDataset.Read(tmp.File("ds"));
        Assert.Equal(ds.NoisePowerSpectra, back.NoisePowerSpectra);
        Assert.Equal(ds.NoisePowerSpectra, back.Subset([1]).NoisePowerSpectra);
        // A COSMOS-like simulation (correlated noise) records it; a CANDELS-like one (white) does not.
        var cosmos = SimulationOutput.CreateDataset(new SimulationRequest { Count = 1, Survey = "cosmos", StampSize = Size, Seed = 1 }.Build(), 1);
        Assert.NotNull(cosmos.NoisePowerSpectra);
        Assert.True(cosmos.NoisePowerSpectrum(0)[Size / 2 * Size + Size / 2] < 0.5);
        Assert.Null(SimulationOutput.CreateDataset(new SimulationRequest { Count = 1, Survey = "candels", StampSize = Size, Seed = 1 }.Build(), 1).NoisePowerSpectra);
        var white = Noise(1, correlated: false);
        white.Write(tmp.File("white"));
        Assert.Null(GalaxyDataset.Read(tmp.File("white")).NoisePowerSpectra);
    }

    [Fact]
    public void LikelihoodIsAValidatedConfigurationKeyAndTrainsWithFourier()
    {
        var bad = Assert.Throws<BadInputException>(() => new VaeConfig { Likelihood = "poisson" }.Validated("test", 32));
        Assert.Contains("likelihood", bad.Message);
        using var tmp = new TempDirectory();
        var ds = Noise(8, correlated: true);
        ds.Write(tmp.File("ds"));
        var cfg = new VaeConfig { Latent = 4, Width = 4, MaxChannels = 8, Depth = 2, ResidualBlocks = 0, ApodizationPixels = 1, BatchSize = 4, Steps = 2, CheckpointEvery = 2, ValidationFraction = 0.25, Likelihood = "fourier" };
        var dir = VaeTrainer.Train(new VaeTrainingOptions(tmp.File("ds"), tmp.File("vae"), cfg, 3, false, "test"));
        var card = File.ReadAllText(Path.Combine(dir, RunFiles.CardMarkdown));
        Assert.Contains("fourier", card);
    }
}
