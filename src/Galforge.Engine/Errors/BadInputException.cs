namespace Galforge;

/// <summary>
/// Input that a user can fix: a bad file, HDU, column, option or tensor shape. The message is
/// one line that names the offending thing and says what was expected; the command line turns
/// it into <c>galforge: error: ...</c> and exit code 2.
/// </summary>
public class BadInputException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public BadInputException(string message) : base(message) { }

    /// <summary>Creates the exception with a one-line message and the low-level cause.</summary>
    public BadInputException(string message, Exception inner) : base(message, inner) { }
}
