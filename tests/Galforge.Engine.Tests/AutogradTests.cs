using Xunit;

namespace Galforge.Engine.Tests;

public class AutogradTests
{
    [Fact]
    public void GradientOfAProductAccumulatesIntoLeaves()
    {
        var x = Tensor.FromArray([1f, 2f, 3f]).RequiresGrad_();
        var y = Tensor.FromArray([4f, 5f, 6f]).RequiresGrad_();
        (x * y).Sum().Backward();
        Assert.Equal([4f, 5f, 6f], x.Grad!.ToArray());
        Assert.Equal([1f, 2f, 3f], y.Grad!.ToArray());
        (x * y).Sum().Backward();
        Assert.Equal([8f, 10f, 12f], x.Grad!.ToArray());
    }

    [Fact]
    public void SecondDerivativeOfACube()
    {
        var x = Tensor.FromArray([2f, -1f]).RequiresGrad_();
        var y = x.Pow(3f).Sum();
        var dx = Autograd.Grad(y, x, createGraph: true);       // 3x^2
        Assert.Equal([12f, 3f], dx.ToArray());
        var d2 = Autograd.Grad(dx.Sum(), x);                     // 6x
        Assert.Equal([12f, -6f], d2.ToArray());
    }

    [Fact]
    public void NoGradRecordsNothing()
    {
        var x = Tensor.Ones(2).RequiresGrad_();
        Tensor y;
        using (Autograd.NoGrad()) y = x * x;
        Assert.False(y.RequiresGrad);
        Assert.True((x * x).RequiresGrad);
    }

    [Fact]
    public void GraphIsFreedAfterBackwardUnlessRetained()
    {
        var x = Tensor.Ones(2).RequiresGrad_();
        var y = (x.Exp() * x).Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        var e = Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.Contains("retainGraph", e.Message);
    }

    [Fact]
    public void DetachCutsTheGraph()
    {
        var x = Tensor.Ones(2).RequiresGrad_();
        var y = (x * 2f).Detach();
        Assert.False(y.RequiresGrad);
        Assert.True(y.IsLeaf);
    }
}

public class GradPruningTests
{
    [Fact]
    public void GradComputesOnlyWhatTheRequestedInputsNeed()
    {
        var g = new PhiloxGenerator(11);
        var x = Tensor.RandN(g, 2, 3, 5, 5).RequiresGrad_();
        var w = Tensor.RandN(g, 4, 3, 3, 3).RequiresGrad_();
        var y = Functional.Conv2d(x, w, null, 1, 1).Tanh().Sum();
        var gx = Autograd.Grad(y, x, createGraph: true);
        Assert.Null(w.Grad);
        // the recorded gradient graph still reaches w (d gx / d w exists) ...
        var gw = Autograd.Grad([gx.Pow(2f).Sum()], [w])[0];
        Assert.True(gw.MaxAbs() > 0f);
        // ... and equals the gradient computed without pruning (both wanted)
        var y2 = Functional.Conv2d(x, w, null, 1, 1).Tanh().Sum();
        var both = Autograd.Grad([y2], [x, w], createGraph: true);
        var gw2 = Autograd.Grad([both[0].Pow(2f).Sum()], [w])[0];
        Assert.Equal(gw.ToArray(), gw2.ToArray());
    }
}

public class GraphMemoryTests
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (Tensor Loss, WeakReference Activation) Build(Tensor x)
    {
        var h = Functional.Conv2d(x, Tensor.Ones(2, 1, 3, 3).RequiresGrad_(), null, 1, 1).Tanh();
        return ((h * h).Sum(), new WeakReference(h));
    }

    [Fact]
    public void BackwardReleasesTheActivations()
    {
        var x = Tensor.Ones(1, 1, 8, 8).RequiresGrad_();
        var (loss, activation) = Build(x);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.True(activation.IsAlive);          // still needed by the recorded graph
        loss.Backward();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(activation.IsAlive);         // freed once the graph was used
        Assert.NotNull(x.Grad);
    }
}
