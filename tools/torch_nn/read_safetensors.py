#!/usr/bin/env python3
"""Reads a safetensors file with nothing but json + struct (+ numpy) and prints it as JSON.

    python3 tools/torch_nn/read_safetensors.py FILE
prints {"metadata": {...}, "tensors": {name: {"dtype", "shape", "values", "sum"}}}; the tests
use it to check that a checkpoint written by Galforge is readable outside Galforge.
"""
import json, os, sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

tensors, meta = safetensors_io.read(sys.argv[1])
out = {"metadata": meta, "tensors": {}}
for name, (dtype, shape, values) in tensors.items():
    a = np.asarray(values, dtype=np.float32).reshape(shape)
    out["tensors"][name] = {"dtype": dtype, "shape": shape, "values": [float(v) for v in a.ravel()],
                            "sum": float(a.astype(np.float64).sum())}
print(json.dumps(out))
