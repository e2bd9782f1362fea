namespace Galforge.Engine;

/// <summary>
/// A tensor op was given shapes it cannot work with. The one-line message names the op, the
/// shapes involved and what was expected, e.g.
/// <c>conv2d: input [2, 3, 8, 8] has 3 channels but weight [4, 2, 3, 3] expects 2</c>.
/// It is a <see cref="BadInputException"/> so the command line reports it as a user error.
/// </summary>
public sealed class TensorShapeException : BadInputException
{
    /// <summary>Creates the exception; <paramref name="op"/> prefixes the message.</summary>
    public TensorShapeException(string op, string message) : base($"{op}: {message}")
    {
        Op = op;
    }

    /// <summary>The op that rejected its input, e.g. "matmul".</summary>
    public string Op { get; }

    /// <summary>Formats a shape as <c>[2, 3, 8, 8]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape)
    {
        if (shape.Length == 0) return "[]";
        var sb = new System.Text.StringBuilder("[");
        for (var i = 0; i < shape.Length; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(shape[i]);
        }
        return sb.Append(']').ToString();
    }
}
