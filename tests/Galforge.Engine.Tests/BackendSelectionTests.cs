using Galforge.Engine.Backends;
using Xunit;

namespace Galforge.Engine.Tests;

public class BackendSelectionTests
{
    [Fact]
    public void ManagedCanAlwaysBeForced()
    {
        var s = BackendSelection.Choose("managed");
        Assert.Equal(BackendKind.Managed, s.Kind);
        Assert.Contains("GALFORGE_BACKEND", s.Reason);
    }

    [Fact]
    public void AutomaticChoiceFollowsTheLibrary()
    {
        var s = BackendSelection.Choose(null);
        Assert.Equal(NativeLibraries.OneDnn.IsAvailable ? BackendKind.OneDnn : BackendKind.Managed, s.Kind);
    }

    [Fact]
    public void ForcingOneDnnWithoutTheLibraryIsAClearError()
    {
        if (NativeLibraries.OneDnn.IsAvailable)
            Assert.Equal(BackendKind.OneDnn, BackendSelection.Choose("onednn").Kind);
        else
            Assert.Contains("libdnnl2", Assert.Throws<BadInputException>(() => BackendSelection.Choose("onednn")).Message);
    }

    [Fact]
    public void UnknownBackendNamesTheVariableAndTheChoices()
    {
        var e = Assert.Throws<BadInputException>(() => BackendSelection.Choose("cuda"));
        Assert.Contains("GALFORGE_BACKEND", e.Message);
        Assert.Contains("managed", e.Message);
    }
}
