"""Rebuild the git-ignored dev texts from raw page excerpts and check them against the index.

Why: the article texts are third-party sentences and never enter git, so every new checkout
re-collects them. A re-collected page is only usable when its bytes hash to the sha256 the
gold's offsets were labelled against; this script writes `texts/<part>/<id>.txt` and each
part's `manifest.jsonl` for the pages that match, and names the ones that do not.

Usage: put each page's excerpt, exactly as the store gives it, in `work/raw/<id>.txt`, then
run `python3 evals/datasets/dev/assemble.py`. Exit 1 while any article is missing or differs.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def candidates(title: str, raw: str) -> list[str]:
    """The text forms a stored excerpt may take: with or without a title line, a final newline."""
    body = raw.strip()
    forms = [f"{title}\n\n{body}", body]
    if body.startswith(title):
        forms.append(f"{title}\n\n{body[len(title) :].strip()}")
    return [form + end for form in forms for end in ("\n", "")]


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> int:
    rows = [json.loads(line) for line in (HERE / "index.jsonl").read_text().splitlines() if line]
    manifests: dict[str, list[dict[str, str | None]]] = {}
    missing, differing = [], []
    for row in rows:
        raw_path = HERE / "work" / "raw" / f"{row['id']}.txt"
        if not raw_path.exists():
            missing.append(row["id"])
            continue
        raw = raw_path.read_text(encoding="utf-8")
        match = next((t for t in candidates(row["title"], raw) if sha(t) == row["sha256"]), None)
        if match is None:
            lengths = [len(t) for t in candidates(row["title"], raw)]
            differing.append(f"{row['id']} (want {row['length']} chars, have {lengths})")
            continue
        out = HERE / "texts" / row["part"] / f"{row['id']}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(match, encoding="utf-8")
        manifests.setdefault(row["part"], []).append(
            {
                "id": row["id"],
                "file": out.name,
                "source": row["source"],
                "url": row["url"],
                "published": row["published"],
            }
        )
    for part, entries in manifests.items():
        lines = [json.dumps(entry, ensure_ascii=False) for entry in entries]
        (HERE / "texts" / part / "manifest.jsonl").write_text("\n".join(lines) + "\n")
    ok = len(rows) - len(missing) - len(differing)
    print(f"{ok}/{len(rows)} texts match the index")
    for name in missing:
        print(f"missing: {name}")
    for note in differing:
        print(f"differs: {note}")
    return 0 if ok == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
