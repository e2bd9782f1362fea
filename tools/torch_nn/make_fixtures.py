#!/usr/bin/env python3
"""PyTorch 1.13 reference fixtures for Galforge.Nn (modules, optimizers, clipping, EMA).

    /usr/bin/python3 tools/torch_nn/make_fixtures.py [OUT_DIR]   (default tests/data/torch_nn)

Each case is one small safetensors file (float32, written by safetensors_io with json + struct):
  param.<name>   the module's initial parameters (loaded into the Galforge module by name)
  x, gy          input and the upstream gradient (loss = sum(y * gy))
  y, grad.x, grad.<name>   PyTorch's output and gradients
Optimizer cases hold the initial parameters, the data and the parameters after each step
(step<k>.<name>). Metadata holds the hyper-parameters as strings.
"""
import math, os, sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "data", "torch_nn")
os.makedirs(out_dir, exist_ok=True)
torch.manual_seed(1234)


def flat(t):
    return (list(t.shape), [float(v) for v in t.detach().reshape(-1)])


def save(name, tensors, meta=None):
    safetensors_io.write(os.path.join(out_dir, name + ".safetensors"),
                         {k: flat(v) for k, v in tensors.items()}, {k: str(v) for k, v in (meta or {}).items()})


def module_case(name, module, x, forward=None, meta=None):
    """Forward + backward of loss = sum(y * gy) through `module` (or `forward(x)`)."""
    x = x.clone().requires_grad_(True)
    params = dict(module.named_parameters())
    init = {"param." + k: v.detach().clone() for k, v in params.items()}
    y = forward(x) if forward else module(x)
    gy = torch.randn_like(y)
    (y * gy).sum().backward()
    t = {"x": x.detach(), "gy": gy, "y": y.detach(), "grad.x": x.grad}
    t.update(init)
    t.update({"grad." + k: v.grad for k, v in params.items()})
    save(name, t, meta)


# ---- modules --------------------------------------------------------------------------------
module_case("linear", nn.Linear(7, 5), torch.randn(3, 7))
module_case("conv2d_s2_p1", nn.Conv2d(3, 4, 3, stride=2, padding=1), torch.randn(2, 3, 7, 6))
module_case("conv_transpose2d_s2_p1_op1", nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1),
            torch.randn(2, 3, 4, 5))
ln = nn.LayerNorm([4, 5])
with torch.no_grad():
    ln.weight.copy_(torch.randn(4, 5)); ln.bias.copy_(torch.randn(4, 5))
module_case("layer_norm", ln, torch.randn(3, 4, 5) * 2 + 1)


class Holder(nn.Module):
    """Parameters named as Galforge's equalized layers name them: weight (N(0,1)) and bias."""
    def __init__(s, shape, bias):
        super().__init__()
        s.weight = nn.Parameter(torch.randn(*shape))
        s.bias = nn.Parameter(torch.randn(bias) * 0.1)


gain = math.sqrt(2)
h = Holder((5, 6), 5)
module_case("equalized_linear", h, torch.randn(4, 6), lambda x: F.linear(x, h.weight * (gain / math.sqrt(6)), h.bias))
hc = Holder((4, 3, 3, 3), 4)
module_case("equalized_conv2d", hc, torch.randn(2, 3, 6, 5),
            lambda x: F.conv2d(x, hc.weight * (gain / math.sqrt(3 * 9)), hc.bias, stride=1, padding=1))
ht = Holder((3, 2, 4, 4), 2)  # [in, out, k, k]; fan-in in * ceil(4/2)^2 = 12
module_case("equalized_conv_transpose2d", ht, torch.randn(2, 3, 3, 4),
            lambda x: F.conv_transpose2d(x, ht.weight * (gain / math.sqrt(3 * 4)), ht.bias, stride=2, padding=1))


# ---- optimizers -----------------------------------------------------------------------------
class Small(nn.Module):
    def __init__(s):
        super().__init__()
        s.fc1 = nn.Linear(5, 4)
        s.fc2 = nn.Linear(4, 3)

    def forward(s, x):
        return s.fc2(torch.tanh(s.fc1(x)))


def trajectory(name, make_opt, steps=6, clip=None, ema_decay=None, meta=None):
    torch.manual_seed(7)
    m = Small()
    x, target = torch.randn(8, 5), torch.randn(8, 3)
    t = {"x": x, "target": target}
    t.update({"param." + k: v.detach().clone() for k, v in m.named_parameters()})
    opt = make_opt(m.parameters())
    ema = {k: v.detach().clone() for k, v in m.named_parameters()}
    for s in range(steps):
        opt.zero_grad()
        loss = ((m(x) - target) ** 2).mean()
        loss.backward()
        if clip is not None:
            total = torch.nn.utils.clip_grad_norm_(m.parameters(), clip)
            t[f"step{s}.total_norm"] = total.reshape(1)
            t.update({f"step{s}.grad.{k}": v.grad.clone() for k, v in m.named_parameters()})
        opt.step()
        t.update({f"step{s}.{k}": v.detach().clone() for k, v in m.named_parameters()})
        if ema_decay is not None:
            with torch.no_grad():
                for k, v in m.named_parameters():
                    ema[k].mul_(ema_decay).add_(v, alpha=1 - ema_decay)
                    t[f"step{s}.ema.{k}"] = ema[k].clone()
    meta = dict(meta or {}); meta["steps"] = steps
    save(name, t, meta)


trajectory("adam", lambda p: torch.optim.Adam(p, lr=1e-2, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01),
           ema_decay=0.9, meta={"lr": 1e-2, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.01, "ema_decay": 0.9})
trajectory("adam_gan", lambda p: torch.optim.Adam(p, lr=1e-3, betas=(0.0, 0.99)),
           meta={"lr": 1e-3, "beta1": 0.0, "beta2": 0.99, "eps": 1e-8, "weight_decay": 0.0})
trajectory("sgd_momentum", lambda p: torch.optim.SGD(p, lr=5e-2, momentum=0.9, weight_decay=0.01),
           meta={"lr": 5e-2, "momentum": 0.9, "weight_decay": 0.01, "nesterov": 0})
trajectory("sgd_nesterov", lambda p: torch.optim.SGD(p, lr=5e-2, momentum=0.8, nesterov=True),
           meta={"lr": 5e-2, "momentum": 0.8, "weight_decay": 0.0, "nesterov": 1})
trajectory("adam_clipped", lambda p: torch.optim.Adam(p, lr=1e-2), clip=0.1,
           meta={"lr": 1e-2, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0, "clip": 0.1})
print("fixtures written to", out_dir)
