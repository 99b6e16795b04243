"""Run folders: what an evaluation leaves on disk, and reading it back (no rendering here).

A run folder (``evals/runs/<run-id>/``) holds:

- ``predictions.jsonl`` - the extractor's records (results and errors), as written;
- ``matches.jsonl`` - one :class:`~claimex.evaluation.matching.ArticleMatch` per line: gold
  and predicted claims side by side with the per-pair verdicts;
- ``metrics.json`` - :class:`~claimex.evaluation.metrics.Metrics`;
- ``manifest.json`` - whatever the caller passes (git revision, claimex version, prompt,
  schema hash, backend, model, params, dataset hash, cache hits, usage, wall time);
- ``report.md`` and ``report.html`` - written by :mod:`claimex.view` from the above.

Public API: :class:`RunFolder` (``create``, ``write_predictions``, ``write_scores``,
``write_manifest``), :func:`load_run`, :func:`metrics_json`, :func:`new_run_id`,
:func:`dataset_hash`, :func:`git_revision`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimex.core.errors import InputError
from claimex.core.types import Article, ErrorRecord, ExtractionResult
from claimex.evaluation.matching import ArticleMatch, RunMatch
from claimex.evaluation.metrics import Metrics
from claimex.evaluation.predictions import PredictionSet, read_predictions

__all__ = ["LoadedRun", "RunFolder", "dataset_hash", "git_revision", "load_run", "metrics_json", "new_run_id"]


def metrics_json(metrics: Metrics) -> str:
    return metrics.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------- provenance helpers


def new_run_id(label: str | None = None, now: dt.datetime | None = None) -> str:
    """``20250102T030405Z`` or ``20250102T030405Z-<label>`` (label cut to ``[A-Za-z0-9._-]``)."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    if not label:
        return stamp
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", label).strip("-.")
    return f"{stamp}-{slug}" if slug else stamp


def dataset_hash(gold_dir: str | Path, articles: Iterable[Article]) -> str:
    """sha256 over the gold files (name and bytes) and the articles (id and text hash).

    Changes when any gold file or article text changes; independent of file order.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(gold_dir).glob("*.json")):
        digest.update(f"gold\0{path.name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    for article_id, text_sha in sorted((a.id, a.text_sha256) for a in articles):
        digest.update(f"article\0{article_id}\0{text_sha}\n".encode())
    return digest.hexdigest()


def git_revision(cwd: str | Path | None = None) -> str | None:
    """``HEAD``'s commit, with ``+dirty`` when tracked files differ; None outside git."""
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    if not rev:
        return None
    return f"{rev}+dirty" if status.strip() else rev


# --------------------------------------------------------------------------- run folders


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


@dataclass(frozen=True)
class RunFolder:
    """The folder of one evaluation run."""

    path: Path

    PREDICTIONS = "predictions.jsonl"
    MATCHES = "matches.jsonl"
    METRICS = "metrics.json"
    REPORT = "report.md"
    MANIFEST = "manifest.json"

    @classmethod
    def create(cls, root: str | Path = "evals/runs", run_id: str | None = None) -> RunFolder:
        """Make ``root/run_id`` (a fresh id when None); an existing run is never overwritten."""
        path = Path(root) / (run_id or new_run_id())
        try:
            path.mkdir(parents=True, exist_ok=False)
        except FileExistsError:
            raise InputError(f"{path}: run folder already exists") from None
        return cls(path)

    @property
    def run_id(self) -> str:
        return self.path.name

    def write_predictions(self, records: Iterable[ExtractionResult | ErrorRecord]) -> Path:
        target = self.path / self.PREDICTIONS
        _write_atomic(target, "".join(r.model_dump_json() + "\n" for r in records))
        return target

    def write_scores(self, run: RunMatch, metrics: Metrics) -> None:
        """``matches.jsonl`` and ``metrics.json`` (replacing earlier scores)."""
        _write_atomic(self.path / self.MATCHES, "".join(a.model_dump_json() + "\n" for a in run.articles))
        _write_atomic(self.path / self.METRICS, metrics_json(metrics))

    def write_text(self, name: str, text: str) -> Path:
        """Write a rendered file (``report.md``, ``report.html``) into the run folder, atomically."""
        target = self.path / name
        _write_atomic(target, text)
        return target

    def write_manifest(self, manifest: Mapping[str, Any]) -> Path:
        target = self.path / self.MANIFEST
        _write_atomic(target, json.dumps(dict(manifest), indent=2, sort_keys=True, default=str) + "\n")
        return target


@dataclass
class LoadedRun:
    """A finished run read back from its folder; ``matches``/``metrics`` None if never scored."""

    path: Path
    predictions: PredictionSet
    manifest: dict[str, Any]
    metrics: dict[str, Any] | None
    matches: RunMatch | None


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{exc.lineno}: malformed JSON ({exc.msg})") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc


def load_run(path: str | Path) -> LoadedRun:
    """Read a run folder. Raises ``InputError`` when it has no ``predictions.jsonl``."""
    folder = Path(path)
    if not (folder / RunFolder.PREDICTIONS).is_file():
        raise InputError(f"{folder}: not a run folder (no {RunFolder.PREDICTIONS})")
    predictions = read_predictions(folder / RunFolder.PREDICTIONS)
    manifest_path = folder / RunFolder.MANIFEST
    manifest = _read_json(manifest_path) if manifest_path.is_file() else {}
    metrics_path = folder / RunFolder.METRICS
    metrics = _read_json(metrics_path) if metrics_path.is_file() else None
    matches = None
    matches_path = folder / RunFolder.MATCHES
    if matches_path.is_file():
        articles = []
        for lineno, line in enumerate(matches_path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    articles.append(ArticleMatch.model_validate_json(line))
                except ValueError as exc:
                    raise InputError(f"{matches_path}:{lineno}: not an article match ({exc})") from None
        meta = metrics or {}
        matches = RunMatch(
            config=meta.get("config", {}),
            articles=tuple(articles),
            unscored=tuple(meta.get("unscored", ())),
            warnings=tuple(meta.get("warnings", ())),
        )
    return LoadedRun(folder, predictions, manifest, metrics, matches)
