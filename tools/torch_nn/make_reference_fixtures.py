#!/usr/bin/env python3
"""Fixtures proving that Galforge's reference benchmark networks (src/Galforge.Models/Reference) are
the networks, losses and gradients of tools/bench/torch_ref.py.

    /usr/bin/python3 tools/torch_nn/make_reference_fixtures.py [OUT_DIR]   (default tests/data/torch_nn)

The network definitions are taken from torch_ref.py itself (its source up to the benchmark runs is
executed), so they cannot drift. Weights and inputs are deterministic formulas that the C# test
computes too, so no weights are stored: parameter k (in named_parameters order), element i, is
sin(0.7 i + k) / sqrt(fan_in) for weights and 0.1 sin(0.7 i + k) for biases.
"""
import math, os, sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
import safetensors_io  # noqa: E402

root = os.path.dirname(os.path.dirname(here))
out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "data", "torch_nn")
src = open(os.path.join(root, "tools", "bench", "torch_ref.py")).read()
src = src[:src.index("\nvae = VAE()")]
saved_argv = sys.argv
sys.argv = ["torch_ref.py", "--threads", "1"]
ns = {"__name__": "torch_ref"}
exec(compile(src, "torch_ref.py", "exec"), ns)
sys.argv = saved_argv
torch.set_num_threads(1)


def fill(module):
    with torch.no_grad():
        for k, (_, p) in enumerate(module.named_parameters()):
            i = np.arange(p.numel(), dtype=np.float64)
            if p.dim() > 1:
                fan_in = p.shape[1] * int(np.prod(p.shape[2:]))
                scale = 1.0 / math.sqrt(fan_in)
            else:
                scale = 0.1
            p.copy_(torch.from_numpy((np.sin(0.7 * i + k) * scale).astype(np.float32)).reshape(p.shape))


def formula(shape, a, b):
    n = int(np.prod(shape))
    return torch.from_numpy(np.sin(a * np.arange(n, dtype=np.float64) + b).astype(np.float32)).reshape(shape)


def flat(t):
    return (list(t.shape), [float(v) for v in t.detach().reshape(-1)])


def norms(module, prefix):
    return {f"{prefix}{n}": torch.tensor([p.grad.double().norm().item()]) for n, p in module.named_parameters()}


# ---- VAE: forward, loss (vae_step's formula) and gradients ---------------------------------------
vae = ns["VAE"]()
fill(vae)
x = formula((2, 4, 64, 64), 0.01, 0.0)
eps = formula((2, 32), 0.3, 0.5)
mu, lv = vae.head(vae.enc(x).flatten(1)).chunk(2, 1)
z = mu + eps * (0.5 * lv).exp()
y = vae.decode(z)
loss = ((y - x) ** 2).sum((1, 2, 3)).mean() + 0.5 * (mu ** 2 + lv.exp() - 1 - lv).sum(1).mean()
loss.backward()
t = {"loss": loss.reshape(1), "mu": mu, "logvar": lv, "y": y}
t.update(norms(vae, "gradnorm."))
safetensors_io.write(os.path.join(out_dir, "reference_vae.safetensors"), {k: flat(v) for k, v in t.items()})

# ---- WGAN-GP: critic loss with gradient penalty (gan_step's formula), generator loss ------------
G, D = ns["G"], ns["D"]
fill(G)
fill(D)
real = formula((2, 3, 64, 64), 0.02, 0.3)
zg = formula((2, 256, 1, 1), 0.11, 0.2)
mix = torch.tensor([0.3, 0.8]).reshape(2, 1, 1, 1)
fake = G(zg).detach()
xh = (mix * real + (1 - mix) * fake).requires_grad_(True)
g, = torch.autograd.grad(D(xh).sum(), xh, create_graph=True)
gp = ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
dr = D(real)
lossD = D(fake).mean() - dr.mean() + 10 * gp + 0.001 * (dr ** 2).mean()
lossD.backward()
t = {"fake": fake, "gp": gp.reshape(1), "loss_d": lossD.detach().reshape(1)}
t.update(norms(D, "gradnorm_d."))
D.zero_grad(); G.zero_grad()
lossG = -D(G(zg)).mean()
lossG.backward()
t["loss_g"] = lossG.detach().reshape(1)
t.update(norms(G, "gradnorm_g."))
safetensors_io.write(os.path.join(out_dir, "reference_gan.safetensors"), {k: flat(v) for k, v in t.items()})
print("reference fixtures written to", out_dir)
