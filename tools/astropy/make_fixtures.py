#!/usr/bin/python3
"""Writes small FITS files of every kind Galforge reads into tests/data/fits/, with astropy,
plus expected.json holding what astropy reads back from each. Run: /usr/bin/python3 tools/astropy/make_fixtures.py

The C# tests (tests/Galforge.Astro.Tests/Fits) read the same files and must match expected.json.
Values are deterministic (numpy seed 20260101); rerunning rewrites identical data.
"""
import json, os, sys
import numpy as np
from astropy.io import fits

root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
out = os.path.join(root, 'tests', 'data', 'fits')
shared = os.environ.get('GALFORGE_SHARED_DATA') or os.path.join(root, '..', 'shared', 'data')
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20260101)
expected = {}


def nan_list(a):
    return [None if (isinstance(v, float) and v != v) else v for v in np.asarray(a, dtype=np.float64).ravel().tolist()]


def save(name, hdul, describe):
    path = os.path.join(out, name)
    hdul.writeto(path, overwrite=True, checksum=False)
    with fits.open(path) as f:
        expected[name] = describe(f)


def image_info(hdu):
    d = hdu.data
    return {'shape': list(d.shape[::-1]), 'values': nan_list(d)}


# ---- plain images of every BITPIX, BZERO/BSCALE, 1 to 4 axes
shape = (5, 7)  # numpy (rows, cols) = NAXIS2 5, NAXIS1 7
imgs = {
    'img_u8.fits': rng.integers(0, 256, shape).astype(np.uint8),
    'img_i16.fits': rng.integers(-32768, 32767, shape).astype(np.int16),
    'img_u16.fits': rng.integers(0, 65535, shape).astype(np.uint16),
    'img_i32.fits': rng.integers(-2**31, 2**31 - 1, shape).astype(np.int32),
    'img_i64.fits': rng.integers(-2**40, 2**40, shape).astype(np.int64),
    'img_f32.fits': rng.normal(0, 1, shape).astype(np.float32),
    'img_f64.fits': rng.normal(0, 1e5, shape).astype(np.float64),
}
imgs['img_f32.fits'][1, 2] = np.nan
for name, data in imgs.items():
    save(name, fits.HDUList([fits.PrimaryHDU(data)]), lambda f: {**image_info(f[0]), 'bitpix': f[0].header['BITPIX'], 'bzero': f[0].header.get('BZERO', 0)})

# Scaled 16-bit with BSCALE/BZERO and BLANK (physical = raw * 0.5 + 100).
raw = rng.integers(-1000, 1000, shape).astype(np.int16)
raw[0, 0] = -32768
h = fits.PrimaryHDU(raw)
h.header['BSCALE'] = 0.5
h.header['BZERO'] = 100.0
h.header['BLANK'] = -32768
path = os.path.join(out, 'img_scaled.fits')
h.writeto(path, overwrite=True)
with fits.open(path) as f:
    expected['img_scaled.fits'] = image_info(f[0])

cube = rng.normal(0, 1, (3, 4, 5)).astype(np.float32)          # NAXIS 3
hyper = rng.normal(0, 1, (2, 3, 4, 5)).astype(np.float32)      # NAXIS 4
save('cube3.fits', fits.HDUList([fits.PrimaryHDU(cube)]), lambda f: image_info(f[0]))
save('cube4.fits', fits.HDUList([fits.PrimaryHDU(hyper)]), lambda f: image_info(f[0]))

# ---- multi-HDU with EXTNAME
prim = fits.PrimaryHDU()
e1 = fits.ImageHDU(rng.normal(0, 1, (4, 6)).astype(np.float32), name='SCI')
e2 = fits.ImageHDU(rng.integers(0, 100, (4, 6)).astype(np.int16), name='DQ')
e3 = fits.ImageHDU(rng.normal(0, 1, (3, 3)).astype(np.float64), name='PSF')
save('multi.fits', fits.HDUList([prim, e1, e2, e3]),
     lambda f: {'names': [h.name for h in f], 'SCI': image_info(f['SCI']), 'DQ': image_info(f['DQ']), 'PSF': image_info(f['PSF'])})

# ---- header with every card kind
h = fits.PrimaryHDU(np.zeros((2, 2), dtype=np.float32))
hdr = h.header
hdr['LOGT'] = (True, 'a true value')
hdr['LOGF'] = (False, 'a false value')
hdr['INTPOS'] = (123456789012, 'a large integer')
hdr['INTNEG'] = (-42, '')
hdr['FLOAT1'] = (3.141592653589793, '[rad] pi with a unit')
hdr['FLOAT2'] = (-1.5e-300, 'tiny')
hdr['FLOAT3'] = (6.02214076e23, 'Avogadro')
hdr['STR1'] = ("O'Brien's galaxy", 'quotes escaped')
hdr['STR2'] = ('', 'empty string')
hdr['STR3'] = ('  leading blanks', None)
hdr['LONGSTR'] = ('This is a long string value that does not fit on one card and so astropy writes it with the CONTINUE convention across several cards, ending here.', 'long one')
hdr['UNDEF'] = (None, 'undefined value')
hdr['COMMENT'] = 'first comment card'
hdr['COMMENT'] = 'second comment card'
hdr['HISTORY'] = 'made by tools/astropy/make_fixtures.py'
hdr.append(fits.Card('', 'blank keyword text'), end=True)
hdr['PIXSCALE'] = (0.03, '[arcsec/pixel] pixel scale')


def header_info(f):
    hh = f[0].header
    cards = []
    for c in hh.cards:
        if c.keyword in ('SIMPLE', 'BITPIX', 'NAXIS', 'NAXIS1', 'NAXIS2', 'EXTEND'):
            continue
        v = c.value
        if isinstance(v, fits.card.Undefined):
            v = None
        kind = 'commentary' if c.keyword in ('COMMENT', 'HISTORY', '') else type(v).__name__
        cards.append({'keyword': c.keyword, 'value': v if not isinstance(v, bool) else bool(v), 'comment': c.comment, 'kind': kind})
    return {'cards': cards}


save('header_cards.fits', fits.HDUList([h]), header_info)

# ---- binary table with every TFORM we support
n = 6
cols = [
    fits.Column(name='FLAG', format='L', array=np.array([True, False, True, True, False, True])),
    fits.Column(name='BYTE', format='B', array=np.arange(n, dtype=np.uint8) * 40),
    fits.Column(name='SHORT', format='I', array=np.arange(n, dtype=np.int16) * -1000),
    fits.Column(name='USHORT', format='I', bzero=32768, array=np.array([0, 1, 40000, 65535, 32768, 7], dtype=np.uint16)),
    fits.Column(name='INT', format='J', null=-999, array=np.array([1, -999, 3, 2**31 - 1, -2**31, 0], dtype=np.int32)),
    fits.Column(name='LONG', format='K', array=np.array([2**62, -2**62, 0, 1, -1, 123456789012345], dtype=np.int64)),
    fits.Column(name='FLT', format='E', unit='mag', array=np.array([1.5, np.nan, -2.25, 1e30, 0, 3.3], dtype=np.float32)),
    fits.Column(name='DBL', format='D', unit='arcsec', array=np.array([np.pi, -np.e, 1e-300, 0, 5, np.nan])),
    fits.Column(name='NAME', format='12A', array=np.array(['gal_1', "O'Brien", '', 'twelve chars', 'x', 'z z'])),
    fits.Column(name='SERSICFIT', format='8D', array=rng.normal(0, 1, (n, 8))),
    fits.Column(name='BULGEFIT', format='16D', array=rng.normal(0, 1, (n, 16))),
    fits.Column(name='SCALED', format='J', array=np.array([0, 1, 100, -50, -500, 500], dtype=np.int32)),
]
tab = fits.BinTableHDU.from_columns(cols, name='CATALOG')
# astropy 5.2 cannot write a scaled J column from physical values; write the raw integers and
# rename placeholder cards to TSCAL12/TZERO12 afterwards (same length, so offsets stay valid).
tab.header['XSCAL12'] = 0.01
tab.header['XZERO12'] = 5.0


def table_info(f):
    t = f['CATALOG'].data
    res = {'rows': len(t), 'columns': {}}
    for c in f['CATALOG'].columns:
        v = t[c.name]
        if c.format.endswith('A'):
            res['columns'][c.name] = {'format': c.format, 'strings': [str(s) for s in v]}
        elif c.format == 'L':
            res['columns'][c.name] = {'format': c.format, 'values': [1.0 if b else 0.0 for b in v]}
        elif c.name == 'INT':
            vals = [None if x == -999 else float(x) for x in np.asarray(v).tolist()]
            res['columns'][c.name] = {'format': c.format, 'values': vals}
        elif c.name == 'LONG':
            res['columns'][c.name] = {'format': c.format, 'ints': [int(x) for x in v]}
        else:
            res['columns'][c.name] = {'format': c.format, 'unit': c.unit, 'values': nan_list(v)}
    return res


fits.HDUList([fits.PrimaryHDU(), tab]).writeto(os.path.join(out, 'table.fits'), overwrite=True)
with open(os.path.join(out, 'table.fits'), 'r+b') as fh:
    b = fh.read().replace(b'XSCAL12 ', b'TSCAL12 ').replace(b'XZERO12 ', b'TZERO12 ')
    fh.seek(0)
    fh.write(b)
with fits.open(os.path.join(out, 'table.fits')) as f:
    expected['table.fits'] = table_info(f)

# ---- tile-compressed images: RICE_1 (dithered float, integer), GZIP_1, GZIP_2, HCOMPRESS_1
img = (rng.normal(100, 5, (40, 50)) + 200 * np.exp(-((np.arange(50)[None, :] - 25) ** 2 + (np.arange(40)[:, None] - 20) ** 2) / 30)).astype(np.float32)
img[3, 4] = np.nan
ints = rng.integers(0, 3000, (40, 50)).astype(np.int16)
variants = {
    'comp_rice_dither1.fits': (img, dict(compression_type='RICE_1', quantize_level=16, quantize_method=1, dither_seed=7)),
    'comp_rice_dither2.fits': (img, dict(compression_type='RICE_1', quantize_level=16, quantize_method=2, dither_seed=1119)),
    'comp_rice_nodither.fits': (img, dict(compression_type='RICE_1', quantize_level=16, quantize_method=-1)),
    'comp_rice_int16.fits': (ints, dict(compression_type='RICE_1')),
    'comp_gzip1.fits': (img, dict(compression_type='GZIP_1', quantize_level=16, quantize_method=1, dither_seed=3)),
    'comp_gzip2.fits': (img, dict(compression_type='GZIP_2', quantize_level=16, quantize_method=1, dither_seed=5)),
    'comp_gzip1_int16.fits': (ints, dict(compression_type='GZIP_1')),
    'comp_hcompress.fits': (img, dict(compression_type='HCOMPRESS_1', quantize_level=16, quantize_method=1, dither_seed=1119, hcomp_scale=2, tile_size=(50, 16)[::-1] if False else None)),
    'comp_hcompress_int16.fits': (ints, dict(compression_type='HCOMPRESS_1', hcomp_scale=0)),
}
for name, (data, kw) in variants.items():
    kw = {k: v for k, v in kw.items() if v is not None}
    if name == 'comp_hcompress.fits':
        kw['tile_size'] = [50, 16]  # FITS order (astropy 5): full width, 16 rows per tile, like the KiDS files
    hdu = fits.CompImageHDU(data, **kw)
    save(name, fits.HDUList([fits.PrimaryHDU(), hdu]), lambda f: image_info(f[1]))

# A real cut-out: KiDS g band (shared/data/kids-viking-9band, LGPL-3, ProFound), HCOMPRESS_1 as in the original file.
kids = os.path.join(shared, 'kids-viking-9band', 'g.fits')
if os.path.exists(kids):
    with fits.open(kids) as f:
        cut = f[1].data[1200:1296, 1100:1228].astype(np.float32)
    hdu = fits.CompImageHDU(cut, compression_type='HCOMPRESS_1', quantize_level=16, quantize_method=1, dither_seed=1119, hcomp_scale=2, tile_size=[128, 16])
    save('kids_g_cutout_hcompress.fits', fits.HDUList([fits.PrimaryHDU(), hdu]), lambda f: image_info(f[1]))

# Real three-band cut-outs of the same field (g, r, Ks: KiDS and VIKING), 200x200, RICE_1, for the field-detection tests.
for band in ('g', 'r', 'Ks'):
    src = os.path.join(shared, 'kids-viking-9band', '%s.fits' % band)
    if os.path.exists(src):
        with fits.open(src) as f:
            cut = f[1].data[1150:1350, 1050:1250].astype(np.float32)
        hdu = fits.CompImageHDU(cut, compression_type='RICE_1', quantize_level=16, quantize_method=1, dither_seed=42)
        hdu.header['COMMENT'] = 'KiDS/VIKING %s band, pixels [1050:1250, 1150:1350] of asgr/ProFound inst/extdata/MultiBand (LGPL-3)' % band
        fits.HDUList([fits.PrimaryHDU(), hdu]).writeto(os.path.join(out, 'field_%s.fits' % band), overwrite=True)

with open(os.path.join(out, 'expected.json'), 'w') as fh:
    json.dump(expected, fh, indent=None, separators=(',', ':'), allow_nan=False, default=str)
print('wrote', len(expected), 'fixtures to', out)

# ---- the shipped COSMOS sample (data/cosmos): what astropy reads from every galaxy and PSF HDU
cosmos = os.path.join(root, 'data', 'cosmos')
cat = fits.open(os.path.join(cosmos, 'real_galaxy_catalog_26_extension_example.fits'))[1].data
gal = fits.open(os.path.join(cosmos, 'real_galaxy_images_extension.fits'))
psf = fits.open(os.path.join(cosmos, 'real_galaxy_PSF_images_extension.fits'))
summary = []
for row in cat:
    g = gal[int(row['GAL_HDU'])].data
    p = psf[int(row['PSF_HDU'])].data
    summary.append({'ident': int(row['IDENT']), 'shape': list(g.shape[::-1]), 'sum': float(g.sum()), 'first': float(g.flat[0]),
                    'max': float(g.max()), 'psf_shape': list(p.shape[::-1]), 'psf_sum': float(p.sum())})
with open(os.path.join(out, 'cosmos_expected.json'), 'w') as fh:
    json.dump(summary, fh)
print('wrote cosmos_expected.json for', len(summary), 'galaxies')
