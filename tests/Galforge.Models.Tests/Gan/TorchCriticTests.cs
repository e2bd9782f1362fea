using Galforge.Engine;
using Galforge.Models.Gan;
using Galforge.Nn;
using Galforge.TestSupport;
using Xunit;

namespace Galforge.Models.Tests.Gan;

/// <summary>
/// The critic's WGAN-GP gradient penalty (a gradient of a gradient) and AC-GAN losses against
/// PyTorch (tools/torch_gan/make_fixtures.py, float64 reference from float32 inputs): value and
/// every weight gradient to 1e-4 of the largest magnitude.
/// </summary>
public sealed class TorchCriticTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("fade")]
    [InlineData("class")]
    [InlineData("params")]
    public void GradientPenaltyMatchesTorch(string name)
    {
        var (critic, f, stage, alpha, condition, _) = Load(name);
        var gp = WganGp.GradientPenalty(critic, f.Get("input.real"), f.Get("input.fake"), f.Get("input.eps"), condition, stage, alpha);
        Assert.InRange(Math.Abs(gp.Item() - f.Get("out.gp").Item()), 0, Tolerance * Math.Abs(f.Get("out.gp").Item()));
        critic.ZeroGrad();
        gp.Backward();
        CheckGradients(critic, f, "gp_grad.");
    }

    [Theory]
    [InlineData("class")]
    [InlineData("params")]
    public void AuxiliaryLossMatchesTorch(string name)
    {
        var (critic, f, stage, alpha, condition, encoding) = Load(name);
        var output = critic.Evaluate(f.Get("input.real"), condition, stage, alpha);
        var loss = WganGp.Auxiliary(output.Auxiliary!, condition!, encoding!);
        var expected = f.Get("out.aux").Item();
        Assert.InRange(Math.Abs(loss.Item() - expected), 0, Tolerance * Math.Abs(expected));
        critic.ZeroGrad();
        loss.Backward();
        CheckGradients(critic, f, "aux_grad.");
    }

    private static void CheckGradients(GanCritic critic, SafeTensorsContent f, string prefix)
    {
        var checkedCount = 0;
        foreach (var (n, p) in critic.NamedParameters())
        {
            var expected = f.Get(prefix + n);
            var actual = p.Grad ?? Tensor.ZerosLike(p);
            var err = GanTestData.RelativeError(actual.Data, expected.Data);
            Assert.True(err <= Tolerance, $"{prefix}{n}: relative error {err:E2}");
            checkedCount++;
        }
        Assert.Equal(f.Names.Count(x => x.StartsWith(prefix, StringComparison.Ordinal)), checkedCount);
    }

    private static (GanCritic, SafeTensorsContent, int, float, Tensor?, ConditionEncoding?) Load(string name)
    {
        var f = SafeTensorsFile.Read(RepoPaths.TestData("torch_gan", $"critic_{name}.safetensors"));
        var channels = f.Metadata["channels"].Split(',').Select(int.Parse).ToArray();
        var bands = int.Parse(f.Metadata["bands"]);
        var kind = f.Metadata["condition"];
        var size = int.Parse(f.Metadata["condition_size"]);
        var config = new ProgressiveGanConfig { Channels = channels };
        var critic = new GanCritic(config, bands, size, new PhiloxGenerator(0));
        critic.LoadStateTensors(f.Tensors, f.Path, "param.");
        ConditionEncoding? encoding = kind switch
        {
            "class" => new ConditionEncoding { Kind = "class", Classes = [.. Enumerable.Range(0, size).Select(i => $"c{i}")] },
            "params" => new ConditionEncoding { Kind = "params", Parameters = [.. Enumerable.Range(0, size).Select(i => $"p{i}")] },
            _ => null,
        };
        var condition = encoding is null ? null : f.Get("input.condition");
        return (critic, f, int.Parse(f.Metadata["stage"]), float.Parse(f.Metadata["alpha"], System.Globalization.CultureInfo.InvariantCulture), condition, encoding);
    }
}
