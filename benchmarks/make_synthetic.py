"""Write a JSONL of N synthetic news-like articles (quotes, reporting verbs, indirect speech).

    python benchmarks/make_synthetic.py [-n 1000] [--seed 0] [-o benchmarks/out/synthetic_1000_0.jsonl]

The same generator as the batch tests (``tests/support/synthetic.py``); no seed text.
Output goes under ``benchmarks/out/`` (git-ignored) unless ``-o`` says otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import OUT, synthetic_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, default=None)
    args = parser.parse_args()
    path = args.output or OUT / f"synthetic_{args.n}_{args.seed}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in synthetic_articles(args.n, seed=args.seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(path)


if __name__ == "__main__":
    main()
