using System.Numerics.Tensors;

namespace Galforge.Engine;

public sealed partial class Tensor
{
    // ---- binary, broadcasting -------------------------------------------------------------

    private static Tensor BinaryForward(BinaryOp op, Tensor a, Tensor b, string name)
    {
        var shape = a.SameShape(b) ? a._shape : Broadcasting.Shape(a._shape, b._shape, name);
        var y = Tensor.Uninitialized(CheckedLength(shape, name));
        Broadcasting.Apply(op, a._data, a._shape, b._data, b._shape, y, shape);
        return new Tensor(y, shape);
    }

    /// <summary>Elementwise sum with broadcasting.</summary>
    public Tensor Add(Tensor other)
    {
        var a = this;
        var y = BinaryForward(BinaryOp.Add, a, other, "add");
        return Record(y, "add", g => [Autograd.Needs(a) ? g.SumTo(a._shape) : null, Autograd.Needs(other) ? g.SumTo(other._shape) : null], a, other);
    }

    /// <summary>Elementwise difference with broadcasting.</summary>
    public Tensor Sub(Tensor other)
    {
        var a = this;
        var y = BinaryForward(BinaryOp.Sub, a, other, "sub");
        return Record(y, "sub", g => [Autograd.Needs(a) ? g.SumTo(a._shape) : null, Autograd.Needs(other) ? g.Neg().SumTo(other._shape) : null], a, other);
    }

    /// <summary>Elementwise product with broadcasting.</summary>
    public Tensor Mul(Tensor other)
    {
        var a = this;
        var y = BinaryForward(BinaryOp.Mul, a, other, "mul");
        return Record(y, "mul", g => [
            Autograd.Needs(a) ? g.Mul(other).SumTo(a._shape) : null,
            Autograd.Needs(other) ? g.Mul(a).SumTo(other._shape) : null], a, other);
    }

    /// <summary>Elementwise quotient with broadcasting.</summary>
    public Tensor Div(Tensor other)
    {
        var a = this;
        var y = BinaryForward(BinaryOp.Div, a, other, "div");
        return Record(y, "div", g => [
            Autograd.Needs(a) ? g.Div(other).SumTo(a._shape) : null,
            // d(a/b)/db = -a/b^2 = -y/b
            Autograd.Needs(other) ? g.Mul(a).Div(other.Mul(other)).Neg().SumTo(other._shape) : null], a, other);
    }

    /// <summary>Adds a constant.</summary>
    public Tensor Add(float s)
    {
        var y = Map((src, dst) => TensorPrimitives.Add(src, s, dst));
        return Record(y, "add_scalar", g => [g], this);
    }

    /// <summary>Multiplies by a constant.</summary>
    public Tensor Mul(float s)
    {
        var y = Map((src, dst) => TensorPrimitives.Multiply(src, s, dst));
        return Record(y, "mul_scalar", g => [g.Mul(s)], this);
    }

    /// <summary>Subtracts a constant.</summary>
    public Tensor Sub(float s) => Add(-s);

    /// <summary>Divides by a constant.</summary>
    public Tensor Div(float s) => Mul(1f / s);

    /// <summary>Computes <c>s - this</c>.</summary>
    public Tensor RSub(float s) => Neg().Add(s);

    /// <summary>Negation.</summary>
    public Tensor Neg()
    {
        var y = Map(TensorPrimitives.Negate);
        return Record(y, "neg", g => [g.Neg()], this);
    }

    /// <summary>Elementwise sum.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    /// <summary>Elementwise difference.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    /// <summary>Elementwise product.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    /// <summary>Elementwise quotient.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(Tensor a, float s) => a.Add(s);
    /// <summary>Adds a constant.</summary>
    public static Tensor operator +(float s, Tensor a) => a.Add(s);
    /// <summary>Subtracts a constant.</summary>
    public static Tensor operator -(Tensor a, float s) => a.Add(-s);
    /// <summary>Constant minus tensor.</summary>
    public static Tensor operator -(float s, Tensor a) => a.RSub(s);
    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(Tensor a, float s) => a.Mul(s);
    /// <summary>Multiplies by a constant.</summary>
    public static Tensor operator *(float s, Tensor a) => a.Mul(s);
    /// <summary>Divides by a constant.</summary>
    public static Tensor operator /(Tensor a, float s) => a.Div(s);
    /// <summary>Constant divided by tensor.</summary>
    public static Tensor operator /(float s, Tensor a) => Full(s, a._shape).Div(a);
    /// <summary>Negation.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    // ---- unary ----------------------------------------------------------------------------

    private Tensor Map(Action<ReadOnlySpan<float>, Span<float>> f)
    {
        var y = Tensor.Uninitialized(Length);
        var x = _data;
        Kernels.Parallelism.ForChunks(y.Length, (s, n) => f(x.AsSpan(s, n), y.AsSpan(s, n)));
        return new Tensor(y, _shape);
    }

    /// <summary>Raises every element to a constant power.</summary>
    public Tensor Pow(float exponent)
    {
        var x = this;
        Tensor y;
        if (exponent == 2f) y = Map((s, d) => TensorPrimitives.Multiply(s, s, d));
        else if (exponent == 1f) y = Map((s, d) => s.CopyTo(d));
        else if (exponent == 0.5f) y = Map(TensorPrimitives.Sqrt);
        else
        {
            y = new Tensor(new float[Length], _shape);
            for (var i = 0; i < _data.Length; i++) y._data[i] = MathF.Pow(_data[i], exponent);
        }
        return Record(y, "pow", g => [exponent == 2f ? g.Mul(x).Mul(2f) : g.Mul(x.Pow(exponent - 1f)).Mul(exponent)], x);
    }

    /// <summary>Elementwise power with a tensor exponent (broadcasting); the base must be positive where the exponent's gradient is needed.</summary>
    public Tensor Pow(Tensor exponent)
    {
        var x = this;
        var shape = SameShape(exponent) ? _shape : Broadcasting.Shape(_shape, exponent._shape, "pow");
        var xe = x.ExpandData(shape);
        var ee = exponent.ExpandData(shape);
        var y = Tensor.Uninitialized(xe.Length);
        TensorPrimitives.Pow(xe, ee, y);
        var yt = new Tensor(y, shape);
        return Record(yt, "pow", g => [
            Autograd.Needs(x) ? g.Mul(exponent).Mul(x.Pow(exponent.Sub(1f))).SumTo(x._shape) : null,
            Autograd.Needs(exponent) ? g.Mul(yt).Mul(x.Log()).SumTo(exponent._shape) : null], x, exponent);
    }

    /// <summary>Natural exponential.</summary>
    public Tensor Exp()
    {
        var y = Map(TensorPrimitives.Exp);
        return Record(y, "exp", g => [g.Mul(y)], this);
    }

    /// <summary>Natural logarithm.</summary>
    public Tensor Log()
    {
        var x = this;
        return Record(Map(TensorPrimitives.Log), "log", g => [g.Div(x)], x);
    }

    /// <summary>Square root.</summary>
    public Tensor Sqrt()
    {
        var y = Map(TensorPrimitives.Sqrt);
        return Record(y, "sqrt", g => [g.Div(y).Mul(0.5f)], this);
    }

    /// <summary>Reciprocal square root, 1/sqrt(x).</summary>
    public Tensor Rsqrt()
    {
        var y = Map((s, d) => { TensorPrimitives.Sqrt(s, d); TensorPrimitives.Divide(1f, d, d); });
        // d/dx x^-1/2 = -1/2 x^-3/2 = -1/2 y^3
        return Record(y, "rsqrt", g => [g.Mul(y.Mul(y).Mul(y)).Mul(-0.5f)], this);
    }

    /// <summary>Absolute value (gradient sign(x), 0 at 0).</summary>
    public Tensor Abs()
    {
        var x = this;
        return Record(Map(TensorPrimitives.Abs), "abs", g => [g.Mul(x.SignConstant())], x);
    }

    /// <summary>Clamps to [min, max]; the gradient is passed where the input lies inside (inclusive, as PyTorch).</summary>
    public Tensor Clamp(float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        var x = this;
        var y = Map((s, d) => { TensorPrimitives.Max(s, min, d); TensorPrimitives.Min(d, max, d); });
        return Record(y, "clamp", g =>
        {
            var m = Tensor.Uninitialized(x.Length);
            for (var i = 0; i < m.Length; i++) m[i] = x._data[i] >= min && x._data[i] <= max ? 1f : 0f;
            return [g.Mul(new Tensor(m, x._shape))];
        }, x);
    }

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh()
    {
        var y = Map(TensorPrimitives.Tanh);
        return Record(y, "tanh", g => [g.Mul(y.Mul(y).RSub(1f))], this);
    }

    /// <summary>Logistic sigmoid 1/(1+exp(-x)).</summary>
    public Tensor Sigmoid()
    {
        var y = Map(TensorPrimitives.Sigmoid);
        return Record(y, "sigmoid", g => [g.Mul(y.Mul(y.RSub(1f)))], this);
    }

    /// <summary>Softplus log(1+exp(x)), computed stably; gradient sigmoid(x).</summary>
    public Tensor Softplus()
    {
        var x = this;
        var y = Tensor.Uninitialized(Length);
        for (var i = 0; i < y.Length; i++)
        {
            var v = _data[i];
            y[i] = MathF.Max(v, 0f) + MathF.Log(1f + MathF.Exp(-MathF.Abs(v)));
        }
        return Record(new Tensor(y, _shape), "softplus", g => [g.Mul(x.Sigmoid())], x);
    }

    /// <summary>Rectified linear unit max(x, 0).</summary>
    public Tensor Relu()
    {
        var x = this;
        var y = Map((s, d) => TensorPrimitives.Max(s, 0f, d));
        return Record(y, "relu", g => [StepMultiply(g, x, 0f)], x);
    }

    /// <summary>Leaky ReLU: x for x &gt; 0, slope*x otherwise.</summary>
    public Tensor LeakyRelu(float slope = 0.01f)
    {
        var x = this;
        var y = Map((src, dst) => LeakyReluKernel(src, dst, slope));
        return Record(y, "leaky_relu", g => [StepMultiply(g, x, slope)], x);
    }

    /// <summary>
    /// g where x &gt; 0, slope·g elsewhere: the gradient of (leaky) ReLU, fused into one pass. It
    /// is linear in g and its derivative in x is zero almost everywhere, so it is recorded as an
    /// op of g alone whose backward is itself (gradients of gradients, as PyTorch).
    /// </summary>
    private static Tensor StepMultiply(Tensor g, Tensor x, float slope)
    {
        var y = Tensor.Uninitialized(g.Length);
        var gd = g._data;
        var xd = x._data;
        Kernels.Parallelism.ForChunks(y.Length, (s, n) => Simd.StepMultiply(gd.AsSpan(s, n), xd.AsSpan(s, n), slope, y.AsSpan(s, n)));
        return Record(new Tensor(y, g._shape), "leaky_relu_backward", gg => [StepMultiply(gg, x, slope)], g);
    }

    private static void LeakyReluKernel(ReadOnlySpan<float> x, Span<float> y, float slope)
    {
        // max(x, slope*x) equals leaky ReLU for 0 <= slope <= 1
        if (slope is >= 0f and <= 1f)
        {
            TensorPrimitives.Multiply(x, slope, y);
            TensorPrimitives.Max(x, y, y);
            return;
        }
        for (var i = 0; i < x.Length; i++) y[i] = x[i] > 0f ? x[i] : slope * x[i];
    }

    /// <summary>Exponential linear unit: x for x &gt; 0, alpha*(exp(x)-1) otherwise.</summary>
    public Tensor Elu(float alpha = 1f)
    {
        var x = this;
        var y = Tensor.Uninitialized(Length);
        for (var i = 0; i < y.Length; i++)
        {
            var v = _data[i];
            y[i] = v > 0f ? v : alpha * (MathF.Exp(v) - 1f);
        }
        var yt = new Tensor(y, _shape);
        // derivative: 1 where x > 0, y + alpha elsewhere (differentiable for double backward)
        return Record(yt, "elu", g =>
        {
            var mask = x.StepConstant(1f, 0f);
            var inv = x.StepConstant(0f, 1f);
            return [g.Mul(mask.Add(yt.Add(alpha).Mul(inv)))];
        }, x);
    }

    /// <summary>Elementwise choice: where <paramref name="condition"/> is non-zero take this, else <paramref name="other"/>. Shapes broadcast.</summary>
    public Tensor Where(Tensor condition, Tensor other) => Where(condition, this, other);

    /// <summary>Elementwise choice between two tensors by a condition tensor (non-zero: <paramref name="a"/>). The condition is not differentiated.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        var shape = Broadcasting.Shape(Broadcasting.Shape(condition._shape, a._shape, "where"), b._shape, "where");
        var c = condition.ExpandData(shape);
        var av = a.ExpandData(shape);
        var bv = b.ExpandData(shape);
        var y = Tensor.Uninitialized(c.Length);
        var m = Tensor.Uninitialized(c.Length);
        for (var i = 0; i < y.Length; i++)
        {
            var take = c[i] != 0f;
            y[i] = take ? av[i] : bv[i];
            m[i] = take ? 1f : 0f;
        }
        var mask = new Tensor(m, shape);
        return Record(new Tensor(y, shape), "where", g => [
            Autograd.Needs(a) ? g.Mul(mask).SumTo(a._shape) : null,
            Autograd.Needs(b) ? g.Mul(mask.RSub(1f)).SumTo(b._shape) : null], a, b);
    }

    /// <summary>Replaces elements where <paramref name="mask"/> is non-zero by <paramref name="value"/>.</summary>
    public Tensor MaskedFill(Tensor mask, float value) => Where(mask, Full(value, 1), this);

    // ---- constant (not differentiated) helpers --------------------------------------------

    /// <summary>1 where x &gt; 0 else <paramref name="otherwise"/>; value <paramref name="positive"/> where positive. Not recorded.</summary>
    internal Tensor StepConstant(float positive, float otherwise)
    {
        return Map((src, dst) => Simd.Step(src, 0f, positive, otherwise, dst));
    }

    private Tensor SignConstant()
    {
        var m = Tensor.Uninitialized(Length);
        for (var i = 0; i < m.Length; i++) m[i] = MathF.Sign(_data[i]);
        return new Tensor(m, _shape);
    }

    /// <summary>1 where this &gt; <paramref name="threshold"/>, else 0 (not recorded).</summary>
    public Tensor Gt(float threshold)
    {
        return Map((src, dst) => Simd.Step(src, threshold, 1f, 0f, dst));
    }

    /// <summary>1 where this &lt; <paramref name="threshold"/>, else 0 (not recorded).</summary>
    public Tensor Lt(float threshold)
    {
        var m = Tensor.Uninitialized(Length);
        for (var i = 0; i < m.Length; i++) m[i] = _data[i] < threshold ? 1f : 0f;
        return new Tensor(m, _shape);
    }

    /// <summary>Whether any element is NaN or infinite.</summary>
    public bool HasNonFinite()
    {
        foreach (var v in _data)
            if (!float.IsFinite(v)) return true;
        return false;
    }

    /// <summary>The data broadcast to <paramref name="shape"/> (the array itself when already that shape).</summary>
    internal float[] ExpandData(int[] shape)
    {
        if (_shape.AsSpan().SequenceEqual(shape)) return _data;
        var y = Tensor.Uninitialized(CheckedLength(shape, "expand"));
        var zero = new float[1];
        Broadcasting.Apply(BinaryOp.Add, _data, _shape, zero, [1], y, shape);
        return y;
    }
}
