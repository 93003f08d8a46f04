"""Reference Square attack (L-inf) in plain PyTorch eager mode, to compare with RobustUnit's Square.

Run from the repository root (defaults shown):

    /usr/bin/python3 sample-tests/tools/square_reference_benchmark.py \
        --model sample-tests/src/test/resources/models/rgb-fashion.pt \
        --data sample-tests/src/test/resources/rgb-fashion-300 --limit 300 \
        --eps 0.0314 --queries 100 --batch 100 --threads 2 --seed 0 --repeats 2

The attack of Andriushchenko et al. (ECCV 2020) as RobustUnit implements it (io.robustunit.attack.Square):
start at vertical stripes of +-eps per channel and column, then per query and still-unbroken sample
overwrite one random square window (side round(sqrt(p * H * W)), p halved on the paper's schedule
from p_init 0.8) with a new +-eps per channel, and keep it if the margin z_y - max_{j!=y} z_j drops.
Vectorised over the batch; the random streams differ from RobustUnit's, so robust accuracies agree
only statistically. queries/s counts every image passed to the model (clean check included).
The last line is machine-readable: RESULT queries_per_s=<best> robust_acc=<...> clean_acc=<...>
"""
import argparse
import math
import os
import statistics
import time

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
import torch  # noqa: E402

from image_folder import load_image_folder  # noqa: E402

BOUNDS = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000, 10000]


def p_at(p_init, it, n):
    scaled = int(it / n * 10000)
    for k in range(len(BOUNDS) - 1):
        if BOUNDS[k] < scaled <= BOUNDS[k + 1]:
            return p_init / (2 << k)
    return p_init


def margins(logits, y):
    true = logits.gather(1, y[:, None])[:, 0]
    other = logits.clone()
    other.scatter_(1, y[:, None], float("-inf"))
    return true - other.max(1).values


@torch.no_grad()
def square_batch(model, x0, y, eps, queries, p_init, gen, counter):
    n, c, h, w = x0.shape
    counter[0] += n
    broken = model(x0).argmax(1) != y
    stripes = (torch.randint(0, 2, (n, c, 1, w), generator=gen).float() * 2 - 1) * eps
    best = (x0 + stripes).clamp(0, 1)
    rows = (~broken).nonzero()[:, 0]
    counter[0] += len(rows)
    logits = model(best[rows])
    margin = torch.full((n,), float("inf"))
    margin[rows] = margins(logits, y[rows])
    broken[rows] |= logits.argmax(1) != y[rows]
    for it in range(queries - 1):
        active = (~broken).nonzero()[:, 0]
        if len(active) == 0:
            break
        side = max(1, min(int(round(math.sqrt(p_at(p_init, it, queries) * h * w))), min(h, w) - 1))
        cand = best[active].clone()
        top = torch.randint(0, h - side + 1, (len(active),), generator=gen)
        left = torch.randint(0, w - side + 1, (len(active),), generator=gen)
        sign = (torch.randint(0, 2, (len(active), c), generator=gen).float() * 2 - 1) * eps
        for k in range(len(active)):
            t, l_ = top[k], left[k]
            window = x0[active[k], :, t:t + side, l_:l_ + side] + sign[k][:, None, None]
            cand[k, :, t:t + side, l_:l_ + side] = window.clamp(0, 1)
        counter[0] += len(active)
        logits = model(cand)
        m = margins(logits, y[active])
        better = m < margin[active]
        idx = active[better]
        best[idx] = cand[better]
        margin[idx] = m[better]
        broken[idx] |= logits[better].argmax(1) != y[idx]
    return broken


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default="sample-tests/src/test/resources/models/rgb-fashion.pt")
    p.add_argument("--data", default="sample-tests/src/test/resources/rgb-fashion-300")
    p.add_argument("--limit", type=int, default=300)
    p.add_argument("--eps", type=float, default=8 / 255)
    p.add_argument("--queries", type=int, default=100)
    p.add_argument("--p-init", type=float, default=0.8)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--repeats", type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    xs, ys, _ = load_image_folder(args.data, limit=args.limit)
    x, y = torch.from_numpy(xs), torch.from_numpy(ys)
    model = torch.jit.load(args.model, map_location="cpu").eval()
    for param in model.parameters():
        param.requires_grad_(False)
    with torch.no_grad():
        clean = sum((model(x[i:i + args.batch]).argmax(1) == y[i:i + args.batch]).sum().item()
                    for i in range(0, len(x), args.batch))

    def attack():
        gen = torch.Generator().manual_seed(args.seed)
        counter = [0]
        broken = torch.cat([square_batch(model, x[i:i + args.batch], y[i:i + args.batch], args.eps,
                                         args.queries, args.p_init, gen, counter)
                            for i in range(0, len(x), args.batch)])
        return int((~broken).sum()), counter[0]

    square_batch(model, x[:args.batch], y[:args.batch], args.eps, 5, args.p_init,
                 torch.Generator().manual_seed(1), [0])  # warm-up
    rates, image_rates, robust, queries = [], [], 0, 0
    for _ in range(args.repeats):
        start = time.perf_counter()
        robust, queries = attack()
        seconds = time.perf_counter() - start
        rates.append(queries / seconds)
        image_rates.append(len(x) / seconds)
    n = len(x)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}; Square L-inf eps={args.eps:.4f} "
          f"{args.queries} queries, p_init {args.p_init}, batch {args.batch} on {n} images")
    print(f"PyTorch eager Square (TorchScript file): queries/s best {max(rates):.0f}, median "
          f"{statistics.median(rates):.0f}; images/s best {max(image_rates):.1f}; {queries} queries; "
          f"robust accuracy {robust / n:.4f} ({robust}/{n}); clean accuracy {clean / n:.4f}")
    print(f"RESULT queries_per_s={max(rates):.0f} robust_acc={robust / n:.4f} clean_acc={clean / n:.4f}")


if __name__ == "__main__":
    main()
