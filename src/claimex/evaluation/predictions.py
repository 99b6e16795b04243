"""Predictions: the JSONL the extractor writes, read back into claims per article.

Each line is an :class:`ExtractionResult` (``"kind": "result"``) or an :class:`ErrorRecord`
(``"kind": "error"``). Public functions:

- :func:`read_predictions` ``(path, *, strict=False) -> PredictionSet`` - malformed lines
  become :class:`PredictionProblem` entries (``"<file>:<line>: <message>"``); with
  ``strict=True`` the first one raises ``InputError`` instead.
- :func:`predictions_from_records` ``(records) -> PredictionSet`` - the same from objects in
  memory (``claimex eval run`` scores what it just extracted without a file round trip).

When an article appears more than once (a resumed run), a result replaces an earlier
error, and a later result replaces an earlier one; each replacement is noted in
``PredictionSet.warnings``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, TypeAdapter, ValidationError

from claimex.core.errors import InputError
from claimex.core.types import Claim, ErrorRecord, ExtractionResult

__all__ = [
    "PredictionProblem",
    "PredictionSet",
    "PredictionStatus",
    "predictions_from_records",
    "read_predictions",
]

Record = ExtractionResult | ErrorRecord
PredictionStatus = Literal["ok", "error", "missing"]
_RECORD: TypeAdapter[Record] = TypeAdapter(Annotated[Record, Field(discriminator="kind")])


@dataclass(frozen=True, slots=True)
class PredictionProblem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class PredictionSet:
    """What a run predicted, by article id."""

    results: dict[str, ExtractionResult] = field(default_factory=dict)
    errors: dict[str, ErrorRecord] = field(default_factory=dict)
    unidentified_errors: list[ErrorRecord] = field(default_factory=list)
    problems: list[PredictionProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def claims(self, article_id: str) -> tuple[Claim, ...]:
        result = self.results.get(article_id)
        return result.claims if result is not None else ()

    def status(self, article_id: str) -> PredictionStatus:
        """``ok`` (a result), ``error`` (an error record) or ``missing``."""
        if article_id in self.results:
            return "ok"
        return "error" if article_id in self.errors else "missing"

    def records(self) -> list[Record]:
        """Every record kept, results then errors, each sorted by article id."""
        out: list[Record] = [self.results[k] for k in sorted(self.results)]
        out.extend(self.errors[k] for k in sorted(self.errors))
        out.extend(self.unidentified_errors)
        return out

    def add(self, record: Record, where: str = "") -> None:
        prefix = f"{where}: " if where else ""
        if isinstance(record, ErrorRecord):
            if record.article_id is None:
                self.unidentified_errors.append(record)
            elif record.article_id in self.results:
                self.warnings.append(f"{prefix}error for {record.article_id} ignored: it already has a result")
            else:
                self.errors[record.article_id] = record
            return
        if record.article_id in self.results:
            self.warnings.append(f"{prefix}a later result replaces the earlier one for {record.article_id}")
        self.errors.pop(record.article_id, None)
        self.results[record.article_id] = record


def predictions_from_records(records: Iterable[Record]) -> PredictionSet:
    out = PredictionSet()
    for record in records:
        out.add(record)
    return out


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    # Union errors carry the member tag first ("ExtractionResult", ...); drop it.
    loc = [p for p in err["loc"] if p not in ("result", "error", "ExtractionResult", "ErrorRecord")]
    where = ".".join(str(p) for p in loc)
    return f"{where}: {err['msg']}" if where else str(err["msg"])


def read_predictions(path: str | Path, *, strict: bool = False) -> PredictionSet:
    """Read a predictions JSONL file. A missing or unreadable file raises ``InputError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such predictions file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    out = PredictionSet()
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        problem: str | None = None
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problem = f"malformed JSON ({exc.msg}, column {exc.colno})"
        else:
            if not isinstance(data, dict):
                problem = f"expected a JSON object, got {type(data).__name__}"
            elif data.get("kind") not in ("result", "error"):
                problem = f"'kind' must be 'result' or 'error', got {data.get('kind')!r}"
            else:
                try:
                    out.add(_RECORD.validate_python(data), f"{path}:{lineno}")
                except ValidationError as exc:
                    problem = f"not a valid {data['kind']} record: {_first_error(exc)}"
        if problem is not None:
            if strict:
                raise InputError(f"{path}:{lineno}: {problem}")
            out.problems.append(PredictionProblem(str(path), lineno, problem))
    return out
