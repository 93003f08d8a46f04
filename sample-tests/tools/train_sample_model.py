"""Train the small Fashion-MNIST sample model used by RobustUnit's sample tests.

Run from the repository root (Debian's PyTorch 1.13 lives in /usr/bin/python3):

    /usr/bin/python3 sample-tests/tools/train_sample_model.py

This writes sample-tests/src/test/resources/models/fashion-mnist-natural.pt (TorchScript)
and a fashion-mnist-natural.json sidecar describing how it was made. To write only an
untrained, seeded model of the same architecture (a starting point for training on the
Java side):

    /usr/bin/python3 sample-tests/tools/train_sample_model.py --init-only --out /tmp/init.pt

Model: the MNIST CNN of the TRADES paper (Zhang et al. 2019) with its initialisation; no
padding, dropout or batchnorm. Input float32 [N,1,28,28] = pixel/255 in [0,1], not normalised;
output raw logits [N,10]. Natural training: plain cross-entropy, SGD with momentum 0.9
(lr 0.05, lr/10 in the last epoch), batch 128, 4 epochs (~4 minutes on 2 idle cores),
seeded and deterministic on CPU. Data: the Fashion-MNIST IDX gzip files, read directly
(default /usr/share/datasets/fashion-mnist, from `apt-get install dataset-fashion-mnist`).
"""
import argparse
import hashlib
import json
import os
import time

# Idle OpenMP threads sleep instead of spinning: much faster when other processes share the 2 cores.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402  (must come after the OpenMP setting)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from fashion_mnist_idx import DEFAULT_MODEL, SYSTEM_DATA_DIR, load_split

ARCHITECTURE = ("conv(1->32,3x3)-ReLU-conv(32->32,3x3)-ReLU-maxpool2-conv(32->64,3x3)-ReLU-"
                "conv(64->64,3x3)-ReLU-maxpool2-flatten-fc(1024->200)-ReLU-fc(200->200)-ReLU-"
                "fc(200->10); input [N,1,28,28] in [0,1], output logits [N,10]")


class SmallCNN(nn.Module):
    """TRADES MNIST architecture: 28 -> 26 -> 24 -> 12 -> 10 -> 8 -> 4."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.Conv2d(64, 64, 3), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Linear(64 * 4 * 4, 200), nn.ReLU(), nn.Linear(200, 200), nn.ReLU(), nn.Linear(200, 10))
        # Initialisation as in the TRADES SmallCNN: He-normal convolutions, zero biases, zero last layer.
        for m in self.features:
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight)
                nn.init.zeros_(m.bias)
        nn.init.zeros_(self.classifier[-1].weight)
        nn.init.zeros_(self.classifier[-1].bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classifier(torch.flatten(self.features(x), 1))


def save_scripted(model, path):
    """torch.jit.script + torch.jit.save, atomically (temp file then os.replace)."""
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    torch.jit.save(torch.jit.script(model.eval()), tmp)
    os.replace(tmp, path)


@torch.no_grad()
def accuracy(model, x, y, batch=1000):
    model.eval()
    correct = sum((model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
                  for i in range(0, len(x), batch))
    return correct / len(x)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=SYSTEM_DATA_DIR, help="directory with the Fashion-MNIST IDX .gz files")
    p.add_argument("--out", help=f"TorchScript output path (default {DEFAULT_MODEL}; required with --init-only)")
    p.add_argument("--init-only", action="store_true", help="save the seeded, untrained model and exit")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--lr", type=float, default=0.05, help="divided by 10 for the last epoch")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, default=2)
    args = p.parse_args()
    if args.out is None:
        if args.init_only:
            p.error("--init-only needs an explicit --out (so the trained sample model is never overwritten)")
        args.out = DEFAULT_MODEL

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    torch.use_deterministic_algorithms(True)
    model = SmallCNN()
    if args.init_only:
        save_scripted(model, args.out)
        print(f"saved untrained model (seed {args.seed}) to {args.out}")
        return

    x_train, y_train = load_split(args.data, "train")
    x_test, y_test = load_split(args.data, "t10k")
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    gen = torch.Generator().manual_seed(args.seed)
    start = time.time()
    for epoch in range(1, args.epochs + 1):
        if epoch == args.epochs and epoch > 1:
            for group in opt.param_groups:
                group["lr"] = args.lr / 10
        model.train()
        perm = torch.randperm(len(x_train), generator=gen)
        total = 0.0
        for i in range(0, len(perm), args.batch):
            idx = perm[i:i + args.batch]
            loss = F.cross_entropy(model(x_train[idx]), y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
        print(f"epoch {epoch}: train loss {total / len(perm):.4f}, test acc {accuracy(model, x_test, y_test):.4f}, "
              f"{time.time() - start:.0f}s elapsed", flush=True)

    acc_full = accuracy(model, x_test, y_test)
    acc_1000 = accuracy(model, x_test[:1000], y_test[:1000])
    print(f"clean test accuracy: full 10k {acc_full:.4f}, first 1000 {acc_1000:.4f}")
    save_scripted(model, args.out)
    with open(args.out, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    meta = {"architecture": ARCHITECTURE, "seed": args.seed, "epochs": args.epochs, "lr": args.lr,
            "lr_schedule": "lr, divided by 10 for the last epoch",
            "momentum": 0.9, "batch": args.batch, "torch_version": torch.__version__,
            "test_accuracy_full": acc_full, "test_accuracy_first_1000": acc_1000, "sha256": sha256}
    sidecar = os.path.splitext(args.out)[0] + ".json"
    with open(sidecar + ".tmp", "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    os.replace(sidecar + ".tmp", sidecar)
    print(f"saved {args.out} ({os.path.getsize(args.out)} bytes, sha256 {sha256}) and {sidecar}")


if __name__ == "__main__":
    main()
