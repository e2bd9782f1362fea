#!/usr/bin/env python3
"""Makes data/candels/cosmos_3dhst.v4.1_structure_good.txt from the 3D-HST v4.1 COSMOS
catalogues (van der Wel et al. 2014 GALFIT fits in F160W and F125W; FAST stellar-population
fits): only objects with a good F160W fit (f == 0), only the columns the simulator needs, joined
on the 3D-HST id. The full files are 11.7 MB; the subset keeps the repository small.

Usage: make_subset.py SOURCE_DIR OUTPUT_FILE
"""
import sys


def read(path):
    header, rows = None, []
    with open(path) as f:
        for line in f:
            if line.startswith('#'):
                tokens = line[1:].split()
                if len(tokens) > 1 and not rows:
                    header = tokens
                continue
            if line.strip():
                rows.append(line.split())
    return header, rows


def main(src, out):
    h160, r160 = read(f'{src}/cosmos_3dhst.v4.1_f160w.galfit')
    h125, r125 = read(f'{src}/cosmos_3dhst.v4.1_f125w.galfit')
    hfast, rfast = read(f'{src}/cosmos_3dhst.v4.1.fout')
    i160 = {name: i for i, name in enumerate(h160)}
    i125 = {name: i for i, name in enumerate(h125)}
    ifast = {name: i for i, name in enumerate(hfast)}
    by125 = {r[i125['NUMBER']]: r for r in r125}
    byfast = {r[ifast['id']]: r for r in rfast}
    cols = ['id', 'ra', 'dec', 'mag_f160w', 're_f160w', 'n_f160w', 'q_f160w', 'pa_f160w',
            'f_f125w', 'mag_f125w', 're_f125w', 'n_f125w', 'q_f125w', 'pa_f125w', 'z', 'lmass', 'lssfr', 'av']
    kept = 0
    with open(out, 'w') as f:
        f.write('# 3D-HST v4.1 COSMOS: van der Wel et al. (2014) GALFIT structural parameters for objects with a good\n')
        f.write('# F160W fit (flag f == 0), joined on id with the F125W fits and the FAST photometric-redshift table.\n')
        f.write('# Made by tools/candels/make_subset.py; see data/candels/PROVENANCE.md. re in arcsec (semi-major),\n')
        f.write('# pa in degrees (0 = North, 90 = East), mag AB; F125W values -999 where absent; f_f125w = F125W flag.\n')
        f.write('# ' + ' '.join(cols) + '\n')
        for r in r160:
            if r[i160['f']] != '0':
                continue
            ident = r[i160['NUMBER']]
            j = by125.get(ident)
            fa = byfast.get(ident)
            if fa is None:
                continue
            g = lambda name: r[i160[name]]
            j125 = (lambda name: j[i125[name]]) if j else (lambda name: '-999')
            values = [ident, g('RA'), g('DEC'), g('mag'), g('re'), g('n'), g('q'), g('pa'),
                      j125('f') if j else '3', j125('mag'), j125('re'), j125('n'), j125('q'), j125('pa'),
                      fa[ifast['z']], fa[ifast['lmass']], fa[ifast['lssfr']], fa[ifast['Av']]]
            f.write(' '.join(values) + '\n')
            kept += 1
    print(f'{kept} objects written to {out}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
