#!/usr/bin/env python3
"""Writes the PyTorch reference fixtures for the engine's op tests.

Run from the repository root with Debian's python3-torch (1.13, CPU):

    /usr/bin/python3 tools/torch/make_fixtures.py [--out DIR]

Output: tests/data/torch/ops.gft and tests/data/torch/critic.gft. Each case stores its inputs
(in0, in1, ...), the output (out), a random upstream gradient (gout), the gradients of
sum(out * gout) with respect to every differentiable input (grad0, ...), and, for the double-
backward check, random weights v (gv0, ...) and the gradients of sum_i sum(grad_i * gv_i) with
respect to the inputs (gg0, ...), computed with torch.autograd.grad(..., create_graph=True).

File format (little-endian): b"GFT1", uint32 case count; per case: name, uint32 tensor
count; per tensor: key, uint8 rank, int32 dims, float32 data. Strings are uint16 length +
UTF-8. The C# reader is tests/Galforge.Engine.Tests/Torch/FixtureFile.cs.
"""
import os
import struct
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(20261122)
torch.set_default_dtype(torch.float32)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "data", "torch")


def write_string(f, s):
    b = s.encode("utf-8")
    f.write(struct.pack("<H", len(b)))
    f.write(b)


def write_file(path, cases):
    with open(path + ".tmp", "wb") as f:
        f.write(b"GFT1")
        f.write(struct.pack("<I", len(cases)))
        for name, tensors in cases:
            write_string(f, name)
            f.write(struct.pack("<I", len(tensors)))
            for key, t in tensors.items():
                t = t.detach().to(torch.float32)
                if t._is_zerotensor():
                    # autograd returns "efficient zero tensors" without real storage
                    t = torch.zeros(t.shape)
                t = t.contiguous()
                write_string(f, key)
                f.write(struct.pack("<B", t.dim()))
                for d in t.shape:
                    f.write(struct.pack("<i", d))
                f.write(t.numpy().astype("<f4").tobytes())
    os.replace(path + ".tmp", path)


def randn(*s):
    return torch.randn(*s)


def pos(*s):
    return torch.rand(*s) + 0.5


CASES = []


def case(name, fn, *inputs, grad=None, double=True):
    """inputs: tensors; grad: list of booleans (default: all differentiable); double: also
    store the double-backward check (off where its exact value is zero up to rounding)."""
    grad = grad or [True] * len(inputs)
    # Inputs are float32 values; the reference is computed in float64 so that it is not itself
    # limited by float32 rounding (some double-backward results are small differences).
    xs = [x.to(torch.float32).to(torch.float64).requires_grad_(g) for x, g in zip(inputs, grad)]
    out = fn(*xs)
    gout = torch.randn_like(out, dtype=torch.float32).to(torch.float64)
    diff = [x for x in xs if x.requires_grad]
    grads = torch.autograd.grad(out, diff, gout, create_graph=True, allow_unused=True)
    t = {}
    for i, x in enumerate(xs):
        t[f"in{i}"] = x
    t["out"] = out
    t["gout"] = gout
    k = 0
    gvs = []
    for i, x in enumerate(xs):
        if not x.requires_grad:
            continue
        g = grads[k] if grads[k] is not None else torch.zeros_like(x)
        t[f"grad{i}"] = g
        v = torch.randn_like(x, dtype=torch.float32).to(torch.float64)
        t[f"gv{i}"] = v
        gvs.append((i, g, v))
        k += 1
    s = sum((g * v).sum() for _, g, v in gvs if g.requires_grad) if double and any(g.requires_grad for _, g, _ in gvs) else None
    if s is not None:
        gg = torch.autograd.grad(s, diff, allow_unused=True)
        k = 0
        for i, x in enumerate(xs):
            if not x.requires_grad:
                continue
            t[f"gg{i}"] = gg[k] if gg[k] is not None else torch.zeros_like(x)
            k += 1
    else:
        for i in [i for i, _, _ in gvs]:
            del t[f"gv{i}"]
    CASES.append((name, t))


def mbstd(x, group):
    n, c, h, w = x.shape
    g = min(group, n)
    y = x.reshape(g, -1, c, h, w)
    y = y - y.mean(0, keepdim=True)
    y = (y ** 2).mean(0)
    y = (y + 1e-8).sqrt()
    y = y.mean([1, 2, 3])
    y = y.reshape(-1, 1, 1, 1).repeat(g, 1, h, w)
    return torch.cat([x, y], 1)


def pixel_norm(x):
    return x * torch.rsqrt((x ** 2).mean(1, keepdim=True) + 1e-8)


def make_ops():
    # elementwise, with broadcasting
    case("add", lambda a, b: a + b, randn(3, 4), randn(3, 4))
    case("add_bcast", lambda a, b: a + b, randn(2, 3, 4), randn(3, 1))
    case("add_bcast_both", lambda a, b: a + b, randn(4, 1), randn(1, 5))
    case("sub_bcast", lambda a, b: a - b, randn(2, 3, 4), randn(4))
    case("mul_bcast", lambda a, b: a * b, randn(2, 1, 3), randn(4, 1))
    case("mul_same", lambda a, b: a * b, randn(2, 3, 5), randn(2, 3, 5))
    case("div_bcast", lambda a, b: a / b, randn(3, 4), pos(4))
    case("div_scalar_tensor", lambda a, b: a / b, randn(1, 1), pos(2, 3))
    case("scalar_ops", lambda x: (x * 2.5 + 1.5) / 3 - 0.25, randn(3, 3))
    case("rsub_scalar", lambda x: 1.0 - x, randn(4))
    case("neg", lambda x: -x, randn(2, 3))
    case("pow2", lambda x: x ** 2, randn(3, 4))
    case("pow3", lambda x: x ** 3, randn(3, 4))
    case("pow_frac", lambda x: x ** 1.7, pos(3, 4))
    case("pow_tensor", lambda a, b: a ** b, pos(3, 4), randn(4))
    case("exp", torch.exp, randn(3, 4))
    case("log", torch.log, pos(3, 4))
    case("sqrt", torch.sqrt, pos(3, 4))
    case("rsqrt", torch.rsqrt, pos(3, 4))
    case("abs", torch.abs, randn(3, 4))
    case("clamp", lambda x: torch.clamp(x, -0.5, 0.7), randn(4, 5))
    case("tanh", torch.tanh, randn(3, 4))
    case("sigmoid", torch.sigmoid, randn(3, 4))
    case("softplus", F.softplus, randn(3, 4) * 3)
    case("relu", F.relu, randn(3, 4))
    case("leaky_relu", lambda x: F.leaky_relu(x, 0.2), randn(3, 4))
    case("elu", lambda x: F.elu(x, 1.0), randn(3, 4))
    case("where", lambda c, a, b: torch.where(c > 0, a, b), randn(3, 4).sign(), randn(3, 4), randn(4), grad=[False, True, True])
    # reductions
    case("sum_all", lambda x: x.sum(), randn(3, 4))
    case("sum_axis1", lambda x: x.sum(1), randn(2, 3, 4))
    case("sum_axes02_keep", lambda x: x.sum([0, 2], keepdim=True), randn(2, 3, 4))
    case("mean_all", lambda x: x.mean(), randn(5, 3))
    case("mean_last_keep", lambda x: x.mean(-1, keepdim=True), randn(2, 3, 4))
    case("max_axis1", lambda x: torch.amax(x, 1), randn(2, 5, 3))
    case("max_all", lambda x: torch.amax(x), randn(4, 3))
    case("var_axis1", lambda x: x.var(1), randn(3, 5))
    case("var_biased_axes", lambda x: x.var([0, 2], unbiased=False, keepdim=True), randn(3, 2, 4))
    # matrix products
    case("matmul_2d", lambda a, b: a @ b, randn(3, 5), randn(5, 4))
    case("matmul_1x1", lambda a, b: a @ b, randn(1, 1), randn(1, 1))
    case("matmul_batched", lambda a, b: a @ b, randn(2, 3, 5), randn(2, 5, 4))
    case("matmul_bcast", lambda a, b: a @ b, randn(2, 3, 5), randn(5, 4))
    case("matmul_large", lambda a, b: a @ b, randn(37, 70), randn(70, 45))
    case("linear", F.linear, randn(4, 6), randn(3, 6), randn(3))
    case("linear_batch1", F.linear, randn(1, 6), randn(3, 6), randn(3))
    case("linear_3d", F.linear, randn(2, 3, 6), randn(5, 6), randn(5))
    mask = torch.tril(torch.ones(5, 5), -1)
    case("masked_linear", lambda x, w, m, b: F.linear(x, w * m, b), randn(4, 5), randn(5, 5), mask, randn(5), grad=[True, True, False, True])
    # convolutions
    case("conv2d_basic", lambda x, w, b: F.conv2d(x, w, b, 1, 1), randn(2, 3, 6, 5), randn(4, 3, 3, 3), randn(4))
    case("conv2d_s2_odd", lambda x, w, b: F.conv2d(x, w, b, 2, 1), randn(1, 2, 7, 9), randn(3, 2, 3, 3), randn(3))
    case("conv2d_1x1", lambda x, w, b: F.conv2d(x, w, b), randn(2, 3, 4, 4), randn(5, 3, 1, 1), randn(5))
    case("conv2d_4x4_s2", lambda x, w: F.conv2d(x, w, None, 2, 1), randn(2, 3, 8, 8), randn(4, 3, 4, 4))
    case("conv2d_kernel_eq_input", lambda x, w, b: F.conv2d(x, w, b), randn(2, 3, 4, 4), randn(2, 3, 4, 4), randn(2))
    case("conv2d_batch5", lambda x, w, b: F.conv2d(x, w, b, 1, 1), randn(5, 2, 5, 5), randn(3, 2, 3, 3), randn(3))
    case("conv2d_1x1_input", lambda x, w, b: F.conv2d(x, w, b, 1, 1), randn(2, 3, 1, 1), randn(2, 3, 3, 3), randn(2))
    case("conv_transpose2d_s2", lambda x, w, b: F.conv_transpose2d(x, w, b, 2, 1), randn(2, 4, 3, 3), randn(4, 3, 4, 4), randn(3))
    case("conv_transpose2d_outpad", lambda x, w, b: F.conv_transpose2d(x, w, b, 2, 1, 1), randn(1, 3, 3, 4), randn(3, 2, 3, 3), randn(2))
    case("conv_transpose2d_s1", lambda x, w: F.conv_transpose2d(x, w, None, 1, 1), randn(2, 3, 5, 4), randn(3, 2, 3, 3))
    case("conv_transpose2d_from1x1", lambda x, w, b: F.conv_transpose2d(x, w, b), randn(2, 5, 1, 1), randn(5, 4, 4, 4), randn(4))
    # up-sampling and pooling
    case("upsample_nearest", lambda x: F.interpolate(x, scale_factor=2, mode="nearest"), randn(2, 3, 3, 4))
    case("upsample_bilinear", lambda x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False), randn(2, 2, 3, 5))
    case("upsample_bilinear_1x1", lambda x: F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False), randn(1, 1, 1, 1))
    case("avg_pool2", lambda x: F.avg_pool2d(x, 2), randn(2, 3, 6, 4))
    case("avg_pool2_odd", lambda x: F.avg_pool2d(x, 2), randn(1, 2, 7, 5))
    case("avg_pool_k3s2", lambda x: F.avg_pool2d(x, 3, 2), randn(1, 2, 7, 7))
    # normalisations and GAN layers
    case("layer_norm", lambda x, w, b: F.layer_norm(x, [5], w, b), randn(3, 4, 5), randn(5), randn(5))
    case("layer_norm_2d", lambda x: F.layer_norm(x, [3, 4]), randn(2, 3, 4))
    case("pixel_norm", pixel_norm, randn(2, 5, 3, 3))
    # with groups of 2 the standard deviation is |x1 - x2| / 2, piecewise linear: its second
    # derivative is zero up to the 1e-8 epsilon, so only first-order gradients are compared
    case("mbstd_g2", lambda x: mbstd(x, 2), randn(4, 3, 3, 3), double=False)
    case("mbstd_g3", lambda x: mbstd(x, 3), randn(6, 2, 3, 2))
    case("mbstd_g4", lambda x: mbstd(x, 4), randn(8, 2, 2, 2))
    case("mbstd_small_batch", lambda x: mbstd(x, 4), randn(3, 2, 2, 2))
    # indexing and shapes
    case("index_select", lambda x, i: torch.index_select(x, 0, i.long()), randn(5, 3), torch.tensor([4.0, 0.0, 4.0, 2.0]), grad=[True, False])
    case("index_select_dim1", lambda x, i: torch.index_select(x, 1, i.long()), randn(2, 5, 3), torch.tensor([1.0, 1.0, 3.0]), grad=[True, False])
    case("gather", lambda x, i: torch.gather(x, 1, i.long()), randn(3, 5), torch.randint(0, 5, (3, 4)).float(), grad=[True, False])
    case("permute", lambda x: x.permute(2, 0, 1), randn(2, 3, 4))
    case("transpose", lambda x: x.transpose(0, 2), randn(2, 3, 4))
    case("narrow", lambda x: x.narrow(1, 1, 3), randn(3, 6))
    case("concat", lambda a, b: torch.cat([a, b], 1), randn(2, 3), randn(2, 2))
    case("stack", lambda a, b: torch.stack([a, b], 1), randn(2, 3), randn(2, 3))
    case("expand", lambda x: x.expand(2, 3, 4), randn(3, 1))
    # Fourier transforms (complex values as a trailing (real, imaginary) dimension)
    case("rfft2_even", lambda x: torch.view_as_real(torch.fft.rfft2(x)), randn(2, 5, 6))
    case("rfft2_odd", lambda x: torch.view_as_real(torch.fft.rfft2(x)), randn(1, 4, 7))
    case("irfft2_even", lambda y: torch.fft.irfft2(torch.view_as_complex(y), s=(5, 6)), randn(2, 5, 4, 2))
    case("irfft2_odd", lambda y: torch.fft.irfft2(torch.view_as_complex(y), s=(4, 7)), randn(4, 4, 2))
    case("fft_psf_convolution", lambda x, p: torch.fft.irfft2(torch.fft.rfft2(x) * torch.fft.rfft2(p), s=(6, 8)), randn(2, 6, 8), randn(6, 8))
    case("reshape_chain", lambda x: (x.reshape(3, 4) * torch.arange(4.0)).tanh().sum(0), randn(2, 6))


def critic(x, p):
    h = F.leaky_relu(F.conv2d(x, p["c1w"], p["c1b"], 1, 1), 0.2)
    h = F.avg_pool2d(h, 2)
    h = F.leaky_relu(F.conv2d(h, p["c2w"], p["c2b"], 2, 1), 0.2)
    h = F.avg_pool2d(h, 2)
    return F.linear(h.flatten(1), p["lw"], p["lb"])


def make_critic():
    p = {
        "c1w": randn(4, 2, 3, 3) * 0.5, "c1b": randn(4) * 0.1,
        "c2w": randn(8, 4, 3, 3) * 0.3, "c2b": randn(8) * 0.1,
        "lw": randn(1, 8 * 2 * 2) * 0.3, "lb": randn(1) * 0.1,
    }
    # float32 values, float64 arithmetic for the reference
    p = {k: v.to(torch.float64).requires_grad_(True) for k, v in p.items()}
    real, fake, eps = [t.to(torch.float64) for t in (randn(3, 2, 16, 16), randn(3, 2, 16, 16), torch.rand(3, 1, 1, 1))]
    xhat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    d = critic(xhat, p)
    g, = torch.autograd.grad(d.sum(), xhat, create_graph=True)
    gp = 10 * ((g.flatten(1).norm(2, dim=1) - 1) ** 2).mean()
    names = list(p.keys())
    gp_grads = torch.autograd.grad(gp, [p[n] for n in names], retain_graph=True, allow_unused=True)
    loss = critic(fake, p).mean() - critic(real, p).mean() + gp
    loss.backward()
    t = dict(p)
    t.update({"real": real, "fake": fake, "eps": eps, "d_xhat": d, "grad_xhat": g, "gp": gp, "loss": loss})
    for n, gg in zip(names, gp_grads):
        t["gp_grad_" + n] = gg if gg is not None else torch.zeros_like(p[n])
    for n in names:
        t["loss_grad_" + n] = p[n].grad
    write_file(os.path.join(OUT, "critic.gft"), [("critic", t)])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--out":
        OUT = sys.argv[2]  # e.g. a temporary folder, to check that the committed files are reproducible
    os.makedirs(OUT, exist_ok=True)
    make_ops()
    write_file(os.path.join(OUT, "ops.gft"), CASES)
    make_critic()
    print(f"wrote {len(CASES)} op cases and the critic to {OUT} (torch {torch.__version__})", file=sys.stderr)
