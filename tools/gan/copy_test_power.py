#!/usr/bin/env python3
"""How well can the nearest-neighbour copy test see a memorised galaxy in noisy data?

    python3 tools/gan/copy_test_power.py MODEL TRAINING_DATASET HELDOUT_DATASET GENERATED.fits SEED

GanEvaluation's copy test (evaluate_gan.cs, `near_copies`) flags a generated stamp closer to a
training stamp than the 1st percentile of held-out -> training distances. A model trained with
`observe_noise` learns noise-free galaxies and gets fresh sky noise on generation, so even a
perfect copy of a training galaxy differs from the training stamp by the two stamps' noise; where
the noise dominates the stamp (ground-based surveys, galaxies a few pixels across) the test then
cannot see copies at all. This script measures that, on the central 8x8 px of every stamp (all
bands, arcsinh units of the model: `diversity_core_rms_arcsinh`):

  * injected copies: training stamps with fresh Gaussian sky noise of the model's sigma added
    (a memoriser's output, more favourable to detection than a real one: only one new noise
    term), nearest training distance;
  * held-out stamps (independent real galaxies) and the generated stamps, nearest training
    distance;

for all stamps and for the bright ones (core flux above the held-out set's 80th percentile), and
counts stamps closer than the 95th percentile of the injected copies ("copy-like"). Prints JSON.
GENERATED.fits: `galforge generate --model MODEL --n N --seed S --out GENERATED.fits`.
"""
import json
import sys

import numpy as np
from astropy.io import fits


def load_dataset(path):
    return fits.open(f"{path}/dataset.fits")["IMAGES"].data.astype(np.float64)


def load_generated(path, bands):
    h = fits.open(path)
    return np.stack([h[b].data.astype(np.float64) for b in bands], axis=1)


def core(images, scales, box=8):
    s = images.shape[-1]
    o = (s - box) // 2
    y = np.arcsinh(images[:, :, o:o + box, o:o + box] / scales[None, :, None, None])
    return y.reshape(len(y), -1)


def nearest(queries, references, skip_self=False):
    qq = (queries ** 2).sum(1)[:, None]
    rr = (references ** 2).sum(1)[None, :]
    d2 = np.maximum(qq + rr - 2 * queries @ references.T, 0) / queries.shape[1]
    if skip_self:
        np.fill_diagonal(d2, np.inf)
    return np.sqrt(d2.min(1))


def main():
    model, train_path, heldout_path, generated_path, seed = sys.argv[1:6]
    run = json.load(open(f"{model}/run.json"))
    bands = run["bands"]
    scales = np.array(run["asinh_scales"])
    sigmas = np.array(run["noise_sigmas"])
    rng = np.random.default_rng(int(seed))
    train = load_dataset(train_path)
    heldout = load_dataset(heldout_path)
    generated = load_generated(generated_path, bands)
    t = core(train, scales)
    h = core(heldout, scales)
    g = core(generated, scales)
    # Injected copies: as many training stamps as held-out ones, with fresh sky noise.
    pick = rng.choice(len(train), size=len(heldout), replace=False)
    noisy = train[pick] + rng.normal(size=train[pick].shape) * sigmas[None, :, None, None]
    c = core(noisy, scales)
    d = {"copies": nearest(c, t), "heldout": nearest(h, t), "generated": nearest(g, t)}
    # Brightness: mean arcsinh value of the central 4x4 px over the bands.
    def brightness(images):
        s = images.shape[-1]
        return np.arcsinh(images[:, :, s // 2 - 2:s // 2 + 2, s // 2 - 2:s // 2 + 2] / scales[None, :, None, None]).mean(axis=(1, 2, 3))
    cut = np.quantile(brightness(heldout), 0.8)
    bright = {"copies": brightness(train[pick]) > cut, "heldout": brightness(heldout) > cut, "generated": brightness(generated) > cut}
    out = {"pixels": "central 8x8 of each stamp, all bands, arcsinh units of the model", "seed": int(seed),
           "bright_cut_arcsinh": round(float(cut), 4)}
    for subset in ("all", "bright"):
        sel = {k: (np.ones(len(v), bool) if subset == "all" else bright[k]) for k, v in d.items()}
        threshold = float(np.quantile(d["copies"][sel["copies"]], 0.95))
        entry = {"copy_like_threshold": round(threshold, 4)}
        for k in d:
            v = d[k][sel[k]]
            entry[k] = {"n": int(len(v)), "median_nearest_training": round(float(np.median(v)), 4),
                        "copy_like": int((v < threshold).sum()),
                        "copy_like_fraction": round(float((v < threshold).mean()), 4) if len(v) else None}
        out[subset] = entry
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
