"""Write the first 1,000 Fashion-MNIST test images/labels as a small, byte-reproducible IDX subset.

Run from the repository root:

    /usr/bin/python3 sample-tests/tools/make_eval_subset.py [--data /usr/share/datasets/fashion-mnist]

Output, in sample-tests/src/test/resources/fashion-mnist-1000/: t10k-images-idx3-ubyte.gz and
t10k-labels-idx1-ubyte.gz (same IDX format as the originals, gzip with mtime=0 and no stored
file name, so re-running gives identical bytes) and LICENSE (Fashion-MNIST's MIT licence).
"""
import argparse
import os

from fashion_mnist_idx import IMAGES_MAGIC, LABELS_MAGIC, SUBSET_DIR, SYSTEM_DATA_DIR, read_idx, write_idx

LICENSE_SOURCE = "/usr/share/doc/dataset-fashion-mnist/copyright"
COUNT = 1000


def license_text():
    """The Expat (MIT) licence paragraph of the Debian copyright file, de-indented."""
    with open(LICENSE_SOURCE) as f:
        text = f.read().rsplit("License: Expat\n", 1)[1]  # the last, stand-alone licence paragraph
    lines = [line[1:] if line.startswith(" ") else line for line in text.splitlines()]
    return "\n".join("" if line.strip() == "." else line.rstrip() for line in lines).strip() + "\n"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data", default=SYSTEM_DATA_DIR)
    p.add_argument("--out", default=SUBSET_DIR)
    args = p.parse_args()

    sources = [os.path.join(args.data, n) for n in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]
    if not all(os.path.isfile(s) for s in sources):
        raise SystemExit(f"error: Fashion-MNIST test files not found in {args.data}; "
                         "install them with `apt-get install dataset-fashion-mnist` or pass --data DIR")
    os.makedirs(args.out, exist_ok=True)
    images = read_idx(sources[0], IMAGES_MAGIC)[:COUNT]
    labels = read_idx(sources[1], LABELS_MAGIC)[:COUNT]
    write_idx(os.path.join(args.out, "t10k-images-idx3-ubyte.gz"), images, IMAGES_MAGIC)
    write_idx(os.path.join(args.out, "t10k-labels-idx1-ubyte.gz"), labels, LABELS_MAGIC)
    with open(os.path.join(args.out, "LICENSE"), "w") as f:
        f.write("This directory holds the first 1,000 images and labels of the test set (t10k) of\n"
                "Fashion-MNIST by Zalando Research, https://github.com/zalandoresearch/fashion-mnist,\n"
                "unchanged apart from the truncation, in the original IDX format (gzip).\n\n"
                "The MIT License (MIT)\n\n"
                "Copyright (c) 2017 Zalando SE\n\n" + license_text())
    print(f"wrote {COUNT} images {images.shape} and labels (class counts "
          f"{[int((labels == c).sum()) for c in range(10)]}) to {args.out}")


if __name__ == "__main__":
    main()
