"""Reference AutoAttack-style ensemble in plain PyTorch eager mode, to compare with RobustUnit's Java ensemble.

Run from the repository root (defaults shown):

    /usr/bin/python3 sample-tests/tools/ensemble_reference_benchmark.py \
        --model sample-tests/src/test/resources/models/fashion-mnist-natural.pt \
        --data sample-tests/src/test/resources/fashion-mnist-1000 --limit 100 \
        --eps 0.1 --batch 100 --threads 2 --seed 0

It mirrors io.robustunit.attack.AutoAttackEnsemble with its standard members (Attacks.autoAttack):
  1. APGD-CE: 100 iterations, 1 restart, early exit (a sample leaves the run once misclassified);
  2. APGD-T: targeted DLR loss, the 9 most likely wrong classes of the clean input as targets, one run
     of 100 iterations per target, each on the samples still robust, early exit;
  3. Square (L-inf): 1,000 queries, p_init 0.8, the paper's p schedule, a sample stops once misclassified.
Each member attacks only the samples every earlier member left robust; a member's first step classifies
its clean inputs (misclassified ones are not attacked). APGD as in Apgd.java: start on the ball's
boundary, step size 2 eps, momentum 0.75 (1 on the first step), checkpoints at 22% of the iterations and
then every max(previous - 3%, 6%) iterations, where a sample's step size halves (and it moves back to its
best point and gradient) if its loss rose in at most 75% of the steps since the last checkpoint, or its
step size was not reduced then and its best loss did not improve since. Every visited point is offered
to a per-sample "strongest iterate" (first misclassified, else lowest margin z_y - max_j z_j), as the
Java StrongestIterates does. The evaluator around it classifies the clean batch first and the returned
adversarial batch last; robust = clean-correct and adversarially correct.

Differences that are not the algorithm: random draws come from torch generators (RobustUnit draws per
sample from SplittableRandom keyed by dataset index), losses are float32 here (double in Java), and
forward passes take the whole active batch (RobustUnit runs them in calls of exactly 16 rows so that a
sample's result does not depend on its batch). Robust accuracy can therefore differ by a sample or two.
Timing: one warm-up ensemble with 5 iterations/queries on 16 images, then one full ensemble.
The last line is machine-readable: RESULT seconds=<...> images_per_s=<...> robust_acc=<...> clean_acc=<...>
"""
import argparse
import math
import os
import time

import torch
import torch.nn.functional as F

from fashion_mnist_idx import DEFAULT_MODEL, SUBSET_DIR, load_split
from image_folder import load_image_folder

RHO = 0.75
MOMENTUM = 0.75
MISCLASSIFIED_CLEAN = "misclassified without perturbation"


def margin_of(logits, y):
    """z_y - max_{j != y} z_j per row."""
    z_y = logits.gather(1, y[:, None])[:, 0]
    others = logits.scatter(1, y[:, None], float("-inf"))
    return z_y - others.max(1).values


def cross_entropy(logits, y, target):
    return F.cross_entropy(logits, y, reduction="none")


def targeted_dlr(logits, y, target):
    s = logits.sort(1).values
    scale = s[:, -1] - 0.5 * (s[:, -3] + s[:, -4]) + 1e-12
    return -(logits.gather(1, y[:, None])[:, 0] - logits.gather(1, target[:, None])[:, 0]) / scale


def project(x, x0, eps):
    return torch.min(torch.max(x, x0 - eps), x0 + eps).clamp(0, 1)


class Strongest:
    """Per-sample strongest iterate of one member's call (StrongestIterates.java)."""

    def __init__(self, x, y):
        self.best = x.clone()
        self.y = y
        self.margin = torch.full((len(x),), float("inf"))
        self.broken = torch.zeros(len(x), dtype=torch.bool)
        self.clean_wrong = torch.zeros(len(x), dtype=torch.bool)

    def offer_clean(self, rows, logits):
        y = self.y[rows]
        fresh = ~self.broken[rows]
        r = rows[fresh]
        self.margin[r] = torch.minimum(self.margin[r], margin_of(logits, y)[fresh])
        wrong = (logits.argmax(1) != y) & fresh
        self.broken[rows[wrong]] = True
        self.clean_wrong[rows[wrong]] = True

    def offer(self, rows, points, logits=None, margin=None, wrong=None):
        """Offers points visited by the samples at rows; returns which of them are broken now."""
        y = self.y[rows]
        if logits is not None:
            margin = margin_of(logits, y)
            wrong = logits.argmax(1) != y
        already = self.broken[rows]
        update = ~already & (wrong | (margin < self.margin[rows]))
        r = rows[update]
        self.margin[r] = torch.minimum(margin[update], self.margin[r])
        self.broken[r] = wrong[update]
        self.best[r] = points[update]
        return already | wrong

    def unbroken(self):
        return (~self.broken).nonzero()[:, 0]

    def broken_by(self, name):
        return [MISCLASSIFIED_CLEAN if c else (name if b else None)
                for b, c in zip(self.broken.tolist(), self.clean_wrong.tolist())]


def check_clean(model, x, state):
    rows = torch.arange(len(x))
    with torch.no_grad():
        logits = model(x)
    state.offer_clean(rows, logits)
    return logits


def apgd_run(model, x_batch, state, rows, targets, loss_fn, eps, n_iter, gen):
    """One APGD run (Apgd.SingleRun) on the samples at rows of the batch."""
    first_check = max(int(0.22 * n_iter), 1)
    min_interval = max(int(0.06 * n_iter), 1)
    decrease = max(int(0.03 * n_iter), 1)
    x0 = x_batch[rows]
    y = state.y[rows]
    t = torch.rand(x0.shape, generator=gen) * 2 - 1
    t = t * (eps / t.flatten(1).abs().max(1).values.clamp_min(1e-12)).view(-1, *([1] * (x0.dim() - 1)))
    x = project(x0 + t, x0, eps)

    def evaluate(point, with_gradient):
        if with_gradient:
            point = point.clone().requires_grad_(True)
            logits = model(point)
            loss = loss_fn(logits, y, targets)
            grad = torch.autograd.grad(loss.sum(), point)[0]
            logits, loss = logits.detach(), loss.detach()
        else:
            with torch.no_grad():
                logits = model(point)
                loss = loss_fn(logits, y, targets)
            grad = None
        return state.offer(rows, point.detach(), logits), loss, grad

    broken, loss, grad = evaluate(x, True)
    m = len(rows)
    prev = x.clone()
    best_x = x.clone()
    best_grad = grad.clone()
    step = torch.full((m,), 2 * eps)
    best_loss = loss.clone()
    best_loss_at_check = loss.clone()
    reduced = torch.ones(m, dtype=torch.bool)
    increases = torch.zeros(m, dtype=torch.int64)

    def compact(broken_now):
        nonlocal rows, targets, x0, y, x, prev, grad, best_x, best_grad, step, loss, best_loss
        nonlocal best_loss_at_check, reduced, increases
        keep = ~broken_now
        rows, x0, y, x, prev, grad = rows[keep], x0[keep], y[keep], x[keep], prev[keep], grad[keep]
        targets = None if targets is None else targets[keep]
        best_x, best_grad, step, loss, best_loss = best_x[keep], best_grad[keep], step[keep], loss[keep], best_loss[keep]
        best_loss_at_check, reduced, increases = best_loss_at_check[keep], reduced[keep], increases[keep]
        return len(rows) > 0

    if broken.any() and not compact(broken):
        return
    interval = first_check
    since_check = 0
    for i in range(n_iter):
        last = i == n_iter - 1
        a = 1.0 if i == 0 else MOMENTUM
        shape = (-1,) + (1,) * (x.dim() - 1)
        z = project(x + step.view(shape) * grad.sign(), x0, eps)
        nxt = project(x + a * (z - x) + (1 - a) * (x - prev), x0, eps)
        prev, x = x, nxt
        last_loss = loss
        broken, loss, new_grad = evaluate(x, not last)
        if last:
            return
        grad = new_grad
        increases += (loss > last_loss).long()
        improved = loss > best_loss
        best_loss = torch.where(improved, loss, best_loss)
        best_x[improved] = x[improved]
        best_grad[improved] = grad[improved]
        since_check += 1
        if since_check == interval:
            reduce = (increases <= interval * RHO) | (~reduced & (best_loss_at_check >= best_loss))
            step = torch.where(reduce, step / 2, step)
            reduced = reduce
            best_loss_at_check = best_loss.clone()
            increases.zero_()
            x[reduce] = best_x[reduce]
            grad[reduce] = best_grad[reduce]
            since_check = 0
            interval = max(interval - decrease, min_interval)
        if broken.any() and not compact(broken):
            return


def apgd_ce(model, x, y, eps, seed, iterations=100):
    state = Strongest(x, y)
    check_clean(model, x, state)
    rows = state.unbroken()
    if len(rows):
        apgd_run(model, x, state, rows, None, cross_entropy, eps, iterations, torch.Generator().manual_seed(seed))
    return state.best, state.broken_by("APGD-CE")


def apgd_t(model, x, y, eps, seed, iterations=100, target_classes=9):
    state = Strongest(x, y)
    clean_logits = check_clean(model, x, state)
    classes = clean_logits.shape[1]
    order = clean_logits.sort(dim=1, descending=True, stable=True).indices
    wrong = order[order != y[:, None]].view(len(x), classes - 1)
    gen = torch.Generator().manual_seed(seed)
    for t in range(min(target_classes, classes - 1)):
        rows = state.unbroken()
        if len(rows) == 0:
            break
        apgd_run(model, x, state, rows, wrong[rows, t], targeted_dlr, eps, iterations, gen)
    return state.best, state.broken_by("APGD-T")


def p_selection(p_init, it, n):
    scaled = int(it / n * 10000)
    bounds = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000, 10000]
    for k in range(len(bounds) - 1):
        if bounds[k] < scaled <= bounds[k + 1]:
            return p_init / (2 << k)
    return p_init


def square(model, x, y, eps, seed, queries=1000, p_init=0.8, max_redraws=100):
    state = Strongest(x, y)
    check_clean(model, x, state)
    rows = state.unbroken()
    if len(rows) == 0 or eps == 0:
        return state.best, state.broken_by("Square")
    gen = torch.Generator().manual_seed(seed)
    clean = x[rows]
    n, c, h, w = clean.shape
    dim = c * h * w
    stripes = torch.where(torch.rand((n, c, 1, w), generator=gen) < 0.5, eps, -eps)
    best = (clean + stripes).clamp(0, 1)
    with torch.no_grad():
        logits = model(best)
    yr = y[rows]
    margin = margin_of(logits, yr)
    broken = logits.argmax(1) != yr
    hh = torch.arange(h)
    ww = torch.arange(w)
    for it in range(queries - 1):
        active = (~broken).nonzero()[:, 0]
        if len(active) == 0:
            break
        p = p_selection(p_init, it, queries)
        side = int(round(math.sqrt(p * dim / c)))
        side = min(max(side, 1), min(h, w) - 1)
        na = len(active)
        top = torch.randint(0, h - side + 1, (na,), generator=gen)
        left = torch.randint(0, w - side + 1, (na,), generator=gen)
        window = (((hh >= top[:, None]) & (hh < top[:, None] + side))[:, None, :, None]
                  & ((ww >= left[:, None]) & (ww < left[:, None] + side))[:, None, None, :])
        current = best[active]
        base = clean[active]
        proposals = current.clone()
        need = torch.arange(na)
        for _ in range(max_redraws):
            signs = torch.where(torch.rand((len(need), c, 1, 1), generator=gen) < 0.5, eps, -eps)
            candidate = torch.where(window[need], (base[need] + signs).clamp(0, 1), current[need])
            proposals[need] = candidate
            changed = ((candidate - current[need]).abs() >= 1e-7).flatten(1).any(1)
            need = need[~changed]
            if len(need) == 0:
                break
        with torch.no_grad():
            logits = model(proposals)
        m = margin_of(logits, yr[active])
        better = m < margin[active]
        idx = active[better]
        margin[idx] = m[better]
        broken[idx] = logits.argmax(1)[better] != yr[idx]
        best[idx] = proposals[better]
    state.offer(rows, best, margin=margin, wrong=broken.clone())
    return state.best, state.broken_by("Square")


def ensemble(model, x, y, eps, seed, members, timings):
    """AutoAttackEnsemble.perturb on one batch; returns (adversarial batch, broken_by list)."""
    adv = x.clone()
    broken_by = [None] * len(x)
    rows = torch.arange(len(x))
    for name, member in members:
        if len(rows) == 0:
            break
        start = time.perf_counter()
        member_adv, by = member(model, x[rows], y[rows], eps, seed)
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        adv[rows] = member_adv
        for i, r in enumerate(rows.tolist()):
            broken_by[r] = by[i]
        rows = torch.tensor([i for i, b in enumerate(broken_by) if b is None], dtype=torch.int64)
    return adv, broken_by


def evaluate(model, x, y, eps, seed, batch, members, timings):
    """The evaluator: clean predictions, the ensemble, predictions on the returned points."""
    robust = clean_correct = 0
    counts = {}
    for i in range(0, len(x), batch):
        xb, yb = x[i:i + batch], y[i:i + batch]
        with torch.no_grad():
            clean_ok = model(xb).argmax(1) == yb
        adv, by = ensemble(model, xb, yb, eps, seed, members, timings)
        with torch.no_grad():
            adv_ok = model(adv).argmax(1) == yb
        robust += int((clean_ok & adv_ok).sum())
        clean_correct += int(clean_ok.sum())
        for ok, a, b in zip(clean_ok.tolist(), adv_ok.tolist(), by):
            if ok and not a:
                counts[b] = counts.get(b, 0) + 1
    return robust, clean_correct, counts


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=DEFAULT_MODEL)
    p.add_argument("--data", default=SUBSET_DIR,
                   help="directory with t10k-*-ubyte.gz IDX files, or a PNG class-folder data set")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--eps", type=float, default=0.1)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
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

    members = [("APGD-CE", apgd_ce), ("APGD-T", apgd_t), ("Square", square)]
    warm = [("APGD-CE", lambda m, a, b, e, s: apgd_ce(m, a, b, e, s, iterations=5)),
            ("APGD-T", lambda m, a, b, e, s: apgd_t(m, a, b, e, s, iterations=5, target_classes=1)),
            ("Square", lambda m, a, b, e, s: square(m, a, b, e, s, queries=5))]
    evaluate(model, x[:16], y[:16], args.eps, args.seed, args.batch, warm, {})  # TorchScript profiling runs
    timings = {}
    start = time.perf_counter()
    robust, clean_correct, counts = evaluate(model, x, y, args.eps, args.seed, args.batch, members, timings)
    seconds = time.perf_counter() - start
    n = len(x)
    print(f"AutoAttack-style ensemble (APGD-CE 100 it, APGD-T 9 targets x 100 it, Square 1000 queries), "
          f"L-inf eps={args.eps}, batch {args.batch}, {n} images")
    print(f"ensemble: {seconds:.2f} s, {n / seconds:.2f} images/s; clean accuracy {clean_correct / n:.4f} "
          f"({clean_correct}/{n}), robust accuracy {robust / n:.4f} ({robust}/{n})")
    for name, count in counts.items():
        print(f"  broken by {name:<60} {count:4d}")
    print("per component: " + ", ".join(f"{name} {timings.get(name, 0.0):.2f} s" for name, _ in members)
          + f", evaluator around them {seconds - sum(timings.values()):.2f} s")
    print(f"RESULT seconds={seconds:.3f} images_per_s={n / seconds:.3f} robust_acc={robust / n:.4f} "
          f"clean_acc={clean_correct / n:.4f}")


if __name__ == "__main__":
    main()
