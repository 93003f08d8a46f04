"""Reference PGD (L-inf) robustness benchmark in plain PyTorch eager mode, to compare with RobustUnit's Java PGD.

Run from the repository root (defaults shown):

    /usr/bin/python3 sample-tests/tools/pgd_reference_benchmark.py \
        --model sample-tests/src/test/resources/models/fashion-mnist-natural.pt \
        --data sample-tests/src/test/resources/fashion-mnist-1000 --limit 1000 \
        --eps 0.1 --steps 20 --step-size 0.01 --batch 200 --threads 2 --seed 0 --repeats 3 [--random-start]

Attack, per batch: the model (TorchScript) is in eval mode with parameters requires_grad_(False);
x starts at x0 (or, with --random-start, at clamp(x0 + U(-eps, eps), 0, 1)); then per step
loss = cross_entropy(model(x), y, reduction='sum'), grad = autograd.grad(loss, x),
x = clamp(clamp(x + step_size * sign(grad), x0 - eps, x0 + eps), 0, 1).
A sample counts as broken if the clean input or any iterate (start, after each step) is
misclassified; the first misclassifying iterate is kept as its adversarial example.
Timing: one warm-up attack on the first batch, then --repeats full attacks (the random start is
re-seeded each time, so every repeat gives the same result); images/s = limit / attack seconds.
The last line is machine-readable: RESULT images_per_s=<best> robust_acc=<...> clean_acc=<...>
"""
import argparse
import os
import statistics
import time

import torch
import torch.nn.functional as F

from fashion_mnist_idx import DEFAULT_MODEL, SUBSET_DIR, load_split
from image_folder import load_image_folder


def pgd_batch(model, x0, y, eps, steps, step_size, random_start):
    """Return (broken mask, kept adversarial examples) for one batch."""
    x = (x0 + torch.empty_like(x0).uniform_(-eps, eps)).clamp(0, 1) if random_start else x0.clone()
    with torch.no_grad():
        broken = model(x0).argmax(1) != y
    x_adv = x0.clone()
    for step in range(steps + 1):
        last = step == steps  # the final iterate is only evaluated
        x.requires_grad_(not last)
        with torch.set_grad_enabled(not last):
            logits = model(x)
        new = (logits.argmax(1) != y) & ~broken
        x_adv[new] = x.detach()[new]
        broken |= new
        if last:
            break
        grad = torch.autograd.grad(F.cross_entropy(logits, y, reduction="sum"), x)[0]
        with torch.no_grad():
            x = torch.min(torch.max(x + step_size * grad.sign(), x0 - eps), x0 + eps).clamp(0, 1)
    return broken, x_adv


def attack(model, x, y, args):
    torch.manual_seed(args.seed)
    broken = torch.zeros(len(x), dtype=torch.bool)
    for i in range(0, len(x), args.batch):
        broken[i:i + args.batch] = pgd_batch(model, x[i:i + args.batch], y[i:i + args.batch],
                                             args.eps, args.steps, args.step_size, args.random_start)[0]
    return broken


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=DEFAULT_MODEL)
    p.add_argument("--data", default=SUBSET_DIR,
                   help="directory with t10k-*-ubyte.gz IDX files, or a PNG class-folder data set")
    p.add_argument("--limit", type=int, default=1000)
    p.add_argument("--eps", type=float, default=0.1)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--step-size", type=float, default=0.01)
    p.add_argument("--batch", type=int, default=200)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--random-start", action="store_true")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeats", type=int, default=3)
    args = p.parse_args()

    default_threads = torch.get_num_threads()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()} (default was {default_threads})")
    if any(f.startswith("t10k-") for f in os.listdir(args.data)):
        x, y = load_split(args.data, "t10k", limit=args.limit)
    else:
        xs, ys, _ = load_image_folder(args.data, limit=args.limit)
        x, y = torch.from_numpy(xs), torch.from_numpy(ys)
    model = torch.jit.load(args.model, map_location="cpu").eval()
    for param in model.parameters():
        param.requires_grad_(False)

    with torch.no_grad():
        clean_correct = sum((model(x[i:i + args.batch]).argmax(1) == y[i:i + args.batch]).sum().item()
                            for i in range(0, len(x), args.batch))
    attack(model, x[:args.batch], y[:args.batch], args)  # warm-up (TorchScript profiling runs)
    times, results = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        broken = attack(model, x, y, args)
        times.append(time.perf_counter() - start)
        results.append(int((~broken).sum()))
    if len(set(results)) != 1:
        print(f"WARNING: robust counts differ between repeats: {results}")
    n, robust = len(x), results[0]
    rates = [n / t for t in times]
    print(f"PGD L-inf eps={args.eps} steps={args.steps} step={args.step_size} random_start={args.random_start} "
          f"batch={args.batch} on {n} images")
    print(f"clean accuracy:  {clean_correct / n:.4f} ({clean_correct}/{n})")
    print(f"robust accuracy: {robust / n:.4f} ({robust}/{n})")
    print(f"images/s: best {max(rates):.1f}, median {statistics.median(rates):.1f} "
          f"(attack seconds per repeat: {', '.join(f'{t:.2f}' for t in times)})")
    print(f"RESULT images_per_s={max(rates):.1f} robust_acc={robust / n:.4f} clean_acc={clean_correct / n:.4f}")


if __name__ == "__main__":
    main()
