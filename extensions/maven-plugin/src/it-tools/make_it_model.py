"""Makes the model and data of the maven-plugin ITs (src/it/getting-started): a model RobustUnit has
never seen (a small MLP with a different shape from every bundled model), trained for a few hundred
Adam steps on Fashion-MNIST, and 100 test + 200 training images as IDX files.

    /usr/bin/python3 extensions/maven-plugin/src/it-tools/make_it_model.py

Needs Debian's python3-torch and dataset-fashion-mnist. The outputs are committed: the ITs never
run Python.
"""
import gzip
import os
import struct

import numpy as np
import torch

SRC = "/usr/share/datasets/fashion-mnist"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "it", "getting-started")


def read(name, magic):
    with gzip.open(os.path.join(SRC, name), "rb") as f:
        data = f.read()
    ndim = struct.unpack(">I", data[:4])[0] & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def write(path, arr, magic):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * arr.ndim, *arr.shape)
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(header + arr.astype(np.uint8).tobytes())


class TinyMlp(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.net = torch.nn.Sequential(
            torch.nn.Flatten(), torch.nn.Linear(784, 48), torch.nn.ReLU(), torch.nn.Linear(48, 10))

    def forward(self, x):
        return self.net(x)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    xs, ys = read("train-images-idx3-ubyte.gz", 0x803), read("train-labels-idx1-ubyte.gz", 0x801)
    xt, yt = read("t10k-images-idx3-ubyte.gz", 0x803), read("t10k-labels-idx1-ubyte.gz", 0x801)
    x = torch.tensor(xs[:20000], dtype=torch.float32).unsqueeze(1) / 255
    y = torch.tensor(ys[:20000], dtype=torch.long)
    model = TinyMlp()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(600):
        i = torch.randint(0, len(x), (64,))
        loss = torch.nn.functional.cross_entropy(model(x[i]), y[i])
        opt.zero_grad()
        loss.backward()
        opt.step()
    model.eval()
    test = torch.tensor(xt[:100], dtype=torch.float32).unsqueeze(1) / 255
    acc = (model(test).argmax(1) == torch.tensor(yt[:100], dtype=torch.long)).float().mean().item()
    print(f"clean accuracy on the 100 IT test images: {acc:.2f}")
    os.makedirs(os.path.join(OUT, "data"), exist_ok=True)
    torch.jit.save(torch.jit.script(model), os.path.join(OUT, "tiny-mlp.pt"))
    write(os.path.join(OUT, "data", "t10k-images-idx3-ubyte.gz"), xt[:100], 0x803)
    write(os.path.join(OUT, "data", "t10k-labels-idx1-ubyte.gz"), yt[:100], 0x801)
    # training images for the repair step: taken after the 20,000 the model was trained on
    write(os.path.join(OUT, "data", "train-images-idx3-ubyte.gz"), xs[50000:50200], 0x803)
    write(os.path.join(OUT, "data", "train-labels-idx1-ubyte.gz"), ys[50000:50200], 0x801)


if __name__ == "__main__":
    main()
