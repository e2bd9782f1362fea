#!/usr/bin/env python3
"""Reference Laplacian pyramid of Karras et al. (2018), metrics/sliced_wasserstein.py, in numpy.

Their pyr_down is scipy.ndimage.convolve(x, G, mode='mirror')[..., ::2, ::2] and pyr_up inserts
zeros and convolves with 4G, G = outer([1,4,6,4,1], [1,4,6,4,1]) / 256. scipy's 'mirror' edge
(d c b | a b c d) is numpy's pad mode 'reflect'; the 5x5 convolution is done here directly in 2-D
(no separability), so the C# separable version is checked against an independent computation.

Writes tests/data/fidelity/laplacian_pyramid.json: 2 planes of 16x16 random values and the three
pyramid levels (16, 8, 4 px).   Usage: /usr/bin/python3 tools/fidelity/make_laplacian_pyramid_fixture.py
"""
import json
import os
import numpy as np

G = np.outer([1, 4, 6, 4, 1], [1, 4, 6, 4, 1]).astype(np.float64) / 256.0


def convolve_mirror(x, k):
    planes, h, w = x.shape
    p = np.pad(x, ((0, 0), (2, 2), (2, 2)), mode="reflect")
    out = np.zeros_like(x)
    for dy in range(5):
        for dx in range(5):
            out += k[dy, dx] * p[:, dy:dy + h, dx:dx + w]
    return out


def pyr_down(x):
    return convolve_mirror(x, G)[:, ::2, ::2]


def pyr_up(x):
    planes, h, w = x.shape
    res = np.zeros((planes, 2 * h, 2 * w))
    res[:, ::2, ::2] = x
    return convolve_mirror(res, G * 4.0)


def pyramid(x, levels):
    p = [x.copy()]
    for _ in range(1, levels):
        p.append(pyr_down(p[-1]))
        p[-2] = p[-2] - pyr_up(p[-1])
    return p


rng = np.random.default_rng(8)
x = rng.normal(size=(2, 16, 16)).astype(np.float32).astype(np.float64)
x[1] += np.outer(np.hanning(16), np.hanning(16)) * 5  # a smooth blob so every level carries signal
levels = pyramid(x, 3)
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "..", "..", "tests", "data", "fidelity", "laplacian_pyramid.json")
with open(out, "w") as f:
    json.dump({"planes": 2, "size": 16, "levels": 3, "input": x.ravel().tolist(),
               "pyramid": [l.ravel().tolist() for l in levels]}, f)
print("wrote", os.path.normpath(out))
