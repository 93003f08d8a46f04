"""Write reference logits of the sample model for a cross-engine (PyTorch 1.13 vs DJL) check.

Run from the repository root, after train_sample_model.py and make_eval_subset.py:

    /usr/bin/python3 sample-tests/tools/make_reference_logits.py

Loads sample-tests/src/test/resources/models/fashion-mnist-natural.pt with torch.jit.load, runs it
in eval mode on the first 16 images of the fashion-mnist-1000 subset (pixel/255 as float32, no
normalisation) and writes models/fashion-mnist-natural.logits-first16.csv: 16 rows, 10
comma-separated float32 logits each, printed with Python's repr (shortest round-trip form).
"""
import argparse
import os

import torch

from fashion_mnist_idx import DEFAULT_MODEL, SUBSET_DIR, load_split

COUNT = 16


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--model", default=DEFAULT_MODEL)
    p.add_argument("--data", default=SUBSET_DIR)
    p.add_argument("--out", default=os.path.splitext(DEFAULT_MODEL)[0] + ".logits-first16.csv")
    args = p.parse_args()

    x, y = load_split(args.data, "t10k", limit=COUNT)
    model = torch.jit.load(args.model, map_location="cpu").eval()
    with torch.no_grad():
        logits = model(x)
    # float32 -> Python float is exact; repr of that double round-trips to the same float32 in Java.
    rows = [",".join(repr(float(v)) for v in row) for row in logits.tolist()]
    with open(args.out + ".tmp", "w") as f:
        f.write("\n".join(rows) + "\n")
    os.replace(args.out + ".tmp", args.out)
    predicted = logits.argmax(1)
    print(f"wrote {args.out}; labels {y.tolist()}, predicted {predicted.tolist()} "
          f"({(predicted == y).sum().item()}/{COUNT} correct)")


if __name__ == "__main__":
    main()
