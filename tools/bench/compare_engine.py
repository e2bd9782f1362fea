#!/usr/bin/env python3
"""Side-by-side speed comparison of Galforge's engine and PyTorch on the four reference workloads.

Runs `galforge bench engine --threads T` and `torch_ref.py --threads T --json` alternately,
for several rounds and for 1 and 2 threads, and prints the median ratio ours / PyTorch of images
per second per workload and thread count, the managed memory our engine allocated per training
step or inference batch, and the peak resident memory of each process. Only
ratios measured this way, in one run on one machine, mean anything on shared machines.

    python3 tools/bench/compare_engine.py [--rounds 3] [--threads 1,2] [--only vae_train_64x64x4]
"""
import argparse, json, os, statistics, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))

p = argparse.ArgumentParser()
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--threads", default="1,2")
p.add_argument("--only", default="")
p.add_argument("--python", default="/usr/bin/python3")
a = p.parse_args()


def run_measured(cmd, env=None):
    # Popen + wait4 gives the child's own peak RSS (ru_maxrss in KiB on Linux).
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=root, text=True)
    out = proc.stdout.read(); err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}):\n{err}")
    rows = [json.loads(l) for l in out.splitlines() if l.startswith("{")]
    return rows, usage.ru_maxrss / 1024.0


# Build once so build time never lands inside a measurement.
subprocess.run([os.path.join(root, "galforge"), "--version"], check=True, cwd=root, stdout=subprocess.DEVNULL)
ratios, mem, alloc = {}, {}, {}
for t in [int(x) for x in a.threads.split(",")]:
    for r in range(a.rounds):
        only = ["--only", a.only] if a.only else []
        ours, rss_ours = run_measured([os.path.join(root, "galforge"), "bench", "engine", "--threads", str(t), "--json"] +
                                      (["--workload", a.only] if a.only else []))
        torch, rss_torch = run_measured([a.python, os.path.join(here, "torch_ref.py"), "--threads", str(t), "--json"] + only)
        tv = {x["workload"]: x["images_per_s"] for x in torch}
        for x in ours:
            w = x["workload"]
            if w in tv:
                ratios.setdefault((w, t), []).append(x["images_per_s"] / tv[w])
                if "allocated_mib_per_call" in x:
                    alloc.setdefault((w, t), []).append(x["allocated_mib_per_call"])
                print(f"round {r + 1} threads {t} {w}: ours {x['images_per_s']:.1f} torch {tv[w]:.1f} images/s", flush=True)
        mem.setdefault(t, []).append((rss_ours, rss_torch))

print("\nmedian ratio ours/pytorch (images per second; >= 1 means we are at least as fast)")
for (w, t), v in sorted(ratios.items()):
    row = {"workload": w, "threads": t, "median_ratio": round(statistics.median(v), 3), "rounds": len(v)}
    if (w, t) in alloc:
        row["ours_allocated_mib_per_call"] = statistics.median(alloc[(w, t)])
    print(json.dumps(row))
for t, v in sorted(mem.items()):
    print(json.dumps({"threads": t, "peak_rss_mib_ours": round(max(x[0] for x in v)), "peak_rss_mib_pytorch": round(max(x[1] for x in v))}))
