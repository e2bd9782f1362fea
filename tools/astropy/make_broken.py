#!/usr/bin/python3
"""Writes a corpus of broken FITS files into tests/data/fits/broken/ (plain bytes, no astropy
needed) and expected.json: for each file, the fragments our one-line error must contain.
Usage: /usr/bin/python3 tools/astropy/make_broken.py
"""
import json, os, struct

root = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
out = os.path.join(root, 'tests', 'data', 'fits', 'broken')
os.makedirs(out, exist_ok=True)


def card(text):
    return text.ljust(80)[:80].encode('ascii')


def header(cards, end=True):
    b = b''.join(card(c) for c in cards)
    if end:
        b += card('END')
    return b + b' ' * ((-len(b)) % 2880)


def image_header(bitpix, *axes, extra=()):
    cs = ['SIMPLE  =                    T', f'BITPIX  = {bitpix:>20}', f'NAXIS   = {len(axes):>20}']
    cs += [f'NAXIS{i + 1:<3}= {a:>20}' for i, a in enumerate(axes)]
    return cs + list(extra)


def pad(data):
    return data + b'\0' * ((-len(data)) % 2880)


files = {}
ok_data = pad(struct.pack('>16f', *range(16)))

files['truncated_header.fits'] = (header(image_header(-32, 4, 4))[:1000], ['HDU 0', 'truncated header', 'END'])
files['no_end.fits'] = (header(image_header(-32, 4, 4), end=False), ['HDU 0', 'no END card'])
files['bad_bitpix.fits'] = (header(image_header(12, 4, 4)) + ok_data, ['HDU 0', 'BITPIX = 12', 'expected 8, 16, 32, 64, -32 or -64'])
files['naxis_data_mismatch.fits'] = (header(image_header(-32, 100, 100)) + ok_data, ['HDU 0', 'truncated', 'NAXISn', '40000 data bytes'])
files['truncated_data.fits'] = ((header(image_header(-32, 4, 4)) + ok_data)[:2880 + 40], ['HDU 0', 'truncated', '64 data bytes'])
files['not_fits.fits'] = (b'hello, this is not a FITS file\n' * 100, ['not a FITS file', 'SIMPLE'])
files['empty.fits'] = (b'', ['empty file'])
files['bad_value.fits'] = (header(image_header(-32, 4, 4, extra=['EXPTIME = 12.5.3 / broken number'])) + ok_data, ['HDU 0', 'EXPTIME', "'12.5.3'", 'expected T, F, a number or a quoted string'])
files['unterminated_string.fits'] = (header(image_header(-32, 4, 4, extra=["OBJECT  = 'NGC 1234"])) + ok_data, ['HDU 0', 'OBJECT', 'closing quote'])
files['missing_naxis2.fits'] = (header(['SIMPLE  =                    T', 'BITPIX  =                  -32', 'NAXIS   =                    2', 'NAXIS1  =                    4']) + ok_data, ['HDU 0', 'NAXIS2', 'missing'])
files['naxis_not_integer.fits'] = (header(image_header(-32, 4, 4)[:3] + ["NAXIS1  = 'four'", 'NAXIS2  =                    4']) + ok_data, ['HDU 0', 'NAXIS1', 'expected an integer'])


def table(tforms, naxis1, rows=2, row_bytes=None):
    cs = ['SIMPLE  =                    T', 'BITPIX  =                    8', 'NAXIS   =                    0', 'EXTEND  =                    T']
    prim = header(cs)
    ts = ["XTENSION= 'BINTABLE'", 'BITPIX  =                    8', 'NAXIS   =                    2',
          f'NAXIS1  = {naxis1:>20}', f'NAXIS2  = {rows:>20}', 'PCOUNT  =                    0', 'GCOUNT  =                    1',
          f'TFIELDS = {len(tforms):>20}']
    for i, (name, form) in enumerate(tforms):
        ts += [f"TTYPE{i + 1:<3}= '{name}'", f"TFORM{i + 1:<3}= '{form}'"]
    ts += ["EXTNAME = 'CAT     '"]
    return prim + header(ts) + pad(b'\1' * (naxis1 * rows))


files['unknown_tform.fits'] = (table([('ID', 'J'), ('WEIRD', '2Z')], 6), ['HDU 1', "'CAT'", "column 2 'WEIRD'", "TFORM2 = '2Z'", 'expected rT'])
files['tform_width_mismatch.fits'] = (table([('ID', 'J'), ('MAG', 'D')], 16), ['HDU 1', 'TFORMs add up to 12 bytes per row', 'NAXIS1 = 16'])
files['missing_tform.fits'] = (table([('ID', 'J')], 4).replace(b"TFORM1  = 'J'", b"TXORM1  = 'J'"), ['HDU 1', "column 1 'ID'", 'TFORM1 is missing'])

expected = {}
for name, (data, fragments) in files.items():
    with open(os.path.join(out, name), 'wb') as fh:
        fh.write(data)
    expected[name] = fragments
with open(os.path.join(out, 'expected.json'), 'w') as fh:
    json.dump(expected, fh, indent=1)
print('wrote', len(files), 'broken files to', out)
