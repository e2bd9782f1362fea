#!/usr/bin/python3
"""Times PyTorch's CPU convolutions on the reference-model layer shapes (conv_shapes.json) and the
GEMMs of tools/bench/KernelBench, printing one JSON line per layer and pass in KernelBench's format.

Passes are what autograd runs for the layer: "forward" (aten.convolution), "grad_input" and
"grad_weight" (aten.convolution_backward with the matching output mask; grad_weight includes the
bias gradient where the layer has a bias). Each number is the median of --repeats runs after a
warm-up.

    python3 tools/bench/conv_torch.py --threads 1 [--repeats 7] [--shapes FILE] [--filter TEXT] [--no-gemm] [--clock wall|cpu|wall-best]
"""
import argparse
import json
import statistics
import time

import torch


CLOCK = time.perf_counter
STAT = statistics.median


def median_ms(fn, repeats):
    fn()
    times = []
    for _ in range(repeats):
        t0 = CLOCK()
        fn()
        times.append((CLOCK() - t0) * 1e3)
    return STAT(times)


def time_layer(s, repeats):
    n, cin, cout, h, w, k = s["n"], s["cin"], s["cout"], s["h"], s["w"], s["k"]
    st, pad, op = s["stride"], s["pad"], s["outpad"]
    transposed = s["op"] == "convT"
    g = torch.Generator().manual_seed(1)
    x = torch.rand(n, cin, h, w, generator=g) * 2 - 1
    if transposed:
        weight = torch.rand(cin, cout, k, k, generator=g) * 2 - 1  # PyTorch's [in, out, kh, kw]
        bias = None
        oh, ow = (h - 1) * st - 2 * pad + k + op, (w - 1) * st - 2 * pad + k + op
        macs = n * cin * h * w * cout * k * k
    else:
        weight = torch.rand(cout, cin, k, k, generator=g) * 2 - 1
        bias = torch.rand(cout, generator=g) * 2 - 1
        oh, ow = (h + 2 * pad - k) // st + 1, (w + 2 * pad - k) // st + 1
        macs = n * cout * oh * ow * cin * k * k
    dy = torch.rand(n, cout, oh, ow, generator=g) * 2 - 1
    stride, padding, dil, opad = [st, st], [pad, pad], [1, 1], [op, op]
    bias_sizes = None if bias is None else [cout]
    conv = torch.ops.aten.convolution
    back = torch.ops.aten.convolution_backward
    with torch.no_grad():
        y = conv(x, weight, bias, stride, padding, dil, transposed, opad, 1)
        assert tuple(y.shape) == tuple(dy.shape), (y.shape, dy.shape)
        passes = {
            "forward": lambda: conv(x, weight, bias, stride, padding, dil, transposed, opad, 1),
            "grad_input": lambda: back(dy, x, weight, bias_sizes, stride, padding, dil, transposed, opad, 1, [True, False, False]),
            "grad_weight": lambda: back(dy, x, weight, bias_sizes, stride, padding, dil, transposed, opad, 1, [False, True, bias is not None]),
        }
        for name, fn in passes.items():
            ms = median_ms(fn, repeats)
            yield name, ms, 2.0 * macs / (ms * 1e6)


GEMMS = [
    ("sgemm 512x512x512", False, False, 512, 512, 512),
    ("linear 4096->64 forward (32x64x4096, B^T)", False, True, 32, 64, 4096),
    ("linear 4096->64 grad_input (32x4096x64)", False, False, 32, 4096, 64),
    ("linear 4096->64 grad_weight (64x4096x32, A^T)", True, False, 64, 4096, 32),
]


def time_gemm(ta, tb, m, n, k, repeats):
    a = torch.rand(k, m).t() if ta else torch.rand(m, k)
    b = torch.rand(n, k).t() if tb else torch.rand(k, n)
    c = torch.empty(m, n)
    ms = median_ms(lambda: torch.mm(a, b, out=c), repeats)
    return ms, 2.0 * m * n * k / (ms * 1e6)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--shapes", default="tools/bench/conv_shapes.json")
    ap.add_argument("--filter")
    ap.add_argument("--no-gemm", action="store_true")
    ap.add_argument("--clock", choices=["wall", "cpu", "wall-best"], default="wall",
                    help="cpu: median process CPU time (the kernel's own time at one thread on a busy machine); "
                         "wall-best: shortest wall-clock time (several threads on a busy machine)")
    a = ap.parse_args()
    global CLOCK, STAT
    CLOCK = time.process_time if a.clock == "cpu" else time.perf_counter
    STAT = min if a.clock == "wall-best" else statistics.median
    torch.set_num_threads(a.threads)
    with open(a.shapes) as f:
        shapes = json.load(f)
    for s in shapes:
        if a.filter and a.filter not in s["name"]:
            continue
        for name, ms, gf in time_layer(s, a.repeats):
            print(json.dumps({"name": s["name"], "model": s["model"], "pass": name, "ms": round(ms, 4),
                              "gflops": round(gf, 1), "threads": a.threads, "layout": "pytorch"}), flush=True)
    if not a.no_gemm:
        for name, ta, tb, m, n, k in GEMMS:
            if a.filter and a.filter not in name:
                continue
            ms, gf = time_gemm(ta, tb, m, n, k, a.repeats * 3)
            print(json.dumps({"name": name, "model": "gemm", "pass": "gemm", "ms": round(ms, 4), "gflops": round(gf, 1),
                              "threads": a.threads, "layout": "pytorch"}), flush=True)


if __name__ == "__main__":
    main()
