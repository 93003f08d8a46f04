"""Reference randomized-smoothing CERTIFY (Cohen, Rosenfeld and Kolter, 2019) in plain PyTorch eager
mode, to compare with RobustUnit's `robustunit certify` on the same TorchScript model.

Run from the repository root (defaults shown):

    /usr/bin/python3 sample-tests/tools/certify_reference_benchmark.py \
        --model sample-tests/src/test/resources/models/fashion-mnist-natural.pt \
        --data sample-tests/src/test/resources/fashion-mnist-1000 --limit 20 \
        --sigma 0.25 --n0 100 --n 1000,10000 --alpha 0.001 --batch 1000 --threads 2 --repeats 2

The loop is the paper's code (core.py): per image, sample_noise draws num noisy copies in batches
(x.repeat, randn_like * sigma, model(batch + noise).argmax(1), counts), cAHat = argmax of n0
selection counts, nA = counts of cAHat among n estimation draws, pABar = one-sided Clopper-Pearson
lower bound (beta.ppf(alpha, nA, n - nA + 1), computed here without SciPy), abstain if pABar < 1/2, else
radius = sigma * norm.ppf(pABar). Throughput: noisy forward passes/s = (n0 + n) * images / seconds.
The last lines are machine-readable: RESULT n=<n> draws_per_s=<best> images_per_s=<best>.
"""
import argparse
import math
import time
from statistics import NormalDist

import numpy as np
import torch

from fashion_mnist_idx import DEFAULT_MODEL, SUBSET_DIR, load_split


def _betacf(x, a, b):
    """Lentz's continued fraction for the regularized incomplete beta function."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1, a - 1
    c, d = 1.0, 1 - qab * x / qap
    d = 1 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10000):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1 + aa * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + aa / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1) < 1e-16:
            break
    return h


def betainc(x, a, b):
    if x <= 0 or x >= 1:
        return float(x >= 1)
    if x > (a + 1) / (a + b + 2):
        return 1 - betainc(1 - x, b, a)
    front = math.exp(a * math.log(x) + b * math.log1p(-x) - (math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)))
    return front * _betacf(x, a, b) / a


def beta_ppf(q, a, b):
    """The quantile of Beta(a, b) by bisection (scipy.stats.beta.ppf without SciPy)."""
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if betainc(mid, a, b) < q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def sample_noise(model, x, num, batch, sigma, classes):
    counts = np.zeros(classes, dtype=int)
    with torch.no_grad():
        remaining = num
        while remaining > 0:
            size = min(batch, remaining)
            remaining -= size
            xs = x.unsqueeze(0).repeat((size, 1, 1, 1))
            noise = torch.randn_like(xs) * sigma
            predictions = model(xs + noise).argmax(1)
            counts += np.bincount(predictions.numpy(), minlength=classes)
    return counts


def certify(model, x, n0, n, alpha, batch, sigma, classes):
    c_hat = sample_noise(model, x, n0, batch, sigma, classes).argmax().item()
    counts = sample_noise(model, x, n, batch, sigma, classes)
    n_a = counts[c_hat].item()
    p_a = 0.0 if n_a == 0 else beta_ppf(alpha, n_a, n - n_a + 1)
    if p_a < 0.5:
        return -1, 0.0
    return c_hat, sigma * NormalDist().inv_cdf(p_a) if p_a < 1 else float('inf')


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=DEFAULT_MODEL)
    p.add_argument("--data", default=SUBSET_DIR)
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--sigma", type=float, default=0.25)
    p.add_argument("--n0", type=int, default=100)
    p.add_argument("--n", default="1000,10000")
    p.add_argument("--alpha", type=float, default=0.001)
    p.add_argument("--batch", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    print(f"PyTorch reference CERTIFY: torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"{args.limit} images, sigma {args.sigma}, n0 {args.n0}, alpha {args.alpha}, batch {args.batch}")
    x, y = load_split(args.data, "t10k", limit=args.limit)
    model = torch.jit.load(args.model, map_location="cpu").eval()
    with torch.no_grad():
        classes = model(x[:1]).shape[1]
    for n in [int(v) for v in args.n.split(",")]:
        torch.manual_seed(args.seed)
        certify(model, x[0], args.n0, n, args.alpha, args.batch, args.sigma, classes)  # warm-up
        best, results = float("inf"), None
        for _ in range(args.repeats):
            torch.manual_seed(args.seed)
            start = time.perf_counter()
            results = [certify(model, x[i], args.n0, n, args.alpha, args.batch, args.sigma, classes)
                       for i in range(len(x))]
            best = min(best, time.perf_counter() - start)
        correct0 = sum(1 for (c, r), label in zip(results, y.tolist()) if c == label)
        correct25 = sum(1 for (c, r), label in zip(results, y.tolist()) if c == label and r >= 0.25)
        abstained = sum(1 for c, _ in results if c == -1)
        draws = (args.n0 + n) * len(x)
        print(f"n={n}: best {best:.2f} s, {draws / best:.0f} noisy forward passes/s, {len(x) / best:.2f} images/s; "
              f"certified at r=0 {correct0}/{len(x)}, at r=0.25 {correct25}/{len(x)}, abstained {abstained}")
        print(f"RESULT n={n} draws_per_s={draws / best:.0f} images_per_s={len(x) / best:.3f}")


if __name__ == "__main__":
    main()
