"""Time one TRADES training step in plain PyTorch eager mode, to compare with RobustUnit's Java TRADES.

Run from the repository root (defaults shown):

    /usr/bin/python3 sample-tests/tools/trades_step_reference_benchmark.py \
        --model sample-tests/src/test/resources/models/fashion-mnist-natural.pt \
        --data sample-tests/src/test/resources/fashion-mnist-1000 \
        --batch 128 --inner-steps 10 --eps 0.1 --step-size 0.025 --beta 6 --lr 0.01 --threads 2 --seed 0

One step (Zhang et al. 2019), with KL(p || q) = F.kl_div(log_softmax(f(x')), softmax(f(x)), 'batchmean'):
  inner maximisation, eval mode: x' = x + 0.001*randn; repeat --inner-steps times
      x' = clamp(clamp(x' + step_size * sign(grad_x' KL(softmax f(x) || softmax f(x'))), x - eps, x + eps), 0, 1)
  outer step, train mode: loss = cross_entropy(f(x), y) + beta * KL(softmax f(x) || softmax f(x'))
      (gradient through both terms), then SGD(momentum 0.9, lr) on the model's parameters.
The model is loaded from a TorchScript file and trained in place (nothing is saved). Batches are
taken in turn from the IDX test files in --data (the 1,000-image subset by default: this measures
speed only). Timing: 2 warm-up steps, then the median of --timed steps.
The last line is machine-readable: RESULT trades_step_ms=<median>
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F

from fashion_mnist_idx import DEFAULT_MODEL, SUBSET_DIR, load_split


def kl(logits_adv, logits_nat):
    """KL(softmax(logits_nat) || softmax(logits_adv)), summed over classes, averaged over the batch."""
    return F.kl_div(F.log_softmax(logits_adv, dim=1), F.softmax(logits_nat, dim=1), reduction="batchmean")


def trades_step(model, opt, x, y, args):
    model.eval()
    with torch.no_grad():
        logits_nat = model(x)
    x_adv = x + 0.001 * torch.randn_like(x)
    for _ in range(args.inner_steps):
        x_adv.requires_grad_(True)
        grad = torch.autograd.grad(kl(model(x_adv), logits_nat), x_adv)[0]
        with torch.no_grad():
            x_adv = torch.min(torch.max(x_adv + args.step_size * grad.sign(), x - args.eps), x + args.eps).clamp(0, 1)
    model.train()
    logits = model(x)
    loss_nat = F.cross_entropy(logits, y)
    loss_rob = kl(model(x_adv), logits)
    loss = loss_nat + args.beta * loss_rob
    opt.zero_grad()
    loss.backward()
    opt.step()
    return loss_nat.item(), loss_rob.item()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=DEFAULT_MODEL)
    p.add_argument("--data", default=SUBSET_DIR, help="directory with t10k-*-ubyte.gz IDX files")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--inner-steps", type=int, default=10)
    p.add_argument("--eps", type=float, default=0.1)
    p.add_argument("--step-size", type=float, default=0.025)
    p.add_argument("--beta", type=float, default=6.0)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--timed", type=int, default=10)
    args = p.parse_args()

    default_threads = torch.get_num_threads()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()} (default was {default_threads})")
    x_all, y_all = load_split(args.data, "t10k")
    model = torch.jit.load(args.model, map_location="cpu")
    opt = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    batches = len(x_all) // args.batch
    times = []
    for i in range(args.warmup + args.timed):
        j = (i % batches) * args.batch
        start = time.perf_counter()
        loss_nat, loss_rob = trades_step(model, opt, x_all[j:j + args.batch], y_all[j:j + args.batch], args)
        elapsed = (time.perf_counter() - start) * 1000
        if i >= args.warmup:
            times.append(elapsed)
        print(f"step {i + 1}{' (warm-up)' if i < args.warmup else ''}: {elapsed:.1f} ms, "
              f"CE {loss_nat:.4f}, KL {loss_rob:.4f}")
    print(f"TRADES step, batch {args.batch}, {args.inner_steps} inner steps: median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f} ms over {len(times)} steps")
    print(f"RESULT trades_step_ms={statistics.median(times):.1f}")


if __name__ == "__main__":
    main()
