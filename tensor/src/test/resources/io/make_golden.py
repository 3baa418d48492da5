#!/usr/bin/python3
"""Regenerates the golden files for io.vecgrad.tensor.io tests (run from this directory).

NPY/NPZ files come from numpy itself; the safetensors file is written with plain struct/json
following the published format (8-byte little-endian header length, compact JSON header
padded with spaces to 8 bytes, then the data buffer), because torch 1.13 has no safetensors.
The Java tests byte-compare what vecgrad writes against these and read them back.
"""
import json
import struct

import numpy as np


def arrays():
    return {
        "f32": (np.arange(6, dtype="<f4").reshape(2, 3) - 2.5) / 3,
        "f64": np.linspace(-1.0, 2.0, 5, dtype="<f8"),
        "i32": np.array([[-7, 0], [3, 2147483647]], dtype="<i4"),
        "i64": np.array([-(2 ** 40), 1, 2 ** 62], dtype="<i8"),
        "b1": np.array([True, False, True, True], dtype="|b1"),
        "scalar": np.array(3.25, dtype="<f8"),
        "empty": np.zeros((0, 4), dtype="<f4"),
        "cube": np.arange(24, dtype="<i8").reshape(2, 3, 4),
    }


def safetensors_bytes(tensors, metadata):
    codes = {"<f4": "F32", "<f8": "F64", "<i4": "I32", "<i8": "I64", "|b1": "BOOL"}
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, a in tensors.items():
        blob = np.ascontiguousarray(a).tobytes()
        header[name] = {"dtype": codes[a.dtype.str], "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def main():
    a = arrays()
    for name, x in a.items():
        np.save(name + ".npy", x)
    np.save("fortran.npy", np.asfortranarray(a["cube"]))
    np.savez("stored.npz", **a)
    np.savez_compressed("deflated.npz", **a)
    with open("golden.safetensors", "wb") as f:
        f.write(safetensors_bytes(a, {"format": "pt", "note": "vecgrad golden"}))


if __name__ == "__main__":
    main()
