"""Turns a `galforge simulate` output folder into a Galforge dataset folder (docs/datasets.md).

Until `galforge ingest` reads simulator output, this bridges the two formats so that
`galforge train gan` can learn from the simulated multi-band set:
  stamps.fits (one N x H x W cube per band) -> IMAGES [N, B, H, W]
  psf.fits (one kernel per band)            -> PSF, the same kernel for every galaxy
  simulation.json sky_sigma per band         -> NOISE (sky sigma; the Poisson part is ignored)
  truth.csv                                  -> PARAMS, plus `mag` (= mag_ref), `half_light_radius`
                                                (= re_arcsec), `sersic_n`, `q` and `morph_class`:
                                                clumpy (clumps > 0), bulge (bulge_to_total >= 0.5), disk
Usage: /usr/bin/python3 tools/gan/sim_to_dataset.py SIM_FOLDER DATASET_FOLDER
"""
import csv, json, os, re, shutil, sys, tempfile
import numpy as np
from astropy.io import fits


def main(sim, out):
    meta = json.load(open(os.path.join(sim, "simulation.json")))
    bands = meta["bands"]
    names = [b["name"] for b in bands]
    with fits.open(os.path.join(sim, "stamps.fits")) as f:
        images = np.stack([f[n].data.astype(np.float32) for n in names], axis=1)   # N, B, H, W
    with fits.open(os.path.join(sim, "psf.fits")) as f:
        kernels = [f[n].data.astype(np.float32) for n in names]
    side = max(k.shape[0] for k in kernels)
    n = images.shape[0]
    psf = np.zeros((n, len(names), side, side), np.float32)
    for b, k in enumerate(kernels):
        o = (side - k.shape[0]) // 2
        psf[:, b, o:o + k.shape[0], o:o + k.shape[1]] = k
    sigma = np.array([float(re.search(r"sky_sigma=([0-9.eE+-]+)", b["noise"]).group(1)) for b in bands], np.float32)
    noise = np.tile(sigma, (n, 1))
    rows = list(csv.DictReader(open(os.path.join(sim, "truth.csv"))))
    cols = []
    for key in rows[0].keys():
        vals = [r[key] for r in rows]
        try:
            cols.append(fits.Column(name=key, format="D", array=np.array([float(v) for v in vals])))
        except ValueError:
            width = max(1, max(len(v) for v in vals))
            cols.append(fits.Column(name=key, format=f"{width}A", array=np.array(vals)))
    def num(k):
        return np.array([float(r[k]) for r in rows])
    cols.append(fits.Column(name="mag", format="D", unit="mag", array=num("mag_ref")))
    cols.append(fits.Column(name="half_light_radius", format="D", unit="arcsec", array=num("re_arcsec")))
    cols.append(fits.Column(name="sersic_n", format="D", array=num("n")))
    morph = np.where(num("clumps") > 0, "clumpy", np.where(num("bulge_to_total") >= 0.5, "bulge", "disk"))
    cols.append(fits.Column(name="morph_class", format="6A", array=morph))
    scale = meta["pixel_scale_arcsec"]
    primary = fits.PrimaryHDU()
    primary.header["ORIGIN"] = "galforge"
    primary.header["GFVERS"] = 1
    primary.header["NGAL"] = n
    primary.header["NBAND"] = len(names)
    primary.header["BANDS"] = ",".join(names)
    hdus = fits.HDUList([
        primary,
        fits.ImageHDU(images, name="IMAGES"),
        fits.ImageHDU(psf, name="PSF"),
        fits.ImageHDU(noise, name="NOISE"),
        fits.ImageHDU(np.zeros(images.shape, np.uint8), name="MASK"),
        fits.BinTableHDU.from_columns(cols, name="PARAMS"),
        fits.BinTableHDU.from_columns([
            fits.Column(name="NAME", format="8A", array=np.array(names)),
            fits.Column(name="PIXSCALE", format="D", array=np.full(len(names), scale)),
            fits.Column(name="ZEROPT", format="D", array=np.array([b["zero_point"] for b in bands])),
        ], name="BANDS"),
    ])
    sidecar = {
        "format": "galforge-dataset", "version": 1, "count": n,
        "image_shape": list(images.shape), "psf_shape": [side, side],
        "bands": [{"name": b["name"], "pixel_scale_arcsec": scale, "zero_point_ab": b["zero_point"]} for b in bands],
        "normalization": None,
        "mask_bits": {"bad": 1, "neighbour": 2, "missing_band": 4, "padded": 8},
        "provenance": {"source": f"galforge simulate ({meta.get('command', '')})", "licence": "generated",
                       "tool": "tools/gan/sim_to_dataset.py", "created": "", "seed": meta.get("seed"),
                       "settings": {"simulation": sim}, "counts": {"read": n, "kept": n}},
    }
    parent = os.path.dirname(os.path.abspath(out))
    tmp = tempfile.mkdtemp(dir=parent, prefix=".dataset-")
    try:
        hdus.writeto(os.path.join(tmp, "dataset.fits"))
        json.dump(sidecar, open(os.path.join(tmp, "dataset.json"), "w"), indent=2)
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    print(f"wrote {out}: {n} galaxies x {len(names)} bands {images.shape[2]}x{images.shape[3]}; classes",
          {c: int((morph == c).sum()) for c in ("disk", "bulge", "clumpy")})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
