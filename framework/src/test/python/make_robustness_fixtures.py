"""Writes the fixtures of the validity checks and the robustness extensions' tests.

Run with Debian's PyTorch and Fashion-MNIST (apt-get install python3-torch dataset-fashion-mnist):
    /usr/bin/python3 framework/src/test/python/make_robustness_fixtures.py
Outputs are committed; tests never run Python.

- models/linear-fashion.pt    softmax regression on Fashion-MNIST (~84% clean accuracy): an honest
                              model whose input gradients are informative everywhere.
- models/quantized-input.pt   the same weights on inputs rounded to 5 grey levels: torch.round has
                              zero gradient, so every input gradient is 0 (gradient masking) while
                              clean accuracy stays high and a black-box attack still succeeds.
- models/stochastic-eval.pt   the same weights behind dropout that stays on in eval mode: two
                              identical calls return different logits.
- fashion-mnist-200/          the first 200 test and first 100 training images as IDX (gzip).
"""
import gzip
import os
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
RESOURCES = os.path.normpath(os.path.join(HERE, "..", "resources"))
MODELS = os.path.join(RESOURCES, "models")
SUBSET = os.path.join(RESOURCES, "fashion-mnist-200")
DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    (magic,) = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def write_idx(path, arr):
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    magic = 0x00000800 | arr.ndim
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    with open(path + ".tmp", "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as f:
        f.write(header + arr.tobytes())
    os.replace(path + ".tmp", path)


class Linear(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x.flatten(1))


class QuantizedInput(nn.Module):
    def __init__(self, linear):
        super().__init__()
        self.fc = linear.fc

    def forward(self, x):
        return self.fc(torch.round(x * 4.0).div(4.0).flatten(1))


class StochasticEval(nn.Module):
    def __init__(self, linear):
        super().__init__()
        self.fc = linear.fc

    def forward(self, x):
        return self.fc(F.dropout(x.flatten(1), p=0.3, training=True))


def save(module, name):
    path = os.path.join(MODELS, name)
    torch.jit.save(torch.jit.script(module.eval()), path + ".tmp")
    os.replace(path + ".tmp", path)


def main():
    torch.manual_seed(0)
    os.makedirs(MODELS, exist_ok=True)
    os.makedirs(SUBSET, exist_ok=True)
    train_x = read_idx(os.path.join(DATA, "train-images-idx3-ubyte.gz"))
    train_y = read_idx(os.path.join(DATA, "train-labels-idx1-ubyte.gz"))
    test_x = read_idx(os.path.join(DATA, "t10k-images-idx3-ubyte.gz"))
    test_y = read_idx(os.path.join(DATA, "t10k-labels-idx1-ubyte.gz"))

    x = torch.tensor(train_x, dtype=torch.float32).div(255).unsqueeze(1)
    y = torch.tensor(train_y, dtype=torch.int64)
    model = Linear()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for epoch in range(5):
        perm = torch.randperm(len(y))
        for i in range(0, len(y), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            F.cross_entropy(model(x[idx]), y[idx]).backward()
            opt.step()
    tx = torch.tensor(test_x, dtype=torch.float32).div(255).unsqueeze(1)
    ty = torch.tensor(test_y, dtype=torch.int64)
    with torch.no_grad():
        for name, m in [("linear", model), ("quantized", QuantizedInput(model))]:
            acc = (m.eval()(tx).argmax(1) == ty).float().mean().item()
            print(f"{name} clean accuracy on the test set: {acc:.3f}")
    save(model, "linear-fashion.pt")
    save(QuantizedInput(model), "quantized-input.pt")
    save(StochasticEval(model), "stochastic-eval.pt")

    write_idx(os.path.join(SUBSET, "t10k-images-idx3-ubyte.gz"), test_x[:200])
    write_idx(os.path.join(SUBSET, "t10k-labels-idx1-ubyte.gz"), test_y[:200])
    write_idx(os.path.join(SUBSET, "train-images-idx3-ubyte.gz"), train_x[:100])
    write_idx(os.path.join(SUBSET, "train-labels-idx1-ubyte.gz"), train_y[:100])
    print("wrote", sorted(os.listdir(MODELS)), sorted(os.listdir(SUBSET)))


if __name__ == "__main__":
    main()
