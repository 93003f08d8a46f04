"""Does a TRADES repair collapse to chance on natural models trained in different ways?

    /usr/bin/python3 sample-tests/tools/trades_collapse_benchmark.py --out DIR --steps 150 [--models adam,sgd,...]
        prepare: trains the natural models (small CNNs on Fashion-MNIST, 2 threads) into DIR/*.pt
    /usr/bin/python3 sample-tests/tools/trades_collapse_benchmark.py --out DIR --steps 150 --reference
        plain PyTorch TRADES (beta 6, SGD momentum 0.9, lr 0.01, batch 128, 10 inner steps of eps/4,
        Linf 0.1), without and with RobustUnit's ramp (lr and beta x k/W over W = min(100, steps/5)),
        on every DIR/*.pt; prints the step ranges at chance per model
    (scripts/benchmark trades-collapse runs both and RobustUnit's trades on the same models.)

A step is "at chance" when the natural loss is within 2% of ln(10) and the robust term below 0.01
(the model gives every image the same prediction); a collapse is >= 20 such steps in a row,
RobustUnit's own rule (io.robustunit.trades.CollapseDetector).
"""
import argparse
import math
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fashion_mnist_idx import SYSTEM_DATA_DIR, load_split  # noqa: E402


class Cnn(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(width, 2 * width, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(nn.Linear(2 * width * 49, 64), nn.ReLU(), nn.Linear(64, 10))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


# name: (width, optimizer, lr, epochs over the first N training images, N)
RECIPES = {
    "adam-1epoch": (16, "adam", 1e-3, 1, 60000),
    "adam-hot": (16, "adam", 5e-3, 1, 20000),
    "sgd-momentum": (16, "sgd-momentum", 0.05, 1, 60000),
    "sgd-plain": (8, "sgd", 0.1, 2, 20000),
}


def train_natural(name, x, y, out):
    width, opt_name, lr, epochs, n = RECIPES[name]
    torch.manual_seed(1)
    model = Cnn(width)
    if opt_name == "adam":
        opt = torch.optim.Adam(model.parameters(), lr=lr)
    else:
        opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9 if opt_name == "sgd-momentum" else 0)
    for _ in range(epochs):
        perm = torch.randperm(n)
        for i in range(0, n, 128):
            idx = perm[i:i + 128]
            loss = F.cross_entropy(model(x[idx]), y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    model.eval()
    path = os.path.join(out, name + ".pt")
    torch.jit.save(torch.jit.script(model), path)
    return path


def kl(logits_adv, logits_nat):
    return F.kl_div(F.log_softmax(logits_adv, dim=1), F.softmax(logits_nat, dim=1), reduction="batchmean")


def trades(model_path, x, y, steps, ramp, seed=0):
    torch.manual_seed(seed)
    model = torch.jit.load(model_path)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    eps, step_size, beta = 0.1, 0.025, 6.0
    warm = min(100, steps // 5) if ramp else 0
    perm = torch.randperm(len(x))
    trace = []
    for s in range(steps):
        f = (s + 1) / warm if s < warm else 1.0
        for g in opt.param_groups:
            g["lr"] = 0.01 * f
        idx = perm[(s * 128) % len(x):(s * 128) % len(x) + 128]
        xb, yb = x[idx], y[idx]
        model.eval()
        with torch.no_grad():
            nat = model(xb)
        xa = xb + 0.001 * torch.randn_like(xb)
        for _ in range(10):
            xa.requires_grad_(True)
            g, = torch.autograd.grad(kl(model(xa), nat), [xa])
            xa = torch.min(torch.max(xa.detach() + step_size * g.sign(), xb - eps), xb + eps).clamp(0, 1)
        model.train()
        natural = F.cross_entropy(model(xb), yb)
        robust = kl(model(xa), model(xb))
        loss = natural + beta * f * robust
        opt.zero_grad()
        loss.backward()
        opt.step()
        trace.append((natural.item(), robust.item()))
    return trace


def collapses(trace, classes=10, run=20):
    """Step ranges (1-based) with >= run consecutive steps at chance."""
    chance = math.log(classes)
    ranges, start = [], None
    for i, (nat, rob) in enumerate(trace + [(0.0, 1.0)], start=1):
        at = abs(nat - chance) < 0.02 * chance and rob < 0.01
        if at and start is None:
            start = i
        if not at and start is not None:
            if i - start >= run:
                ranges.append(f"{start}-{i - 1}")
            start = None
    return ranges or ["none"]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, default=150)
    p.add_argument("--models", default=",".join(RECIPES))
    p.add_argument("--reference", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    x, y = load_split(SYSTEM_DATA_DIR, "train")
    xt, yt = load_split(SYSTEM_DATA_DIR, "t10k", limit=1000)
    for name in a.models.split(","):
        path = os.path.join(a.out, name + ".pt")
        if not a.reference:
            path = train_natural(name, x, y, a.out)
            m = torch.jit.load(path)
            with torch.no_grad():
                acc = (m(xt).argmax(1) == yt).float().mean().item()
            print(f"natural model {name}: {RECIPES[name]}, clean accuracy {acc:.3f} on 1,000 test images -> {path}")
            continue
        for ramp in (False, True):
            trace = trades(path, x, y, a.steps, ramp)
            print(f"PyTorch TRADES {name} {'with ramp' if ramp else 'no ramp  '}: {a.steps} steps, at chance:"
                  f" {', '.join(collapses(trace))}; natural loss first/last {trace[0][0]:.3f}/{trace[-1][0]:.3f}")


if __name__ == "__main__":
    main()
