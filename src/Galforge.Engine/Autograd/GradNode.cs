namespace Galforge.Engine;

/// <summary>
/// One recorded op in the graph: its inputs and the function that turns the gradient of its
/// result into gradients of its inputs. Released (inputs and closure dropped) after a backward
/// pass that does not retain the graph, so activations can be collected.
/// </summary>
internal sealed class GradNode
{
    public GradNode(string op, Tensor[] inputs, Func<Tensor, Tensor?[]> backward)
    {
        Op = op;
        Inputs = inputs;
        Backward = backward;
        Arena = BufferArena.Current;
        Arena?.NodeRecorded();
    }

    /// <summary>The arena this node was recorded in (its buffers wait for the node's release), if any.</summary>
    public BufferArena? Arena { get; private set; }

    /// <summary>Name of the op, for error messages.</summary>
    public string Op { get; }

    /// <summary>The op's inputs, or null once released.</summary>
    public Tensor[]? Inputs { get; private set; }

    /// <summary>The backward function, or null once released.</summary>
    public Func<Tensor, Tensor?[]>? Backward { get; private set; }

    public bool IsReleased => Inputs is null;

    public void Release()
    {
        if (Inputs is null) return;
        Inputs = null;
        Backward = null;
        var arena = Arena;
        Arena = null;
        arena?.NodeReleased();
    }
}
