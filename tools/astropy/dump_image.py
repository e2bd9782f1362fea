#!/usr/bin/python3
"""Writes what astropy reads from one image HDU as raw little-endian float64 (x fastest).
Usage: dump_image.py FILE.fits HDU OUT.bin ; prints the shape (NAXIS1 NAXIS2 ...) as JSON."""
import json, sys
import numpy as np
from astropy.io import fits

with fits.open(sys.argv[1]) as f:
    d = np.asarray(f[int(sys.argv[2])].data, dtype='<f8')
d.tofile(sys.argv[3])
print(json.dumps(list(d.shape[::-1])))
