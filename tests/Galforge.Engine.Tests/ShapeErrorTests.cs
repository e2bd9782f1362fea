using Xunit;
using static Galforge.Engine.Functional;

namespace Galforge.Engine.Tests;

/// <summary>Bad shapes give one-line errors that name the op, the shapes and what was expected.</summary>
public class ShapeErrorTests
{
    private static void Expect(Action act, string op, params string[] parts)
    {
        var e = Assert.Throws<TensorShapeException>(act);
        Assert.IsAssignableFrom<BadInputException>(e);
        Assert.Equal(op, e.Op);
        Assert.StartsWith(op + ":", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        foreach (var p in parts) Assert.Contains(p, e.Message);
    }

    [Fact]
    public void BroadcastingMismatch() =>
        Expect(() => _ = Tensor.Zeros(2, 3) + Tensor.Zeros(4), "add", "[2, 3]", "[4]", "3 vs 4");

    [Fact]
    public void MatMulInnerDimensions() =>
        Expect(() => Tensor.Zeros(2, 3).MatMul(Tensor.Zeros(4, 5)), "matmul", "[2, 3]", "[4, 5]", "3 vs 4");

    [Fact]
    public void ConvChannelMismatch() =>
        Expect(() => Conv2d(Tensor.Zeros(2, 3, 8, 8), Tensor.Zeros(4, 2, 3, 3)), "conv2d", "[2, 3, 8, 8]", "[4, 2, 3, 3]", "3 channels", "expects 2");

    [Fact]
    public void ConvWrongRank() =>
        Expect(() => Conv2d(Tensor.Zeros(3, 8, 8), Tensor.Zeros(4, 3, 3, 3)), "conv2d", "[3, 8, 8]", "rank 4");

    [Fact]
    public void ConvTransposeOutputPadding() =>
        Expect(() => ConvTranspose2d(Tensor.Zeros(1, 2, 3, 3), Tensor.Zeros(2, 2, 3, 3), null, stride: 1, padding: 0, outputPadding: 1), "conv_transpose2d", "output padding 1");

    [Fact]
    public void ReshapeCount() =>
        Expect(() => Tensor.Zeros(2, 3).Reshape(4, 2), "reshape", "[2, 3]", "[4, 2]");

    [Fact]
    public void LinearFeatures() =>
        Expect(() => Linear(Tensor.Zeros(5, 3), Tensor.Zeros(2, 4)), "linear", "[5, 3]", "[2, 4]");

    [Fact]
    public void MinibatchGroups() =>
        Expect(() => MinibatchStdDev(Tensor.Zeros(6, 2, 2, 2), 4), "minibatch_stddev", "[6, 2, 2, 2]", "group size 4");

    [Fact]
    public void ConcatOtherDimensions() =>
        Expect(() => Tensor.Concat([Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)], 1), "concat", "[3, 3]", "[2, 3]");

    [Fact]
    public void IndexOutOfRange() =>
        Expect(() => IndexSelect(Tensor.Zeros(4, 2), 0, [1, 4]), "index_select", "index 4", "[4, 2]");

    [Fact]
    public void BackwardOfNonScalarNeedsAGradient()
    {
        var x = Tensor.Ones(3).RequiresGrad_();
        Expect(() => (x * 2f).Backward(), "backward", "[3]");
    }
}

[CollectionDefinition("GlobalEngineSettings", DisableParallelization = true)]
public class GlobalEngineSettingsCollection;

// Switches a process-wide setting, so it runs alone.
[Collection("GlobalEngineSettings")]
public class NonFiniteCheckTests
{
    [Fact]
    public void CheckModeNamesTheOpThatProducedNaN()
    {
        var saved = Tensor.CheckNonFinite;
        Tensor.CheckNonFinite = true;
        try
        {
            var x = Tensor.FromArray([1f, -1f, 2f]);
            var e = Assert.Throws<NonFiniteValueException>(() => x.Log());
            Assert.Equal("log", e.Op);
            Assert.Contains("[3]", e.Message);
            Assert.Contains("element 1", e.Message);
            Assert.IsAssignableFrom<BadInputException>(e);
        }
        finally
        {
            Tensor.CheckNonFinite = saved;
        }
    }
}
