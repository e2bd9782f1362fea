#!/usr/bin/env python3
"""(Copy of shared/bench/torch_ref.py, the project's speed reference; keep identical.)
PyTorch CPU reference timings for the two reference architectures in REFERENCE_MODELS.md.

Run with Debian's PyTorch (apt-get install python3-torch), e.g.
    /usr/bin/python3 torch_ref.py --threads 1 --json
Prints one line per workload: images per second (higher is better). Compare against the
project's own benchmark of the SAME architectures, run on the same machine, in the same
session, with the same thread count: only the ratio means anything on a shared machine.
"""
import argparse, json, time
import torch, torch.nn as nn, torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, default=1)
p.add_argument("--batch", type=int, default=32)
p.add_argument("--repeats", type=int, default=6)
p.add_argument("--json", action="store_true")
p.add_argument("--only", default="", help="comma list of workload names")
a = p.parse_args()
torch.manual_seed(0)
torch.set_num_threads(a.threads)
B, C, L = a.batch, 4, 32


class VAE(nn.Module):
    """Reference VAE: 4 bands, 64x64, latent 32 (see REFERENCE_MODELS.md)."""
    def __init__(s):
        super().__init__()
        s.enc = nn.Sequential(
            nn.Conv2d(C, 32, 3, 1, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(32, 64, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(64, 128, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(128, 256, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(256, 256, 4, 2, 1), nn.LeakyReLU(0.2))
        s.head = nn.Linear(256 * 16, 2 * L)
        s.fc = nn.Linear(L, 256 * 16)
        s.dec = nn.Sequential(
            nn.ConvTranspose2d(256, 256, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.ConvTranspose2d(256, 128, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.LeakyReLU(0.2),
            nn.Conv2d(32, C, 3, 1, 1))

    def decode(s, z):
        return s.dec(F.leaky_relu(s.fc(z), 0.2).view(-1, 256, 4, 4))

    def forward(s, x):
        mu, lv = s.head(s.enc(x).flatten(1)).chunk(2, 1)
        z = mu + torch.randn_like(mu) * (0.5 * lv).exp()
        return s.decode(z), mu, lv


def vae_step(m, opt, x):
    y, mu, lv = m(x)
    loss = ((y - x) ** 2).sum((1, 2, 3)).mean() + 0.5 * (mu ** 2 + lv.exp() - 1 - lv).sum(1).mean()
    opt.zero_grad(); loss.backward(); opt.step()


def blk(ci, co):
    return [nn.Conv2d(ci, co, 3, 1, 1), nn.LeakyReLU(0.2)]


# Reference progressive-GAN networks at their final 64x64x3 resolution (layer table of the
# progressive-GAN seed poster; plain layers, no equalized-lr/pixel-norm, to time the convolutions).
G = nn.Sequential(
    nn.ConvTranspose2d(256, 256, 4, 1, 0), nn.LeakyReLU(0.2), *blk(256, 256),
    nn.Upsample(scale_factor=2), *blk(256, 128), *blk(128, 128),
    nn.Upsample(scale_factor=2), *blk(128, 64), *blk(64, 64),
    nn.Upsample(scale_factor=2), *blk(64, 32), *blk(32, 32),
    nn.Upsample(scale_factor=2), *blk(32, 16), *blk(16, 16), nn.Conv2d(16, 3, 1))
D = nn.Sequential(
    nn.Conv2d(3, 16, 1), nn.LeakyReLU(0.2), *blk(16, 16), *blk(16, 32), nn.AvgPool2d(2),
    *blk(32, 32), *blk(32, 64), nn.AvgPool2d(2), *blk(64, 64), *blk(64, 128), nn.AvgPool2d(2),
    *blk(128, 128), *blk(128, 256), nn.AvgPool2d(2), *blk(256, 256),
    nn.Conv2d(256, 256, 4), nn.LeakyReLU(0.2), nn.Conv2d(256, 1, 1), nn.Flatten())


def gan_step(optG, optD, real):
    """One WGAN-GP critic step (lambda 10, drift 1e-3) and one generator step."""
    z = torch.randn(real.shape[0], 256, 1, 1)
    fake = G(z).detach()
    eps = torch.rand(real.shape[0], 1, 1, 1)
    xh = (eps * real + (1 - eps) * fake).requires_grad_(True)
    g, = torch.autograd.grad(D(xh).sum(), xh, create_graph=True)
    gp = ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
    dr = D(real)
    lossD = D(fake).mean() - dr.mean() + 10 * gp + 0.001 * (dr ** 2).mean()
    optD.zero_grad(); lossD.backward(); optD.step()
    lossG = -D(G(z)).mean()
    optG.zero_grad(); lossG.backward(); optG.step()


def report(name, images, seconds, batch):
    r = {"workload": name, "images_per_s": images / seconds, "threads": a.threads, "batch": batch}
    print(json.dumps(r) if a.json else f"{name}: {r['images_per_s']:.1f} images/s (threads {a.threads}, batch {batch})",
          flush=True)


def bench(name, fn, images):
    if a.only and name not in a.only.split(","):
        return
    fn(); fn()
    t = time.perf_counter()
    for _ in range(a.repeats):
        fn()
    report(name, images * a.repeats, time.perf_counter() - t, images)


vae = VAE()
opt = torch.optim.Adam(vae.parameters(), 1e-3)
x = torch.randn(B, C, 64, 64)
bench("vae_train_64x64x4", lambda: vae_step(vae, opt, x), B)
oG = torch.optim.Adam(G.parameters(), 1e-3, betas=(0, 0.99))
oD = torch.optim.Adam(D.parameters(), 1e-3, betas=(0, 0.99))
r = torch.randn(B, 3, 64, 64)
bench("wgan_gp_train_64x64x3", lambda: gan_step(oG, oD, r), B)
with torch.no_grad():
    zg = torch.randn(256, 256, 1, 1)
    bench("gan_generate_64x64x3", lambda: G(zg), 256)
    zl = torch.randn(256, L)
    bench("vae_decode_64x64x4", lambda: vae.decode(zl), 256)
