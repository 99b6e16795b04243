"""Layout robustness: the rules on PolNeAR train as printed and as scraped pages lay it out.

Usage (PolNeAR is not in this repository; see ``bench_polnear.py``)::

    python benchmarks/bench_layout.py /path/to/PolNeAR --limit 150     # or POLNEAR=/path

Each variant rewrites the same articles without moving a character (a line break for a
space, one quotation mark for another), so PolNeAR's gold offsets still hold and the
scores are comparable with the printed text in one run:

- ``printed``: the text as PolNeAR gives it;
- ``wrapped_72`` / ``wrapped_45``: hard-wrapped at 72 or 45 columns (old pages, wire copy);
- ``one_block``: the paragraph breaks lost (every line break after the headline a space);
- ``british_marks``: double quotation marks printed as single ones (‘...’), apostrophes kept;
- ``straight_marks``: curly double marks printed straight.

A layout the rules read well scores as ``printed`` does. Train only: this is a robustness
check, not a score to report against issue 11 (that is ``bench_polnear.py --split dev``).
Writes ``benchmarks/results/layout.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_polnear import RESULTS, Corpus, Doc, claimex_predict, score

from claimex.attribution import pipeline_info


def _wrap(text: str, width: int) -> str:
    """Break lines at the last space before ``width`` columns (a space becomes a line break)."""
    out = list(text)
    col, last_space = 0, -1
    for i, ch in enumerate(text):
        if ch == "\n":
            col, last_space = 0, -1
            continue
        if ch == " ":
            last_space = i
        col += 1
        if col > width and last_space >= 0:
            out[last_space] = "\n"
            col, last_space = i - last_space, -1
    return "".join(out)


def _body(rewrite: Callable[[str], str]) -> Callable[[str], str]:
    """Apply ``rewrite`` to the body only: the headline line stays as it is."""

    def apply(text: str) -> str:
        head, _, body = text.partition("\n")
        return head + "\n" + rewrite(body)

    return apply


VARIANTS: dict[str, Callable[[str], str]] = {
    "printed": lambda t: t,
    "wrapped_72": _body(lambda b: _wrap(b, 72)),
    "wrapped_45": _body(lambda b: _wrap(b, 45)),
    "one_block": _body(lambda b: b.replace("\n", " ")),
    "british_marks": lambda t: t.replace("“", "‘").replace("”", "’"),
    "straight_marks": lambda t: t.replace("“", '"').replace("”", '"'),
}
_KEYS = ("recall_direct_named", "speaker_agreement", "precision", "proposals")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("polnear", nargs="?", default=os.environ.get("POLNEAR"), help="PolNeAR path (or $POLNEAR)")
    ap.add_argument("--limit", type=int, default=150, help="train articles to use (default 150)")
    args = ap.parse_args(argv)
    if not args.polnear:
        ap.error("give the PolNeAR path or set POLNEAR")
    docs: list[Doc] = Corpus(Path(args.polnear)).docs("train", args.limit)
    rows: dict[str, Any] = {}
    for name, rewrite in VARIANTS.items():
        variant = [dataclasses.replace(d, text=rewrite(d.text)) for d in docs]
        assert all(len(v.text) == len(d.text) for v, d in zip(variant, docs, strict=True))
        scored = score(variant, claimex_predict)
        rows[name] = {k: scored[k] for k in _KEYS}
        print(name, rows[name], file=sys.stderr)
    results = {"split": "train", "articles": len(docs), "spacy_pipeline": pipeline_info(), "variants": rows}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "layout.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "layout.md").write_text(_markdown(results), encoding="utf-8")
    print(_markdown(results))
    return 0


def _markdown(results: dict[str, Any]) -> str:
    printed = results["variants"]["printed"]
    lines = [
        f"# Layout robustness: PolNeAR train, {results['articles']} articles (spaCy {results['spacy_pipeline']})",
        "",
        "Each variant moves no character, so the gold offsets hold; a robust reader scores as `printed`.",
        "",
        "| layout | recall (direct, named) | vs printed | speaker agreement | precision | proposals |",
        "|---|---|---|---|---|---|",
    ]
    for name, row in results["variants"].items():
        ratio = row["recall_direct_named"] / printed["recall_direct_named"] if printed["recall_direct_named"] else 0
        lines.append(
            f"| {name} | {row['recall_direct_named']} | {ratio:.3f} | {row['speaker_agreement']} "
            f"| {row['precision']} | {row['proposals']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
