"""The development set side by side: claimex's rules against textacy's ``direct_quotations``.

Usage (the dev texts are git-ignored; re-collect them first, see evals/datasets/dev/README.md)::

    python benchmarks/bench_devset.py [--gold evals/gold/dev] [--articles evals/datasets/dev/texts]

The same scoring as ``bench_polnear.py`` (a proposal finds a gold claim when their spans
overlap by half the shorter one; speaker agreement by name matching), on the hand-labelled
dev gold: recall of the gold's direct quotes (textacy's whole remit) and of every claim
(direct, indirect and mixed), speaker agreement, precision. Gold files whose article text
is missing are left out and counted. Writes ``benchmarks/results/devset.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_polnear import RESULTS, Doc, Gold, claimex_predict, score, textacy_predict

from claimex.attribution._nlp import pipeline_info
from claimex.core.articles import load_articles
from claimex.evaluation.gold import load_gold_file

ROOT = Path(__file__).resolve().parent.parent


def dev_docs(gold_dir: Path, articles_dir: Path, *, direct_only: bool) -> tuple[list[Doc], int]:
    present = {a.id: a for a in load_articles([str(articles_dir)])}
    docs, missing = [], 0
    for path in sorted(gold_dir.glob("*.json")):
        if path.stem not in present:
            missing += 1
            continue
        gold = load_gold_file(path, present)
        article = present[path.stem]
        doc = Doc(article.id, article.text)
        for claim in gold.claims:
            start = article.text.find(claim.quote)
            if start < 0:
                continue
            direct = claim.quote_type.value == "direct"
            doc.gold.append(Gold(claim.speaker, (start, start + len(claim.quote)), direct or not direct_only))
        docs.append(doc)
    return docs, missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=ROOT / "evals" / "gold" / "dev")
    ap.add_argument("--articles", type=Path, default=ROOT / "evals" / "datasets" / "dev" / "texts")
    ap.add_argument("--no-textacy", action="store_true")
    args = ap.parse_args(argv)
    systems: dict[str, Any] = {"claimex_rules": claimex_predict}
    if not args.no_textacy:
        try:
            import textacy  # noqa: F401
        except ImportError:
            print("textacy not installed: skipping its column", file=sys.stderr)
        else:
            systems["textacy_direct_quotations"] = textacy_predict
    results: dict[str, Any] = {"spacy_pipeline": pipeline_info()}
    for label, direct_only in (("direct", True), ("all", False)):
        docs, missing = dev_docs(args.gold, args.articles, direct_only=direct_only)
        results["articles_missing"] = missing
        for name, predict in systems.items():
            results.setdefault(name, {})[label] = score(docs, predict)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "devset.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = _markdown(results, list(systems))
    (RESULTS / "devset.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


def _markdown(results: dict[str, Any], systems: list[str]) -> str:
    lines = [
        f"# Development set (spaCy {results['spacy_pipeline']})",
        "",
        f"Gold files without their article text (not re-collected): {results['articles_missing']}.",
        "",
        "| metric | " + " | ".join(systems) + " |",
        "|---|" + "---|" * len(systems),
    ]
    rows = [
        ("gold direct quotes", "direct", "gold_direct_named"),
        ("recall, direct quotes", "direct", "recall_direct_named"),
        ("gold claims (all types)", "all", "gold_direct_named"),
        ("recall, all claims", "all", "recall_direct_named"),
        ("speaker agreement, all claims", "all", "speaker_agreement"),
        ("proposals", "all", "proposals"),
        ("precision", "all", "precision"),
    ]
    for title, label, key in rows:
        lines.append(f"| {title} | " + " | ".join(str(results[s][label][key]) for s in systems) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
