"""Writes the obfuscated-gradient fixtures of the validity checks (docs/gradient-checks.md).

Run with Debian's PyTorch and Fashion-MNIST (apt-get install python3-torch dataset-fashion-mnist):
    /usr/bin/python3 framework/src/test/python/make_obfuscated_fixtures.py [--report]
Outputs go to framework/src/test/resources/models/obfuscated/ and are committed; tests never run
Python. Every model wraps one small CNN trained for one epoch on Fashion-MNIST (~85% clean
accuracy); each wrapper hides the CNN's weakness from gradient attacks in one way (Athalye, Carlini
& Wagner 2018 taxonomy, plus AutoAttack's checks.py list). --report prints, for the first 200 test
images, clean accuracy, PGD-20 (CE, Linf 0.1) robust accuracy and what a margin-loss PGD on the
underlying CNN leaves: the PGD number is the one a naive gate would trust.

honest-cnn.pt                   the CNN itself (control: no check may flag it)
shattered-quantized.pt          inputs rounded to 5 grey levels (torch.round: zero gradient)
shattered-jpeg.pt               4x4 block DCT, coefficients rounded, inverse DCT (zero gradient)
shattered-random-gradient.pt    inputs rounded to 9 levels; the backward pass goes through a fixed
                                random convolution instead (gradients non-zero, uninformative)
shattered-high-frequency.pt     x + 0.02 sin(2000 x) before the CNN: forward almost unchanged,
                                gradient dominated by a 40x oscillating factor (numerically unstable)
shattered-thermometer.pt        16-level thermometer code with steep sigmoids (slope 4000), decoded
                                by its mean: gradients tiny except next to the levels
vanishing-logit-scale.pt        logits times 10,000: cross-entropy gradients underflow to zero while
                                the margin still has signal
vanishing-saturated-log-softmax.pt  log of a saturated softmax (temperature 1/50), floored at 1e-30
exploding-nan-gradient.pt       sqrt(x) * sqrt(x) before the CNN: forward = x, gradient NaN at 0
stochastic-noise.pt             Gaussian input noise (sigma 0.15) at evaluation time
stochastic-dropout.pt           input dropout (p = 0.2) left on at evaluation time
softmax-output.pt               returns probabilities (softmax of logits times 20)
stateful-changes-during-eval.pt counts gradient calls: after 8 the inputs are quantised as above
"""
import argparse
import gzip
import math
import os
import struct

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "resources", "models", "obfuscated"))
DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    (magic,) = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(split):
    x = read_idx(os.path.join(DATA, f"{split}-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(DATA, f"{split}-labels-idx1-ubyte.gz"))
    return (torch.tensor(x, dtype=torch.float32).div(255).unsqueeze(1),
            torch.tensor(y, dtype=torch.int64))


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 5, stride=2, padding=2)
        self.c2 = nn.Conv2d(8, 16, 5, stride=2, padding=2)
        self.fc = nn.Linear(16 * 7 * 7, 10)

    def forward(self, x):
        return self.fc(torch.relu(self.c2(torch.relu(self.c1(x)))).flatten(1))


class Quantized(nn.Module):
    def __init__(self, cnn, levels: float):
        super().__init__()
        self.cnn = cnn
        self.levels = levels

    def forward(self, x):
        return self.cnn(torch.round(x * self.levels) / self.levels)


def dct_matrix(n):
    m = torch.zeros(n, n)
    for k in range(n):
        for i in range(n):
            m[k, i] = math.cos(math.pi * (i + 0.5) * k / n) * math.sqrt((1 if k == 0 else 2) / n)
    return m


class JpegLike(nn.Module):
    """28x28 image as 7x7 blocks of 4x4; orthonormal DCT per block, coefficients rounded to 1/4."""

    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn
        self.register_buffer("d", dct_matrix(4))

    def forward(self, x):
        n = x.shape[0]
        blocks = x.reshape(n, 1, 7, 4, 7, 4).permute(0, 1, 2, 4, 3, 5)  # n,1,by,bx,4,4
        coeff = self.d @ blocks @ self.d.t()
        coeff = torch.round(coeff * 4.0) / 4.0
        back = self.d.t() @ coeff @ self.d
        return self.cnn(back.permute(0, 1, 2, 4, 3, 5).reshape(n, 1, 28, 28).clamp(0, 1))


class RandomGradient(nn.Module):
    """Forward: the CNN on inputs rounded to 9 levels. Backward: through a fixed random convolution."""

    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn
        g = torch.Generator().manual_seed(12)
        self.register_buffer("w", torch.randn(1, 1, 7, 7, generator=g))

    def forward(self, x):
        decoy = torch.tanh(F.conv2d(x, self.w, padding=3))
        q = torch.round(x * 8.0) / 8.0
        return self.cnn(q + (decoy - decoy.detach()))


class HighFrequency(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn

    def forward(self, x):
        return self.cnn(x + 0.02 * torch.sin(2000.0 * x))


class Thermometer(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn
        self.register_buffer("levels", (torch.arange(16, dtype=torch.float32) + 0.5) / 16)

    def forward(self, x):
        code = torch.sigmoid(4000.0 * (x.unsqueeze(-1) - self.levels))  # n,1,28,28,16
        return self.cnn(code.mean(-1))


class LogitScale(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn

    def forward(self, x):
        return self.cnn(x) * 10000.0


class SaturatedLogSoftmax(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn

    def forward(self, x):
        return torch.log(torch.softmax(self.cnn(x) * 50.0, dim=1) + 1e-30)


class NanGradient(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn

    def forward(self, x):
        r = torch.sqrt(x)
        return self.cnn(r * r)


class Noise(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn

    def forward(self, x):
        return self.cnn((x + 0.15 * torch.randn_like(x)).clamp(0, 1))


class InputDropout(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn

    def forward(self, x):
        return self.cnn(F.dropout(x, p=0.2, training=True))


class SoftmaxOutput(nn.Module):
    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn

    def forward(self, x):
        return torch.softmax(self.cnn(x) * 20.0, dim=1)


class Stateful(nn.Module):
    """Honest until it has been asked for 8 input gradients, then quantises its inputs: a model that
    changes during evaluation (a test-time adaptation that reacts to being attacked).

    Counting gradient calls, not calls: the clean predictions an evaluation records come before its
    attack's gradient calls whatever the batch size, and the model checks before it make a handful
    (about 5 on 48 images); PGD-10 on 48 images makes at least 10, one per 20-row piece per step
    while samples are still being attacked (PGD stops attacking broken samples; with 16-row pieces and
    every sample attacked every step it made 30, and the threshold was 20).
    """

    def __init__(self, cnn):
        super().__init__()
        self.cnn = cnn
        self.register_buffer("gradient_calls", torch.zeros(1, dtype=torch.int64))

    def forward(self, x):
        if x.requires_grad:
            self.gradient_calls += 1
        if int(self.gradient_calls.item()) > 8:
            x = torch.round(x * 4.0) / 4.0
        return self.cnn(x)


def fixtures(cnn):
    return {
        "honest-cnn.pt": cnn,
        "shattered-quantized.pt": Quantized(cnn, 4.0),
        "shattered-jpeg.pt": JpegLike(cnn),
        "shattered-random-gradient.pt": RandomGradient(cnn),
        "shattered-high-frequency.pt": HighFrequency(cnn),
        "shattered-thermometer.pt": Thermometer(cnn),
        "vanishing-logit-scale.pt": LogitScale(cnn),
        "vanishing-saturated-log-softmax.pt": SaturatedLogSoftmax(cnn),
        "exploding-nan-gradient.pt": NanGradient(cnn),
        "stochastic-noise.pt": Noise(cnn),
        "stochastic-dropout.pt": InputDropout(cnn),
        "softmax-output.pt": SoftmaxOutput(cnn),
        "stateful-changes-during-eval.pt": Stateful(cnn),
    }


def train():
    torch.manual_seed(0)
    x, y = load("train")
    cnn = Cnn()
    opt = torch.optim.Adam(cnn.parameters(), lr=2e-3)
    perm = torch.randperm(len(y))
    for i in range(0, len(y), 128):
        idx = perm[i:i + 128]
        opt.zero_grad()
        F.cross_entropy(cnn(x[idx]), y[idx]).backward()
        opt.step()
    return cnn.eval()


def pgd(model, x, y, eps, steps, loss="ce"):
    alpha = 2.5 * eps / steps
    adv = x.clone()
    for _ in range(steps):
        adv.requires_grad_(True)
        z = model(adv)
        if loss == "ce":
            l = F.cross_entropy(z, y, reduction="sum")
        else:
            true = z.gather(1, y[:, None])[:, 0]
            other = (z - 1e9 * F.one_hot(y, 10)).max(1).values
            l = (other - true).sum()
        g, = torch.autograd.grad(l, adv)
        with torch.no_grad():
            adv = torch.min(torch.max(adv + alpha * g.sign(), x - eps), x + eps).clamp(0, 1)
    return adv.detach()


def report(models):
    x, y = load("t10k")
    x, y = x[:200], y[:200]
    cnn = models["honest-cnn.pt"]
    weak = pgd(cnn, x, y, 0.1, 20, "margin")
    for name, m in models.items():
        with torch.no_grad():
            clean = (m(x).argmax(1) == y)
        adv = pgd(m, x, y, 0.1, 20)
        with torch.no_grad():
            robust = clean & (m(adv).argmax(1) == y)
            transfer = clean & (m(weak).argmax(1) == y)
        print(f"{name:36s} clean {clean.float().mean():.3f}  PGD-20 CE robust {robust.float().mean():.3f}"
              f"  under the CNN's margin-PGD examples {transfer.float().mean():.3f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--only", help="write just this fixture, wrapping the committed honest-cnn.pt")
    args = parser.parse_args()
    torch.set_num_threads(2)
    if args.only:
        cnn = torch.jit.load(os.path.join(OUT, "honest-cnn.pt"))
        m = fixtures(cnn)[args.only].eval()
        path = os.path.join(OUT, args.only)
        torch.jit.save(torch.jit.script(m), path + ".tmp")
        os.replace(path + ".tmp", path)
        print("wrote", path)
        return
    cnn = train()
    for p in cnn.parameters():
        p.requires_grad_(False)
    models = {name: m.eval() for name, m in fixtures(cnn).items()}
    os.makedirs(OUT, exist_ok=True)
    for name, m in models.items():
        path = os.path.join(OUT, name)
        torch.jit.save(torch.jit.script(m), path + ".tmp")
        os.replace(path + ".tmp", path)
    if args.report:
        report({name: torch.jit.load(os.path.join(OUT, name)) for name in models})
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    main()
