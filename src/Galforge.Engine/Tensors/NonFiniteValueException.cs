namespace Galforge.Engine;

/// <summary>
/// Raised in check mode (<see cref="Tensor.CheckNonFinite"/>) when an op produces NaN or an
/// infinity: names the op, the result's shape, the first bad element and the input shapes.
/// </summary>
public sealed class NonFiniteValueException : BadInputException
{
    /// <summary>Creates the exception for op <paramref name="op"/>.</summary>
    public NonFiniteValueException(string op, string message) : base($"{op}: {message}")
    {
        Op = op;
    }

    /// <summary>The op whose result was not finite.</summary>
    public string Op { get; }
}
