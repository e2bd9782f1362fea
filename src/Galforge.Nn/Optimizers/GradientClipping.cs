using Galforge.Engine;

namespace Galforge.Nn;

/// <summary>Gradient clipping, as PyTorch's <c>clip_grad_norm_</c>.</summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales all gradients by min(1, maxNorm / (total + 1e-6)), where total is the L2 norm of
    /// all gradients together (parameters without a gradient are skipped). Returns total.
    /// </summary>
    public static double ClipByGlobalNorm(IEnumerable<Tensor> parameters, double maxNorm)
    {
        double sum = 0;
        foreach (var p in parameters)
        {
            if (p.Grad is null) continue;
            var g = p.Grad.Data;
            double s = 0;
            for (var i = 0; i < g.Length; i++) s += (double)g[i] * g[i];
            sum += s;
        }
        var total = Math.Sqrt(sum);
        var coef = maxNorm / (total + 1e-6);
        if (coef < 1)
        {
            var c = (float)coef;
            foreach (var p in parameters)
                if (p.Grad is not null)
                    System.Numerics.Tensors.TensorPrimitives.Multiply(p.Grad.Data, c, p.Grad.Data);
        }
        return total;
    }
}
