#!/usr/bin/python3
"""Runs the oneDNN backend's kernel benchmark (KernelBench) and PyTorch's (conv_torch.py)
alternately, several rounds at each thread count, and prints a Markdown table of median times and
the median speed ratio ours/PyTorch (= PyTorch time / our time; above 1 means we are faster) per
layer and pass, plus the ratio of summed times per model.

    /usr/bin/python3 tools/bench/conv_compare.py [--rounds 3] [--threads 1 2] [--repeats 7] [--filter TEXT] [--clock wall|cpu|wall-best]

Run from the repository root. Only ratios from one run on one machine mean anything: the machine is
shared, so the runs alternate and the median over rounds is reported.
"""
import argparse
import json
import statistics
import subprocess
import sys
from collections import defaultdict

BENCH_DLL = "tools/bench/KernelBench/bin/Release/net10.0/KernelBench.dll"


def run(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--filter")
    ap.add_argument("--layout", default="auto")
    ap.add_argument("--clock", choices=["wall", "cpu", "wall-best"], default="wall",
                    help="cpu: process CPU time (meaningful at one thread on a busy machine); "
                         "wall-best: shortest wall-clock run (several threads on a busy machine)")
    a = ap.parse_args()
    subprocess.run(["dotnet", "build", "-c", "Release", "-v", "q", "--nologo", "tools/bench/KernelBench"], check=True,
                   stdout=subprocess.DEVNULL)
    extra = ["--repeats", str(a.repeats), "--clock", a.clock] + (["--filter", a.filter] if a.filter else [])
    ours, torch = defaultdict(list), defaultdict(list)
    info = {}
    for r in range(a.rounds):
        for t in a.threads:
            print(f"round {r + 1}/{a.rounds}, {t} thread(s)", file=sys.stderr, flush=True)
            for row in run(["dotnet", BENCH_DLL, "--threads", str(t), "--layout", a.layout] + extra):
                key = (row["name"], row["pass"], t)
                ours[key].append(row)
                info[key] = (row["model"], row["impl"])
            for row in run([sys.executable, "tools/bench/conv_torch.py", "--threads", str(t)] + extra):
                torch[(row["name"], row["pass"], t)].append(row)

    print("| layer | pass | threads | ours ms | PyTorch ms | ours GFLOP/s | PyTorch GFLOP/s | ours/PyTorch | oneDNN impl |")
    print("|---|---|---|---|---|---|---|---|---|")
    sums = defaultdict(lambda: [[], []])
    for key in ours:
        if key not in torch:
            continue
        o, p = ours[key], torch[key]
        rounds = min(len(o), len(p))
        ratio = statistics.median(p[i]["ms"] / o[i]["ms"] for i in range(rounds))
        oms, pms = statistics.median(x["ms"] for x in o), statistics.median(x["ms"] for x in p)
        ogf, pgf = statistics.median(x["gflops"] for x in o), statistics.median(x["gflops"] for x in p)
        name, pas, t = key
        model, impl = info[key]
        print(f"| {name} | {pas} | {t} | {oms:.3f} | {pms:.3f} | {ogf:.1f} | {pgf:.1f} | {ratio:.2f} | {impl} |")
        if model != "gemm":
            sums[(model, t)][0].append(o)
            sums[(model, t)][1].append(p)
    print()
    print("| model layers | threads | ours total ms | PyTorch total ms | ours/PyTorch |")
    print("|---|---|---|---|---|")
    for (model, t), (os_, ps) in sorted(sums.items()):
        rounds = min(min(len(x) for x in os_), min(len(x) for x in ps))
        tot_o = [sum(x[i]["ms"] for x in os_) for i in range(rounds)]
        tot_p = [sum(x[i]["ms"] for x in ps) for i in range(rounds)]
        ratio = statistics.median(tot_p[i] / tot_o[i] for i in range(rounds))
        print(f"| {model} (all passes) | {t} | {statistics.median(tot_o):.1f} | {statistics.median(tot_p):.1f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()
