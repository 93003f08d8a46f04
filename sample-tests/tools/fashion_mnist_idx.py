"""Shared helpers for the sample-test tools: Fashion-MNIST IDX (gzip) I/O and paths.

Not a script; imported by the other tools in this directory (which put their own
directory on sys.path simply by being run as ``/usr/bin/python3 sample-tests/tools/<tool>.py``).
IDX format: big-endian magic (0x00000803 images, 0x00000801 labels), then one big-endian
uint32 per dimension, then the raw uint8 data.
"""
import gzip
import os
import struct
import sys

import numpy as np

TOOLS_DIR = os.path.dirname(os.path.abspath(__file__))
RESOURCES_DIR = os.path.normpath(os.path.join(TOOLS_DIR, "..", "src", "test", "resources"))
MODELS_DIR = os.path.join(RESOURCES_DIR, "models")
SUBSET_DIR = os.path.join(RESOURCES_DIR, "fashion-mnist-1000")
SYSTEM_DATA_DIR = "/usr/share/datasets/fashion-mnist"
DEFAULT_MODEL = os.path.join(MODELS_DIR, "fashion-mnist-natural.pt")

IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801


def read_idx(path, magic):
    """Return the uint8 array stored in one IDX gzip file, checking its magic number."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    (found,) = struct.unpack(">I", data[:4])
    if found != magic:
        raise ValueError(f"{path}: magic 0x{found:08x}, expected 0x{magic:08x}")
    ndim = found & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: {arr.size} bytes of data for dims {dims}")
    return arr.reshape(dims)


def write_idx(path, arr, magic):
    """Write a uint8 array as a byte-reproducible IDX gzip file (gzip mtime=0, no file name)."""
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    tmp = path + ".tmp"
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(header + arr.tobytes())
    os.replace(tmp, path)


def load_split(data_dir, split, limit=None):
    """Load ('train' | 't10k') images as float32 [N,1,28,28] in [0,1] and int64 labels [N]."""
    import torch

    files = [os.path.join(data_dir, f"{split}-{kind}-ubyte.gz") for kind in ("images-idx3", "labels-idx1")]
    missing = [p for p in files if not os.path.isfile(p)]
    if missing:
        sys.exit(f"error: Fashion-MNIST file(s) not found: {', '.join(missing)}\n"
                 f"Install them with `apt-get install dataset-fashion-mnist` (puts them in "
                 f"{SYSTEM_DATA_DIR}) or pass --data DIR.")
    images = read_idx(files[0], IMAGES_MAGIC)[:limit]
    labels = read_idx(files[1], LABELS_MAGIC)[:limit]
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    y = torch.from_numpy(labels.astype(np.int64))
    return x, y
