"""Writes the small TorchScript fixtures used by the framework's tests.

Run with Debian's PyTorch (apt-get install python3-torch):
    /usr/bin/python3 framework/src/test/python/make_test_models.py
Outputs go to framework/src/test/resources/models/ and are committed; tests never run Python.
"""
import os
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "models")


class TinyCnn(nn.Module):
    """Conv + BatchNorm + Dropout: eval mode must be deterministic and leave BN statistics alone."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.drop = nn.Dropout(0.5)
        self.fc = nn.Linear(4 * 26 * 26, 10)

    def forward(self, x):
        h = torch.relu(self.bn(self.conv(x)))
        return self.fc(self.drop(h.flatten(1)))


class WrongShape(nn.Module):
    def forward(self, x):
        return x.flatten(1)[:, :5]


class Softmaxed(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return torch.softmax(self.fc(x.flatten(1)), dim=1)


class NanOnBlankInput(nn.Module):
    """Finite logits, except for an all-zero image: there sum/sum is 0/0 and its logits are NaN."""

    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        flat = x.flatten(1)
        total = flat.sum(dim=1, keepdim=True)
        return self.fc(flat) * (total / total)


class ViewFlattenCnn(nn.Module):
    """An RGB CNN that flattens with ``view``, which needs contiguous memory: it cannot run channels-last."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 8 * 8, 10)

    def forward(self, x):
        h = torch.relu(self.conv(x))
        return self.fc(h.view(h.size(0), -1))


class RgbCnn(nn.Module):
    """A small RGB CNN without BatchNorm (exact input gradients): it runs channels-last unchanged."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 8, 3, padding=1)
        self.fc = nn.Linear(8 * 4 * 4, 10)

    def forward(self, x):
        h = F.max_pool2d(torch.relu(self.conv1(x)), 2)
        return self.fc(torch.relu(self.conv2(h)).flatten(1))


class StrideDependentCnn(nn.Module):
    """An RGB CNN whose answer depends on the input's memory layout (a stand-in for custom ops that
    read raw memory): channels-last runs but gives other logits."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.fc = nn.Linear(4 * 8 * 8, 10)

    def forward(self, x):
        h = torch.relu(self.conv(x)).flatten(1)
        shift = 1.0 if x.stride(1) == 1 else 0.0
        return self.fc(h) + shift


def nan_weights():
    """A linear classifier whose weights are all NaN, as after a diverged training run."""
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with torch.no_grad():
        model[1].weight.fill_(float("nan"))
    return model


def save(module, name):
    path = os.path.join(OUT, name)
    torch.jit.save(torch.jit.script(module.eval()), path + ".tmp")
    os.replace(path + ".tmp", path)


def main():
    torch.manual_seed(0)
    os.makedirs(OUT, exist_ok=True)
    tiny = TinyCnn()
    with torch.no_grad():  # non-trivial running statistics, so train vs eval mode differ visibly
        tiny.bn.running_mean.uniform_(-0.5, 0.5)
        tiny.bn.running_var.uniform_(0.5, 2.0)
    save(tiny, "tiny-cnn.pt")
    g = torch.Generator().manual_seed(1)
    x = torch.rand(4, 1, 28, 28, generator=g)
    with torch.no_grad():
        logits = tiny.eval()(x)
    with open(os.path.join(OUT, "tiny-cnn.reference.csv"), "w") as f:
        for row_x, row_l in zip(x.flatten(1).tolist(), logits.tolist()):
            f.write(",".join(repr(v) for v in row_x) + ";" + ",".join(repr(v) for v in row_l) + "\n")
    save(WrongShape(), "wrong-output-shape.pt")
    save(Softmaxed(), "softmax-output.pt")
    torch.save(tiny.state_dict(), os.path.join(OUT, "state-dict-not-torchscript.pt"))
    # Created last, so that the seeded draws of the fixtures above do not change.
    save(nan_weights(), "nan-weights.pt")
    save(NanOnBlankInput(), "nan-on-blank-input.pt")
    save(ViewFlattenCnn(), "view-flatten-cnn.pt")
    save(StrideDependentCnn(), "stride-dependent-cnn.pt")
    save(RgbCnn(), "rgb-cnn.pt")
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
