using Galforge.Astro.Imaging;
using Galforge.Astro.Lensing;

namespace Galforge.Models.Generation;

/// <summary>
/// What happens to the unconvolved generated galaxies before they are written: an optional
/// reduced shear (applied with the simulator's pixel-image lensing, before any PSF), and
/// optional Gaussian noise of the given sigma per band (image units), seeded.
/// </summary>
/// <param name="G1">Reduced shear component 1.</param>
/// <param name="G2">Reduced shear component 2.</param>
public sealed record ObservationOptions(double G1 = 0, double G2 = 0)
{
    /// <summary>True when a shear is requested.</summary>
    public bool HasShear => G1 != 0 || G2 != 0;

    /// <summary>Shears every stamp of <paramref name="images"/> (N x B x S x S) in place.</summary>
    public void Apply(float[] images, int count, int bands, int size, double pixelScale)
    {
        if (!HasShear) return;
        var lens = new LensDistortion(G1, G2);
        var px = size * size;
        Parallel.For(0, count * bands, k =>
        {
            var src = new Image(size, size, images.AsSpan(k * px, px).ToArray(), pixelScale);
            ImageLensing.Apply(src, lens).Pixels.CopyTo(images, k * px);
        });
    }
}
