"""Make the RGB sample family: data, model, TorchScript and ONNX exports, PNG evaluation images.

Run from the repository root (Debian's PyTorch 1.13 and python3-onnx live in /usr/bin/python3):

    /usr/bin/python3 sample-tests/tools/make_rgb_family.py

What a team that trains in PyTorch and ships to the JVM would have, derived deterministically from
Fashion-MNIST because no real RGB data set can be installed here:

* Data ("RGB Fashion"): every Fashion-MNIST image becomes a 3x32x32 RGB image. The garment (the
  grey level g in [0, 1]) is painted in a per-sample foreground colour over a per-sample background
  colour, ``pixel = background * (1 - g) + foreground * g``, and padded by 2 pixels of background
  on each side. Both colours come from a generator seeded by (split, index), so image i of a split
  is always the same. Pixels are quantised to uint8, so the PNG files hold the data exactly.
* Classes are folder names sorted by name, as torchvision's ImageFolder does (``ankle_boot`` = 0,
  ``bag`` = 1, ...): the model is trained with those indices, which differ from Fashion-MNIST's.
* Model: a small CNN (3 conv + 2 fc, ~156k parameters) WITH input normalisation inside it
  (per-channel mean and std of the training images, as buffers): it takes pixels / 255 in [0, 1],
  so epsilon stays in pixel space. Natural training, SGD with momentum, seeded, ~1-3 minutes on 2
  cores (torch.set_num_threads(2)).
* Exports: ``models/rgb-fashion.pt`` (torch.jit.script) and ``models/rgb-fashion.onnx``
  (torch.onnx.export, opset 13, dynamic batch axis) of the same weights, the ONNX file checked with
  onnx.checker (the Java tests check its logits against the TorchScript file's); ``models/rgb-fashion.json`` describes both.
* Evaluation images: ``rgb-fashion-300/<class>/<test index>.png``, the first 30 test images of
  each class (300 in all), RGB 8-bit PNG.
"""
import argparse
import hashlib
import json
import os
import shutil
import struct
import time
import zlib

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from fashion_mnist_idx import (IMAGES_MAGIC, LABELS_MAGIC, MODELS_DIR, RESOURCES_DIR,  # noqa: E402
                               SYSTEM_DATA_DIR, read_idx)

# Fashion-MNIST's classes in label order, as folder names.
FASHION_CLASSES = ["tshirt_top", "trouser", "pullover", "dress", "coat",
                   "sandal", "shirt", "sneaker", "bag", "ankle_boot"]
# The class index a folder-based loader gives: the position of the folder name in sorted order.
SORTED_CLASSES = sorted(FASHION_CLASSES)
TO_SORTED = np.array([SORTED_CLASSES.index(name) for name in FASHION_CLASSES], dtype=np.int64)
PAD = 2
SPLIT_SEEDS = {"train": 1_000_003, "t10k": 2_000_003}

ARCHITECTURE = ("normalise((x - mean) / std per channel)-conv(3->16,3x3,pad1)-ReLU-maxpool2-"
                "conv(16->32,3x3,pad1)-ReLU-maxpool2-conv(32->64,3x3,pad1)-ReLU-maxpool2-flatten-"
                "fc(1024->128)-ReLU-fc(128->10); input [N,3,32,32] in [0,1], output logits [N,10]")


def colours(split, n):
    """Per-sample (background, foreground) RGB colours in [0, 1], contrasted, seeded by split."""
    rng = np.random.default_rng(SPLIT_SEEDS[split])
    background = rng.uniform(0.0, 0.35, size=(n, 3))
    foreground = rng.uniform(0.55, 1.0, size=(n, 3))
    swap = rng.random(n) < 0.5  # half the images: light background, dark garment
    background[swap], foreground[swap] = foreground[swap].copy(), background[swap].copy()
    return background, foreground


def rgb_split(data_dir, split, limit=None):
    """uint8 [N, 3, 32, 32] RGB images and int64 sorted-folder labels [N] for a Fashion-MNIST split."""
    grey = read_idx(os.path.join(data_dir, f"{split}-images-idx3-ubyte.gz"), IMAGES_MAGIC)
    labels = read_idx(os.path.join(data_dir, f"{split}-labels-idx1-ubyte.gz"), LABELS_MAGIC)
    background, foreground = colours(split, len(grey))  # for all images: index i is stable
    if limit is not None:
        grey, labels, background, foreground = grey[:limit], labels[:limit], background[:limit], foreground[:limit]
    g = np.pad(grey.astype(np.float64) / 255.0, ((0, 0), (PAD, PAD), (PAD, PAD)))[:, None]
    bg = background[:, :, None, None]
    fg = foreground[:, :, None, None]
    rgb = bg * (1.0 - g) + fg * g
    return np.clip(np.rint(rgb * 255.0), 0, 255).astype(np.uint8), TO_SORTED[labels.astype(np.int64)]


class RgbCnn(nn.Module):
    """Small CNN with the input normalisation inside: callers give pixels / 255."""

    def __init__(self, mean, std):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32).view(1, 3, 1, 1))
        self.conv1 = nn.Conv2d(3, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.conv3 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 4 * 4, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = (x - self.mean) / self.std
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.max_pool2d(F.relu(self.conv3(x)), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def write_png(path, chw):
    """An 8-bit RGB PNG, byte-reproducible (no timestamps), written with zlib only."""
    c, h, w = chw.shape
    raw = b"".join(b"\x00" + chw[:, r, :].T.tobytes() for r in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


@torch.no_grad()
def accuracy(model, x, y, batch=1000):
    model.eval()
    return sum((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
               for i in range(0, len(x), batch)) / len(x)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=SYSTEM_DATA_DIR, help="directory with the Fashion-MNIST IDX .gz files")
    p.add_argument("--train-size", type=int, default=20000, help="training images (the first N)")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--per-class", type=int, default=30, help="evaluation PNGs per class")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--out", default=MODELS_DIR, help="directory for rgb-fashion.{pt,onnx,json}")
    p.add_argument("--images-out", default=os.path.join(RESOURCES_DIR, "rgb-fashion-300"))
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    started = time.time()

    train_u8, train_y = rgb_split(args.data, "train", args.train_size)
    test_u8, test_y = rgb_split(args.data, "t10k")
    x = torch.from_numpy(train_u8.astype(np.float32) / 255.0)
    y = torch.from_numpy(train_y)
    xt = torch.from_numpy(test_u8.astype(np.float32) / 255.0)
    yt = torch.from_numpy(test_y)
    mean = x.mean(dim=(0, 2, 3)).tolist()
    std = x.std(dim=(0, 2, 3)).tolist()
    model = RgbCnn(mean, std)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, weight_decay=5e-4)
    gen = torch.Generator().manual_seed(args.seed)
    for epoch in range(args.epochs):
        model.train()
        for group in opt.param_groups:
            group["lr"] = 0.05 if epoch < args.epochs - 1 else 0.005
        order = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), 128):
            idx = order[i:i + 128]
            opt.zero_grad()
            F.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
        print(f"epoch {epoch + 1}/{args.epochs}: test accuracy {accuracy(model, xt, yt):.4f} "
              f"({time.time() - started:.0f} s)", flush=True)
    model.eval()
    test_acc = accuracy(model, xt, yt)

    os.makedirs(args.out, exist_ok=True)
    pt = os.path.join(args.out, "rgb-fashion.pt")
    onnx_path = os.path.join(args.out, "rgb-fashion.onnx")
    torch.jit.save(torch.jit.script(model), pt + ".tmp")
    os.replace(pt + ".tmp", pt)
    torch.onnx.export(model, torch.zeros(1, 3, 32, 32), onnx_path + ".tmp", opset_version=13,
                      input_names=["pixels"], output_names=["logits"],
                      dynamic_axes={"pixels": {0: "batch"}, "logits": {0: "batch"}})
    os.replace(onnx_path + ".tmp", onnx_path)
    import onnx
    onnx.checker.check_model(onnx.load(onnx_path))

    # The evaluation images: the first per-class test images of each class, as PNG class folders.
    shutil.rmtree(args.images_out, ignore_errors=True)
    chosen = []
    for cls in range(10):
        chosen += [int(i) for i in np.flatnonzero(test_y == cls)[:args.per_class]]
    for i in chosen:
        folder = os.path.join(args.images_out, SORTED_CLASSES[test_y[i]])
        os.makedirs(folder, exist_ok=True)
        write_png(os.path.join(folder, f"{i:05d}.png"), test_u8[i])
    with open(os.path.join(args.images_out, "LICENSE"), "w") as f:
        f.write("Derived from Fashion-MNIST (Zalando Research, MIT License) by "
                "sample-tests/tools/make_rgb_family.py: test images tinted per sample and padded "
                "to 3x32x32.\n")
    sub_acc = accuracy(model, xt[chosen], yt[chosen])

    meta = {
        "architecture": ARCHITECTURE,
        "data": "RGB Fashion: Fashion-MNIST tinted per sample and padded to 3x32x32, uint8 pixels",
        "classes": SORTED_CLASSES,
        "input": {"shape": [3, 32, 32], "range": [0.0, 1.0], "scaling": "pixel / 255",
                  "normalisation_inside_model": {"mean": mean, "std": std}},
        "training": {"train_images": args.train_size, "epochs": args.epochs, "batch": 128,
                     "optimizer": "SGD momentum 0.9, lr 0.05 (0.005 last epoch), wd 5e-4",
                     "seed": args.seed, "seconds": round(time.time() - started, 1)},
        "test_accuracy_10000": test_acc,
        "accuracy_rgb_fashion_300": sub_acc,
        "files": {"rgb-fashion.pt": sha256(pt), "rgb-fashion.onnx": sha256(onnx_path)},
        "torch": torch.__version__, "onnx": onnx.__version__, "onnx_opset": 13,
    }
    with open(os.path.join(args.out, "rgb-fashion.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    print(json.dumps(meta, indent=2))


if __name__ == "__main__":
    main()
