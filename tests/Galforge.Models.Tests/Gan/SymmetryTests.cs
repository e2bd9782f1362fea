using Galforge.Models.Gan;
using Xunit;

namespace Galforge.Models.Tests.Gan;

/// <summary>The 8 symmetries of the square used for augmentation.</summary>
public sealed class SymmetryTests
{
    private static float[] Transform(float[] src, int s)
    {
        var dst = new float[src.Length];
        GanTrainingData.Transform(src, dst, 3, s);
        return dst;
    }

    [Fact]
    public void EightDistinctSymmetriesIncludingRotationsAndFlips()
    {
        float[] img = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        var seen = new HashSet<string>();
        for (var s = 0; s < 8; s++) seen.Add(string.Join(",", Transform(img, s)));
        Assert.Equal(8, seen.Count);
        Assert.Contains("3,6,9,2,5,8,1,4,7", seen);   // 90 degrees anticlockwise
        Assert.Contains("7,4,1,8,5,2,9,6,3", seen);   // 90 degrees clockwise
        Assert.Contains("9,8,7,6,5,4,3,2,1", seen);   // 180 degrees
        Assert.Contains("3,2,1,6,5,4,9,8,7", seen);   // mirror in x
        Assert.Equal(img, Transform(img, 0));
    }
}
