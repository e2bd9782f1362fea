using System.Reflection;
using Xunit;
using static Galforge.Engine.Functional;
using static Galforge.Engine.Tests.Torch.TorchCheck;

namespace Galforge.Engine.Tests.Torch;

// One test per fixture case written by tools/torch/make_fixtures.py; the method is named after the case.
#pragma warning disable IDE1006
public class TorchOpTests
{
    [Fact] public void add() => Op("add", t => t[0] + t[1]);
    [Fact] public void add_bcast() => Op("add_bcast", t => t[0] + t[1]);
    [Fact] public void add_bcast_both() => Op("add_bcast_both", t => t[0] + t[1]);
    [Fact] public void sub_bcast() => Op("sub_bcast", t => t[0] - t[1]);
    [Fact] public void mul_bcast() => Op("mul_bcast", t => t[0] * t[1]);
    [Fact] public void mul_same() => Op("mul_same", t => t[0] * t[1]);
    [Fact] public void div_bcast() => Op("div_bcast", t => t[0] / t[1]);
    [Fact] public void div_scalar_tensor() => Op("div_scalar_tensor", t => t[0] / t[1]);
    [Fact] public void scalar_ops() => Op("scalar_ops", t => (t[0] * 2.5f + 1.5f) / 3f - 0.25f);
    [Fact] public void rsub_scalar() => Op("rsub_scalar", t => 1f - t[0]);
    [Fact] public void neg() => Op("neg", t => -t[0]);
    [Fact] public void pow2() => Op("pow2", t => t[0].Pow(2f));
    [Fact] public void pow3() => Op("pow3", t => t[0].Pow(3f));
    [Fact] public void pow_frac() => Op("pow_frac", t => t[0].Pow(1.7f));
    [Fact] public void pow_tensor() => Op("pow_tensor", t => t[0].Pow(t[1]));
    [Fact] public void exp() => Op("exp", t => t[0].Exp());
    [Fact] public void log() => Op("log", t => t[0].Log());
    [Fact] public void sqrt() => Op("sqrt", t => t[0].Sqrt());
    [Fact] public void rsqrt() => Op("rsqrt", t => t[0].Rsqrt());
    [Fact] public void abs() => Op("abs", t => t[0].Abs());
    [Fact] public void clamp() => Op("clamp", t => t[0].Clamp(-0.5f, 0.7f));
    [Fact] public void tanh() => Op("tanh", t => t[0].Tanh());
    [Fact] public void sigmoid() => Op("sigmoid", t => t[0].Sigmoid());
    [Fact] public void softplus() => Op("softplus", t => t[0].Softplus());
    [Fact] public void relu() => Op("relu", t => t[0].Relu());
    [Fact] public void leaky_relu() => Op("leaky_relu", t => t[0].LeakyRelu(0.2f));
    [Fact] public void elu() => Op("elu", t => t[0].Elu(1f));
    [Fact] public void where() => Op("where", t => Tensor.Where(t[0].Gt(0f), t[1], t[2]));
    [Fact] public void sum_all() => Op("sum_all", t => t[0].Sum());
    [Fact] public void sum_axis1() => Op("sum_axis1", t => t[0].Sum(1));
    [Fact] public void sum_axes02_keep() => Op("sum_axes02_keep", t => t[0].Sum([0, 2], keepDim: true));
    [Fact] public void mean_all() => Op("mean_all", t => t[0].Mean());
    [Fact] public void mean_last_keep() => Op("mean_last_keep", t => t[0].Mean(-1, keepDim: true));
    [Fact] public void max_axis1() => Op("max_axis1", t => t[0].Max(1));
    [Fact] public void max_all() => Op("max_all", t => t[0].Max());
    [Fact] public void var_axis1() => Op("var_axis1", t => t[0].Var(1));
    [Fact] public void var_biased_axes() => Op("var_biased_axes", t => t[0].Var([0, 2], unbiased: false, keepDim: true));
    [Fact] public void matmul_2d() => Op("matmul_2d", t => t[0].MatMul(t[1]));
    [Fact] public void matmul_1x1() => Op("matmul_1x1", t => t[0].MatMul(t[1]));
    [Fact] public void matmul_batched() => Op("matmul_batched", t => t[0].MatMul(t[1]));
    [Fact] public void matmul_bcast() => Op("matmul_bcast", t => t[0].MatMul(t[1]));
    [Fact] public void matmul_large() => Op("matmul_large", t => t[0].MatMul(t[1]));
    [Fact] public void linear() => Op("linear", t => Linear(t[0], t[1], t[2]));
    [Fact] public void linear_batch1() => Op("linear_batch1", t => Linear(t[0], t[1], t[2]));
    [Fact] public void linear_3d() => Op("linear_3d", t => Linear(t[0], t[1], t[2]));
    [Fact] public void masked_linear() => Op("masked_linear", t => MaskedLinear(t[0], t[1], t[2], t[3]));
    [Fact] public void conv2d_basic() => Op("conv2d_basic", t => Conv2d(t[0], t[1], t[2], stride: 1, padding: 1));
    [Fact] public void conv2d_s2_odd() => Op("conv2d_s2_odd", t => Conv2d(t[0], t[1], t[2], stride: 2, padding: 1));
    [Fact] public void conv2d_1x1() => Op("conv2d_1x1", t => Conv2d(t[0], t[1], t[2]));
    [Fact] public void conv2d_4x4_s2() => Op("conv2d_4x4_s2", t => Conv2d(t[0], t[1], null, stride: 2, padding: 1));
    [Fact] public void conv2d_kernel_eq_input() => Op("conv2d_kernel_eq_input", t => Conv2d(t[0], t[1], t[2]));
    [Fact] public void conv2d_batch5() => Op("conv2d_batch5", t => Conv2d(t[0], t[1], t[2], stride: 1, padding: 1));
    [Fact] public void conv2d_1x1_input() => Op("conv2d_1x1_input", t => Conv2d(t[0], t[1], t[2], stride: 1, padding: 1));
    [Fact] public void conv_transpose2d_s2() => Op("conv_transpose2d_s2", t => ConvTranspose2d(t[0], t[1], t[2], stride: 2, padding: 1));
    [Fact] public void conv_transpose2d_outpad() => Op("conv_transpose2d_outpad", t => ConvTranspose2d(t[0], t[1], t[2], stride: 2, padding: 1, outputPadding: 1));
    [Fact] public void conv_transpose2d_s1() => Op("conv_transpose2d_s1", t => ConvTranspose2d(t[0], t[1], null, stride: 1, padding: 1));
    [Fact] public void conv_transpose2d_from1x1() => Op("conv_transpose2d_from1x1", t => ConvTranspose2d(t[0], t[1], t[2]));
    [Fact] public void upsample_nearest() => Op("upsample_nearest", t => UpsampleNearest2x(t[0]));
    [Fact] public void upsample_bilinear() => Op("upsample_bilinear", t => UpsampleBilinear2x(t[0]));
    [Fact] public void upsample_bilinear_1x1() => Op("upsample_bilinear_1x1", t => UpsampleBilinear2x(t[0]));
    [Fact] public void avg_pool2() => Op("avg_pool2", t => AvgPool2d(t[0], 2));
    [Fact] public void avg_pool2_odd() => Op("avg_pool2_odd", t => AvgPool2d(t[0], 2));
    [Fact] public void avg_pool_k3s2() => Op("avg_pool_k3s2", t => AvgPool2d(t[0], 3, 2));
    [Fact] public void layer_norm() => Op("layer_norm", t => LayerNorm(t[0], [5], t[1], t[2]));
    [Fact] public void layer_norm_2d() => Op("layer_norm_2d", t => LayerNorm(t[0], [3, 4]));
    [Fact] public void pixel_norm() => Op("pixel_norm", t => PixelNorm(t[0]));
    [Fact] public void mbstd_g2() => Op("mbstd_g2", t => MinibatchStdDev(t[0], 2));
    [Fact] public void mbstd_g3() => Op("mbstd_g3", t => MinibatchStdDev(t[0], 3));
    [Fact] public void mbstd_g4() => Op("mbstd_g4", t => MinibatchStdDev(t[0], 4));
    [Fact] public void mbstd_small_batch() => Op("mbstd_small_batch", t => MinibatchStdDev(t[0], 4));
    [Fact] public void index_select() => Op("index_select", t => IndexSelect(t[0], 0, Ints(t[1])));
    [Fact] public void index_select_dim1() => Op("index_select_dim1", t => IndexSelect(t[0], 1, Ints(t[1])));
    [Fact] public void gather() => Op("gather", t => Gather(t[0], 1, Ints(t[1]), [3, 4]));
    [Fact] public void permute() => Op("permute", t => t[0].Permute(2, 0, 1));
    [Fact] public void transpose() => Op("transpose", t => t[0].Transpose(0, 2));
    [Fact] public void narrow() => Op("narrow", t => t[0].Narrow(1, 1, 3));
    [Fact] public void concat() => Op("concat", t => Tensor.Concat([t[0], t[1]], 1));
    [Fact] public void stack() => Op("stack", t => Tensor.Stack([t[0], t[1]], 1));
    [Fact] public void expand() => Op("expand", t => t[0].Expand(2, 3, 4));
    [Fact] public void rfft2_even() => Op("rfft2_even", t => Rfft2(t[0]));
    [Fact] public void rfft2_odd() => Op("rfft2_odd", t => Rfft2(t[0]));
    [Fact] public void irfft2_even() => Op("irfft2_even", t => Irfft2(t[0], 6));
    [Fact] public void irfft2_odd() => Op("irfft2_odd", t => Irfft2(t[0], 7));
    [Fact] public void fft_psf_convolution() => Op("fft_psf_convolution", t => Irfft2(ComplexMul(Rfft2(t[0]), Rfft2(t[1])), 8));
    [Fact] public void reshape_chain() => Op("reshape_chain", t => (t[0].Reshape(3, 4) * Tensor.Arange(4)).Tanh().Sum(0));

    [Fact]
    public void EveryFixtureCaseHasATest()
    {
        var names = typeof(TorchOpTests).GetMethods(BindingFlags.Public | BindingFlags.Instance).Select(m => m.Name).ToHashSet();
        var missing = FixtureFile.Ops.Keys.Where(k => !names.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "fixture cases without a test: " + string.Join(", ", missing));
    }
}
