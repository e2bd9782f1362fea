using Galforge.Astro.Fits;
using Galforge.Astro.Imaging;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Astro.Tests.Fits;

public class FitsRoundTripTests
{
    [Fact]
    public void ImageRoundTripKeepsPixelsPixelScaleAndHeader()
    {
        using var dir = new TempDirectory();
        var image = new Image(5, 3, 0.03);
        for (var i = 0; i < image.Pixels.Length; i++) image.Pixels[i] = i * 0.25f - 1;
        var header = new FitsHeader();
        header.Add(FitsCard.String("BUNIT", "electron/s", "[e-/s] pixel unit"));
        FitsFile.WriteImage(dir.File("a.fits"), image, header);
        var back = FitsFile.ReadImage(dir.File("a.fits"));
        Assert.Equal(image.Pixels, back.Pixels);
        Assert.Equal(0.03, back.PixelScale);
        using var reader = FitsReader.Open(dir.File("a.fits"));
        Assert.Equal("[e-/s] pixel unit", reader[0].Header.Find("BUNIT")!.Comment);
        Assert.Equal("e-/s", reader[0].Header.Find("BUNIT")!.Unit);
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Theory]
    [InlineData(FitsStorage.UInt8)]
    [InlineData(FitsStorage.Int16)]
    [InlineData(FitsStorage.UInt16)]
    [InlineData(FitsStorage.Int32)]
    [InlineData(FitsStorage.Int64)]
    [InlineData(FitsStorage.Float32)]
    [InlineData(FitsStorage.Float64)]
    public void IntegerAndFloatStorageRoundTrips(FitsStorage storage)
    {
        using var dir = new TempDirectory();
        // The BLANK value of each integer type (255 for UInt8, 65535 for UInt16...) is kept free.
        var values = new double[] { 0, 1, 2, 200, 254, 7, double.NaN, 3 };
        FitsFile.WriteAtomically(dir.File("s.fits"), w => w.WriteImage(new FitsImage([4, 2], values), storage));
        var back = FitsFile.ReadFitsImage(dir.File("s.fits"), 0).ToDoubles();
        for (var i = 0; i < values.Length; i++)
            if (double.IsNaN(values[i])) Assert.True(double.IsNaN(back[i]));
            else Assert.Equal(values[i], back[i]);
    }

    [Fact]
    public void ReadImageRowsReadsOnlyTheBandAsked()
    {
        using var dir = new TempDirectory();
        var data = Enumerable.Range(0, 10 * 8).Select(i => (float)i).ToArray();
        FitsFile.WriteAtomically(dir.File("r.fits"), w => w.WriteImage(new FitsImage([10, 8], data)));
        using var reader = FitsReader.Open(dir.File("r.fits"));
        var rows = reader.ReadImageRows(0, 3, 2);
        Assert.Equal([10, 2], rows.Axes);
        Assert.Equal(data.AsSpan(30, 20).ToArray(), rows.Singles);
        Assert.Throws<BadInputException>(() => reader.ReadImageRows(0, 7, 2));
    }

    [Fact]
    public void NonSeekableStreamsAreRead()
    {
        using var dir = new TempDirectory();
        FitsFile.WriteAtomically(dir.File("n.fits"), w => w.WriteImage(new FitsImage([2, 2], new float[] { 1, 2, 3, 4 })));
        using var forward = new ForwardOnlyStream(File.ReadAllBytes(dir.File("n.fits")));
        using var reader = new FitsReader(forward, "stream");
        Assert.Equal(new float[] { 1, 2, 3, 4 }, reader.ReadImage(0).Singles);
    }

    [Fact]
    public void FailedWriteLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        Assert.Throws<InvalidOperationException>(() => FitsFile.WriteAtomically(dir.File("x.fits"), w =>
        {
            w.WriteImage(new FitsImage([2, 2], new float[4]));
            throw new InvalidOperationException("boom");
        }));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
