"""PyTorch reference for the progressive-GAN critic's WGAN-GP gradient penalty and AC-GAN losses.

Writes tests/data/torch_gan/critic_<case>.safetensors: the critic's weights ("param.<name>", our
parameter names), the inputs ("input.real", "input.fake", "input.eps", "input.condition") and, in
float64 from the float32 inputs, the penalty mean((||dD(x)/dx|| - 1)^2) at x = eps*real + (1-eps)*fake
("out.gp") with its gradient w.r.t. every critic weight ("gp_grad.<name>", create_graph=True, a
gradient of a gradient), and for conditional cases the auxiliary loss on real images
("out.aux"; cross-entropy for classes, mean squared error for parameters) with its gradients
("aux_grad.<name>"). Run: /usr/bin/python3 tools/torch_gan/make_fixtures.py
"""
import math, os, sys
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "torch_nn"))
import safetensors_io  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data", "torch_gan")
SQRT2 = math.sqrt(2.0)


def critic_params(g, channels, bands, cond):
    """Weights ~ N(0, 1) as in equalized learning rate; biases small random so they matter."""
    p = {}
    for s, c in enumerate(channels):
        p[f"s{s}_from_image.weight"] = torch.randn(c, bands, 1, 1, generator=g)
        p[f"s{s}_from_image.bias"] = 0.1 * torch.randn(c, generator=g)
    for s in range(1, len(channels)):
        p[f"s{s}_conv1.weight"] = torch.randn(channels[s], channels[s], 3, 3, generator=g)
        p[f"s{s}_conv1.bias"] = 0.1 * torch.randn(channels[s], generator=g)
        p[f"s{s}_conv2.weight"] = torch.randn(channels[s - 1], channels[s], 3, 3, generator=g)
        p[f"s{s}_conv2.bias"] = 0.1 * torch.randn(channels[s - 1], generator=g)
    c0 = channels[0]
    p["s0_conv.weight"] = torch.randn(c0, c0 + 1, 3, 3, generator=g)
    p["s0_conv.bias"] = 0.1 * torch.randn(c0, generator=g)
    p["s0_dense.weight"] = torch.randn(c0, c0, 4, 4, generator=g)
    p["s0_dense.bias"] = 0.1 * torch.randn(c0, generator=g)
    p["score.weight"] = torch.randn(1, c0, generator=g)
    p["score.bias"] = 0.1 * torch.randn(1, generator=g)
    if cond:
        p["embed.weight"] = torch.randn(c0, cond, generator=g)
        p["auxiliary.weight"] = torch.randn(cond, c0, generator=g)
        p["auxiliary.bias"] = 0.1 * torch.randn(cond, generator=g)
    return p


def conv(p, name, x, pad, gain=SQRT2):
    w = p[name + ".weight"]
    fan_in = w.shape[1] * w.shape[2] * w.shape[3]
    return F.conv2d(x, w * (gain / math.sqrt(fan_in)), p[name + ".bias"], padding=pad)


def linear(p, name, x, gain=1.0):
    w = p[name + ".weight"]
    return F.linear(x, w * (gain / math.sqrt(w.shape[1])), p.get(name + ".bias"))


def mbstd(x, group=4, eps=1e-8):
    n, c, h, w = x.shape
    g = min(group, n)
    m = n // g
    y = x.reshape(g, m, c, h, w)
    y = y - y.mean(0, keepdim=True)
    std = (y * y).mean(0).add(eps).sqrt()            # [M, C, H, W]
    stat = std.mean([1, 2, 3])                        # [M]
    tiled = stat.reshape(1, m, 1, 1, 1).expand(g, m, 1, h, w).reshape(n, 1, h, w)
    return torch.cat([x, tiled], 1)


def critic(p, x, condition, stage, alpha):
    lrelu = lambda t: F.leaky_relu(t, 0.2)
    h = lrelu(conv(p, f"s{stage}_from_image", x, 0))
    for s in range(stage, 0, -1):
        h = lrelu(conv(p, f"s{s}_conv1", h, 1))
        h = lrelu(conv(p, f"s{s}_conv2", h, 1))
        h = F.avg_pool2d(h, 2)
        if s == stage and alpha < 1:
            old = lrelu(conv(p, f"s{stage - 1}_from_image", F.avg_pool2d(x, 2), 0))
            h = (1 - alpha) * old + alpha * h
    h = mbstd(h)
    h = lrelu(conv(p, "s0_conv", h, 1))
    feat = lrelu(conv(p, "s0_dense", h, 0)).reshape(x.shape[0], -1)
    score = linear(p, "score", feat)
    if condition is None:
        return score, None
    proj = (linear(p, "embed", condition) * feat).sum(1, keepdim=True)
    return score + proj, linear(p, "auxiliary", feat)


def case(name, channels, bands, n, stage, alpha, cond_kind, cond_size, seed):
    g = torch.Generator().manual_seed(seed)
    p32 = critic_params(g, channels, bands, cond_size)
    size = 4 << stage
    real = torch.randn(n, bands, size, size, generator=g)
    fake = torch.randn(n, bands, size, size, generator=g)
    eps = torch.rand(n, 1, 1, 1, generator=g)
    condition = None
    if cond_kind == "class":
        labels = torch.randint(0, cond_size, (n,), generator=g)
        condition = F.one_hot(labels, cond_size).float()
    elif cond_kind == "params":
        condition = torch.randn(n, cond_size, generator=g)
    p = {k: v.double().requires_grad_() for k, v in p32.items()}
    xr, xf, e = real.double(), fake.double(), eps.double()
    c = None if condition is None else condition.double()
    mixed = (e * xr + (1 - e) * xf).requires_grad_()
    score, _ = critic(p, mixed, c, stage, alpha)
    grad, = torch.autograd.grad(score.sum(), mixed, create_graph=True)
    gp = ((grad.flatten(1).pow(2).sum(1).sqrt() - 1) ** 2).mean()
    names = list(p32.keys())
    gp_grads = torch.autograd.grad(gp, [p[k] for k in names], allow_unused=True)
    tensors = {}
    for k in names:
        tensors["param." + k] = (list(p32[k].shape), p32[k].flatten().tolist())
    tensors["input.real"] = (list(real.shape), real.flatten().tolist())
    tensors["input.fake"] = (list(fake.shape), fake.flatten().tolist())
    tensors["input.eps"] = (list(eps.shape), eps.flatten().tolist())
    if condition is not None:
        tensors["input.condition"] = (list(condition.shape), condition.flatten().tolist())
    tensors["out.gp"] = ([1], [gp.item()])
    for k, gr in zip(names, gp_grads):
        gr = torch.zeros_like(p[k]) if gr is None else gr
        tensors["gp_grad." + k] = (list(p32[k].shape), gr.flatten().tolist())
    meta = {"stage": str(stage), "alpha": repr(alpha), "channels": ",".join(map(str, channels)),
            "bands": str(bands), "condition": cond_kind, "condition_size": str(cond_size)}
    if condition is not None:
        _, aux = critic(p, xr, c, stage, alpha)
        if cond_kind == "class":
            loss = F.cross_entropy(aux, c.argmax(1))
        else:
            loss = ((aux - c) ** 2).mean()
        grads = torch.autograd.grad(loss, [p[k] for k in names], allow_unused=True)
        tensors["out.aux"] = ([1], [loss.item()])
        for k, gr in zip(names, grads):
            gr = torch.zeros_like(p[k]) if gr is None else gr
            tensors["aux_grad." + k] = (list(p32[k].shape), gr.flatten().tolist())
    safetensors_io.write(os.path.join(OUT, f"critic_{name}.safetensors"), tensors, meta)
    print(name, "gp", gp.item())


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    case("fade", [6, 4], 2, 4, 1, 0.375, "none", 0, 11)
    case("class", [6, 4], 3, 8, 1, 1.0, "class", 3, 12)
    case("params", [5, 4, 3], 1, 4, 2, 0.5, "params", 3, 13)
