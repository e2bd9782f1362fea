#!/usr/bin/python3
"""Opens a FITS file (written by Galforge) with astropy and prints, as JSON, what astropy sees:
every HDU's name, type, header cards, image shape and values (or table columns and values).
Used by the C# tests to check that files we write open in astropy with the values we wrote.
Usage: read_with_astropy.py FILE.fits
"""
import json, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.utils.exceptions import AstropyWarning


def clean(v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if v != v else float(v)
    if isinstance(v, fits.card.Undefined):
        return None
    return v


def values(a):
    return [None if (x != x) else x for x in np.asarray(a, dtype=np.float64).ravel().tolist()]


warnings.simplefilter('error', AstropyWarning)  # any complaint from astropy fails the check
out = []
with fits.open(sys.argv[1]) as f:
    f.verify('exception')
    for h in f:
        d = {'name': h.name, 'type': type(h).__name__,
             'cards': [{'keyword': c.keyword, 'value': clean(c.value), 'comment': c.comment} for c in h.header.cards]}
        if isinstance(h, (fits.PrimaryHDU, fits.ImageHDU, fits.CompImageHDU)) and h.data is not None:
            d['shape'] = list(h.data.shape[::-1])
            d['values'] = values(h.data)
        elif isinstance(h, fits.BinTableHDU):
            cols = {}
            for c in h.columns:
                v = h.data[c.name]
                if c.format.endswith('A'):
                    cols[c.name] = [str(s) for s in v]
                elif c.format.endswith('K'):
                    cols[c.name] = [int(x) for x in np.asarray(v).ravel()]
                else:
                    cols[c.name] = values(v)
            d['columns'] = cols
            d['rows'] = len(h.data)
        out.append(d)
print(json.dumps(out))
