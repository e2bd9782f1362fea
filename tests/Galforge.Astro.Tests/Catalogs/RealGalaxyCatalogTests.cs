using System.Text.Json;
using Galforge.Astro.Catalogs;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Catalogs;

public class RealGalaxyCatalogTests
{
    private static string ShippedCatalog => RepoPaths.ShippedData("cosmos", "real_galaxy_catalog_26_extension_example.fits");

    [Fact]
    public void ShippedCosmosSampleLoadsCompletelyAndMatchesAstropy()
    {
        using var catalog = RealGalaxyCatalog.Open(ShippedCatalog);
        Assert.Equal(100, catalog.Count);
        Assert.True(catalog.ImagesAvailable, catalog.MissingSummary);
        Assert.NotNull(catalog.FitsTablePath);
        var expected = JsonDocument.Parse(File.ReadAllText(RepoPaths.TestData("fits", "cosmos_expected.json"))).RootElement.EnumerateArray().ToList();
        for (var i = 0; i < catalog.Count; i++)
        {
            var e = expected[i];
            Assert.Equal(e.GetProperty("ident").GetInt64(), catalog.Idents[i]);
            var g = catalog.ReadGalaxy(i);
            Assert.Equal(e.GetProperty("shape")[0].GetInt32(), g.Width);
            Assert.Equal(e.GetProperty("shape")[1].GetInt32(), g.Height);
            Assert.Equal(0.03, g.PixelScale, 9);
            // Stamps are float64 on disk; our Image is float32, so compare to float32 precision.
            Assert.Equal((float)e.GetProperty("first").GetDouble(), g.Pixels[0]);
            Assert.Equal((float)e.GetProperty("max").GetDouble(), g.Pixels.Max());
            Assert.Equal(e.GetProperty("sum").GetDouble(), g.Sum(), 1e-4 * Math.Max(1, Math.Abs(e.GetProperty("sum").GetDouble())));
            var p = catalog.ReadPsf(i);
            Assert.Equal(e.GetProperty("psf_shape")[0].GetInt32(), p.Width);
            Assert.Equal(e.GetProperty("psf_sum").GetDouble(), p.Sum(), 1e-4);
        }
    }

    [Fact]
    public void CompanionTableJoinsOnIdentAndGivesDatasetParameters()
    {
        using var catalog = RealGalaxyCatalog.Open(ShippedCatalog);
        var p = catalog.ToParameters();
        Assert.Equal("0", p.Strings("ident")[0]);
        Assert.Equal(24.438337326049805, p.Numbers("mag")[0], 12);
        Assert.Equal(0.8165000081062317, p.Numbers("z")[0], 12);
        Assert.Equal(24.82069969177246, p.Numbers("HSC_g")[0], 12);
        // flux_radius is in 0.03" pixels: 9.132 px -> 0.274 arcsec.
        Assert.Equal(9.132363319396973 * 0.03, p.Numbers("half_light_radius")[0], 9);
        Assert.All(p.Numbers("z"), z => Assert.InRange(z, 0.09 - 1e-6, 4.06 + 1e-6));
    }

    [Fact]
    public void GalsimExampleCatalogueLoadsAndSaysItsImagesAreAbsent()
    {
        using var catalog = RealGalaxyCatalog.Open(RepoPaths.TestData("galsim-cosmos", "real_galaxy_catalog_23.5_example.fits"));
        Assert.Equal(100, catalog.Count);
        Assert.False(catalog.ImagesAvailable);
        Assert.Contains("real_galaxy_images.fits", catalog.MissingSummary);
        Assert.Contains("absent", catalog.MissingSummary);
        var e = Assert.Throws<BadInputException>(() => catalog.ReadGalaxy(0));
        Assert.Contains("real_galaxy_images.fits is absent", e.Message);
        Assert.Contains("IDENT 100027", e.Message);
        var p = catalog.ToParameters();
        Assert.Equal(8, p.Names.Count(n => n.StartsWith("sersicfit_", StringComparison.Ordinal)));
        Assert.Equal(16, p.Names.Count(n => n.StartsWith("bulgefit_", StringComparison.Ordinal)));
        Assert.All(p.Numbers("sersic_n"), n => Assert.InRange(n, 0.1, 6.2));
        Assert.All(p.Numbers("q"), q => Assert.InRange(q, 0.0, 1.0));
        Assert.All(p.Numbers("half_light_radius"), r => Assert.InRange(r, 0.0, 10.0));
        Assert.Equal(100, p.Numbers("mag_auto").Length);
    }

    [SkippableFact]
    public void SharedGalsimCosmosFolderLoadsWhenPresent()
    {
        var path = RepoPaths.SharedData("galsim-cosmos", "real_galaxy_catalog_23.5_example.fits");
        Skip.IfNot(File.Exists(path), "shared development data is not on this machine");
        using var catalog = RealGalaxyCatalog.Open(path);
        Assert.Equal(["real_galaxy_images.fits"], catalog.MissingFiles);
        for (var i = 0; i < catalog.Count; i++) Assert.True(catalog.ReadPsf(i).Sum() > 0);
    }
}
