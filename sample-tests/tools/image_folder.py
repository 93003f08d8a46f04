"""Read a PNG class-folder data set (root/<class>/<file>.png) without PIL, for the reference benchmarks.

Not a script; imported by the other tools. Classes are the sub-folders sorted by name (index = position),
files sorted by name within a class, as RobustUnit's ImageFolderReader and torchvision's ImageFolder do.
Decodes 8-bit, non-interlaced greyscale / RGB / RGBA PNGs (all five row filters); anything else is
refused with the file named.
"""
import os
import struct
import zlib

import numpy as np


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def read_png(path):
    """uint8 array [C, H, W] of one PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"{path}: only 8-bit non-interlaced grey/RGB/RGBA PNGs are supported")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = np.zeros((height, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int32)
    for r in range(height):
        kind = raw[r * (stride + 1)]
        line = np.frombuffer(raw, dtype=np.uint8, count=stride, offset=r * (stride + 1) + 1).astype(np.int32)
        if kind == 0:
            cur = line
        elif kind == 2:
            cur = (line + prev) & 0xFF
        else:
            cur = np.zeros(stride, dtype=np.int32)
            for i in range(stride):
                left = cur[i - channels] if i >= channels else 0
                up = prev[i]
                if kind == 1:
                    cur[i] = (line[i] + left) & 0xFF
                elif kind == 3:
                    cur[i] = (line[i] + ((left + up) >> 1)) & 0xFF
                else:
                    ul = prev[i - channels] if i >= channels else 0
                    cur[i] = (line[i] + _paeth(left, up, ul)) & 0xFF
        out[r] = cur
        prev = cur
    img = out.reshape(height, width, channels).transpose(2, 0, 1)
    return img[:3] if channels == 4 else img


def load_image_folder(root, limit=None):
    """(float32 [N, C, H, W] in [0, 1], int64 labels [N], class names) of a class-folder data set."""
    classes = sorted(d for d in os.listdir(root)
                     if os.path.isdir(os.path.join(root, d)) and not d.startswith("."))
    images, labels = [], []
    for index, name in enumerate(classes):
        folder = os.path.join(root, name)
        for file in sorted(os.listdir(folder)):
            if file.lower().endswith(".png"):
                images.append(read_png(os.path.join(folder, file)))
                labels.append(index)
    x = np.stack(images).astype(np.float32) / 255.0
    y = np.array(labels, dtype=np.int64)
    if limit is not None:
        x, y = x[:limit], y[:limit]
    return x, y, classes
