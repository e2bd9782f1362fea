"""Minimal safetensors reading and writing with nothing but json, struct and hashlib (numpy optional).

Format: 8-byte little-endian header length N, N bytes of UTF-8 JSON
{name: {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {str: str}},
then the raw little-endian data; offsets are relative to the end of the header.
"""
import hashlib, json, struct

_SIZES = {"F32": 4, "F64": 8, "I64": 8, "I32": 4, "F16": 2}
_FORMATS = {"F32": "f", "F64": "d", "I64": "q", "I32": "i", "F16": "e"}


def read(path):
    """Returns (tensors, metadata): tensors maps name -> (dtype, shape, flat list of values)."""
    with open(path, "rb") as f:
        raw = f.read()
    if len(raw) < 8:
        raise ValueError(f"{path}: shorter than the 8-byte header length")
    (n,) = struct.unpack("<Q", raw[:8])
    if 8 + n > len(raw):
        raise ValueError(f"{path}: header length {n} beyond the end of the file")
    header = json.loads(raw[8:8 + n].decode("utf-8"))
    data = raw[8 + n:]
    meta = header.pop("__metadata__", {})
    if "sha256" in meta and hashlib.sha256(data).hexdigest() != meta["sha256"]:
        raise ValueError(f"{path}: data checksum mismatch")
    tensors = {}
    for name, e in header.items():
        b, end = e["data_offsets"]
        count = 1
        for d in e["shape"]:
            count *= d
        if end - b != count * _SIZES[e["dtype"]] or end > len(data):
            raise ValueError(f"{path}: tensor {name}: bad data_offsets")
        values = list(struct.unpack("<%d%s" % (count, _FORMATS[e["dtype"]]), data[b:end]))
        tensors[name] = (e["dtype"], list(e["shape"]), values)
    return tensors, meta


def write(path, tensors, metadata=None):
    """tensors: dict name -> (shape, flat list of floats); written as F32 in the given order."""
    header, blobs, offset = {}, [], 0
    for name, (shape, values) in tensors.items():
        blob = struct.pack("<%df" % len(values), *values)
        header[name] = {"dtype": "F32", "shape": list(shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    data = b"".join(blobs)
    meta = dict(metadata or {})
    meta["sha256"] = hashlib.sha256(data).hexdigest()
    header = {"__metadata__": meta, **header}
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        f.write(data)
