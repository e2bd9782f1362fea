namespace Galforge.Engine;

public sealed partial class Tensor
{
    /// <summary>Standard normal numbers from <paramref name="generator"/>.</summary>
    public static Tensor RandN(PhiloxGenerator generator, params int[] shape)
    {
        var t = Zeros(shape);
        generator.FillNormal(t._data);
        return t;
    }

    /// <summary>Uniform numbers in [0, 1) from <paramref name="generator"/>.</summary>
    public static Tensor Rand(PhiloxGenerator generator, params int[] shape)
    {
        var t = Zeros(shape);
        generator.FillUniform(t._data);
        return t;
    }

    /// <summary>Normal numbers with the given mean and standard deviation.</summary>
    public static Tensor Normal(PhiloxGenerator generator, float mean, float std, params int[] shape)
    {
        var t = Zeros(shape);
        generator.FillNormal(t._data, mean, std);
        return t;
    }

    /// <summary>Uniform numbers in [low, high).</summary>
    public static Tensor Uniform(PhiloxGenerator generator, float low, float high, params int[] shape)
    {
        var t = Zeros(shape);
        generator.FillUniform(t._data, low, high);
        return t;
    }
}
