#!/usr/bin/env python3
"""Plain-Python reference for `scripts/benchmark read`: reads the same files as
io.robustunit.bench.ReadBenchmark without numpy or PIL (what a script without dependencies does)
and prints images/s per format. Every reader produces what RobustUnit's do: float pixels in [0, 1]
(a flat list per image, channel-major) and an int label per image.

    python3 sample-tests/tools/read_reference_benchmark.py --dir /tmp/robustunit-read --repeats 3
"""
import argparse
import ast
import os
import struct
import time
import zipfile
import zlib

SCALE = [v / 255.0 for v in range(256)]


def read_idx(folder):
    with open(os.path.join(folder, "t10k-images-idx3-ubyte"), "rb") as f:
        data = f.read()
    _, n, h, w = struct.unpack(">iiii", data[:16])
    with open(os.path.join(folder, "t10k-labels-idx1-ubyte"), "rb") as f:
        labels = list(f.read()[8:])
    size = h * w
    images = [[SCALE[b] for b in data[16 + i * size:16 + (i + 1) * size]] for i in range(n)]
    return images, labels


def read_cifar(path):
    with open(path, "rb") as f:
        data = f.read()
    n = len(data) // 3073
    labels = [data[i * 3073] for i in range(n)]
    images = [[SCALE[b] for b in data[i * 3073 + 1:(i + 1) * 3073]] for i in range(n)]
    return images, labels


def parse_npy(blob):
    header_len = struct.unpack("<H", blob[8:10])[0]
    header = ast.literal_eval(blob[10:10 + header_len].decode("latin1"))
    return header, blob[10 + header_len:]


def images_and_labels(xblob, yblob):
    xh, xdata = parse_npy(xblob)
    yh, ydata = parse_npy(yblob)
    n = xh["shape"][0]
    size = len(xdata) // n
    images = [[SCALE[b] for b in xdata[i * size:(i + 1) * size]] for i in range(n)]
    labels = list(struct.unpack("<%dq" % yh["shape"][0], ydata))
    return images, labels


def read_npy(folder):
    with open(os.path.join(folder, "x_test.npy"), "rb") as f:
        x = f.read()
    with open(os.path.join(folder, "y_test.npy"), "rb") as f:
        y = f.read()
    return images_and_labels(x, y)


def read_npz(path):
    with zipfile.ZipFile(path) as z:
        return images_and_labels(z.read("x.npy"), z.read("y.npy"))


def decode_png(path):
    """8-bit grey or RGB, non-interlaced PNG to channel-major floats (what ImageIO + RobustUnit do)."""
    with open(path, "rb") as f:
        data = f.read()
    pos = 8
    idat = []
    width = height = colour = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat.append(chunk)
        elif kind == b"IEND":
            break
        pos += 12 + length
    raw = zlib.decompress(b"".join(idat))
    bpp = 3 if colour == 2 else 1
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 0xFF
            elif ftype == 2:
                line[x] = (line[x] + b) & 0xFF
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 0xFF
        rows.append(line)
        prev = line
    if bpp == 1:
        return [SCALE[v] for row in rows for v in row]
    return [SCALE[row[x * 3 + ch]] for ch in range(3) for row in rows for x in range(width)]


def read_folder(root):
    classes = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    images, labels = [], []
    for label, cls in enumerate(classes):
        for name in sorted(os.listdir(os.path.join(root, cls))):
            images.append(decode_png(os.path.join(root, cls, name)))
            labels.append(label)
    return images, labels


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", default="/tmp/robustunit-read")
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    d = a.dir
    cases = [
        ("IDX (1x28x28)", lambda: read_idx(os.path.join(d, "idx"))),
        ("image folder, grey PNG 28x28", lambda: read_folder(os.path.join(d, "png-grey"))),
        ("image folder, RGB PNG 32x32", lambda: read_folder(os.path.join(d, "png-rgb"))),
        ("CIFAR-10 binary (3x32x32)", lambda: read_cifar(os.path.join(d, "cifar10", "test_batch.bin"))),
        ("NPY uint8 (1x28x28)", lambda: read_npy(os.path.join(d, "npy"))),
        ("NPZ uint8 (1x28x28)", lambda: read_npz(os.path.join(d, "fashion.npz"))),
    ]
    print("plain Python reader reference (no numpy, no PIL), best of %d" % a.repeats)
    for label, read in cases:
        best = float("inf")
        for _ in range(a.repeats):
            t0 = time.perf_counter()
            images, labels = read()
            best = min(best, time.perf_counter() - t0)
        print("%-28s %8.0f images/s  (%d images in %.3f s)" % (label, len(images) / best, len(images), best))


if __name__ == "__main__":
    main()
