"""Gold files: load them for scoring, and check them against the annotation contract.

The format is the one in ``ANNOTATION.md`` (v1): one ``<article_id>.json`` per article,
``{"article_id", "published", "claims": [...]}``. Unknown keys are an error. A file with
``text_sha256`` is standoff gold (quotes by offsets; :mod:`claimex.evaluation.standoff`).

Public functions (the CLI's ``claimex gold check`` and ``claimex eval`` call these):

- :func:`load_gold_file` ``(path) -> GoldFile`` - one file; raises :class:`GoldFormatError`.
- :func:`load_gold_dir` ``(directory) -> dict[str, GoldFile]`` - every ``*.json`` directly in
  ``directory`` keyed by article id; raises :class:`GoldFormatError` listing every problem
  of the first bad file (schema, JSON syntax, file name != article_id).
- :func:`check_gold` ``(gold_dir, articles_dir) -> list[GoldProblem]`` - everything
  ``load_gold_dir`` checks, plus: the article exists, every quote is in its article (after
  folding quote marks and white space), publication dates agree, no claim is dated after
  publication, no duplicate claims. Never raises for a bad gold file; an empty list means
  clean. ``str(problem)`` is ``"<file>: claims[3].stance: <message>"``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from claimex.attribution.names import LENIENT, names_match
from claimex.core.articles import load_articles
from claimex.core.errors import GoldFormatError
from claimex.core.grounding import ArticleIndex
from claimex.core.text import fold_plain, strip_wrapping
from claimex.core.types import Article, QuoteType, Stance
from claimex.evaluation.standoff import STANDOFF_KEY, StandoffFile, materialise

__all__ = [
    "GoldClaim",
    "GoldFile",
    "GoldProblem",
    "check_gold",
    "check_gold_files",
    "load_gold_dir",
    "load_gold_file",
    "raise_for_problems",
]

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD`` strings (or null), not timestamps or datetimes."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f"{value!r} is not a YYYY-MM-DD date")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a valid date") from None


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GoldClaim(_Frozen):
    """One hand-labelled claim (see ANNOTATION.md, "Fields")."""

    speaker: str = Field(min_length=1)
    speaker_aliases: tuple[str, ...] = ()
    quote: str = Field(min_length=1)
    quote_type: QuoteType
    # The contract writes null explicitly; an absent key means the same, so it is accepted.
    target: str | None = None
    target_aliases: tuple[str, ...] = ()
    stance: Stance
    date: dt.date | None = None

    _check_date = field_validator("date", mode="before")(_iso_date)


class GoldFile(_Frozen):
    """The gold claims of one article."""

    article_id: str = Field(min_length=1)
    published: dt.date | None = None
    claims: tuple[GoldClaim, ...]

    _check_published = field_validator("published", mode="before")(_iso_date)


@dataclass(frozen=True, slots=True)
class GoldProblem:
    """One thing wrong with a gold file. ``where`` is e.g. ``claims[3].stance`` or ``3:5``."""

    path: str
    where: str
    message: str
    code: str

    def __str__(self) -> str:
        if not self.where:
            return f"{self.path}: {self.message}"
        if self.where[0].isdigit():  # line:column, compiler style
            return f"{self.path}:{self.where}: {self.message}"
        return f"{self.path}: {self.where}: {self.message}"


_ENUMS: dict[str, type[StrEnum]] = {"stance": Stance, "quote_type": QuoteType}
_CLAIM_KEYS = tuple(GoldClaim.model_fields)
_FILE_KEYS = tuple(GoldFile.model_fields)


def _loc_to_str(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pydantic_problems(path: str, exc: ValidationError) -> list[GoldProblem]:
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        where = _loc_to_str(loc)
        field = loc[-1] if loc else ""
        kind = err["type"]
        value = err.get("input")
        if kind == "extra_forbidden":
            allowed = _CLAIM_KEYS if len(loc) > 1 else _FILE_KEYS
            msg, code = f"unknown key (allowed: {', '.join(allowed)})", "unknown_key"
        elif kind == "missing":
            msg, code = "required key is missing", "missing_key"
        elif kind == "enum" and isinstance(field, str) and field in _ENUMS:
            choices = ", ".join(m.value for m in _ENUMS[field])
            msg, code = f"{value!r} is not one of {choices}", "bad_enum"
        elif field in ("date", "published"):
            msg = str(err.get("ctx", {}).get("error", err["msg"]))
            msg, code = msg, "bad_date"
        elif kind == "string_too_short":
            msg, code = "must not be empty", "empty"
        elif kind in ("string_type", "tuple_type", "list_type", "model_type", "dict_type"):
            expected = {
                "string_type": "a string",
                "tuple_type": "a list",
                "list_type": "a list",
            }.get(kind, "an object")
            msg, code = f"expected {expected}, got {type(value).__name__} {value!r}", "bad_type"
        else:
            msg, code = err["msg"], "schema"
        problems.append(GoldProblem(path, where, msg, code))
    return problems


def _from_standoff(
    shown: str, data: dict[str, Any], articles: Mapping[str, Article] | None
) -> tuple[dict[str, Any] | None, list[GoldProblem]]:
    """Materialise a standoff file's quotes from its article (see :mod:`.standoff`)."""
    try:
        standoff = StandoffFile.model_validate(data)
    except ValidationError as exc:
        return None, _pydantic_problems(shown, exc)
    if articles is None:
        return None, [GoldProblem(shown, "", "standoff gold needs its articles (give --articles)", "no_article")]
    article = articles.get(standoff.article_id)
    if article is None:
        return None, [
            GoldProblem(shown, "article_id", f"no article {standoff.article_id!r} among the articles", "no_article")
        ]
    try:
        return materialise(standoff, article), []
    except ValueError as exc:
        return None, [GoldProblem(shown, STANDOFF_KEY, str(exc), "text_mismatch")]


def _parse(path: Path, articles: Mapping[str, Article] | None = None) -> tuple[GoldFile | None, list[GoldProblem]]:
    """Read and validate one file: JSON syntax, schema, file name. Never raises.

    A file with ``text_sha256`` is standoff gold: its quotes are cut from ``articles``.
    """
    shown = str(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [GoldProblem(shown, "", f"cannot read: {exc}", "unreadable")]
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, [GoldProblem(shown, f"{exc.lineno}:{exc.colno}", f"malformed JSON: {exc.msg}", "json")]
    if not isinstance(data, dict):
        return None, [GoldProblem(shown, "", f"expected a JSON object, got {type(data).__name__}", "schema")]
    if STANDOFF_KEY in data:
        materialised, problems = _from_standoff(shown, data, articles)
        if materialised is None:
            return None, problems
        data = materialised
    try:
        gold = GoldFile.model_validate(data)
    except ValidationError as exc:
        return None, _pydantic_problems(shown, exc)
    if gold.article_id != path.stem:
        return gold, [
            GoldProblem(
                shown,
                "article_id",
                f"{gold.article_id!r} does not match the file name (expected {path.stem!r})",
                "file_name",
            )
        ]
    return gold, []


def _gold_paths(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise GoldFormatError(f"{directory}: not a directory of gold files")
    return sorted(p for p in directory.glob("*.json") if p.is_file())


def load_gold_file(path: str | Path, articles: Mapping[str, Article] | None = None) -> GoldFile:
    """One gold file, validated; :class:`GoldFormatError` names every problem in it.

    ``articles`` (by id) is needed for standoff gold, whose quotes come from the text.
    """
    gold, problems = _parse(Path(path), articles)
    if problems or gold is None:
        raise GoldFormatError("\n".join(map(str, problems)))
    return gold


def load_gold_dir(directory: str | Path, articles: Mapping[str, Article] | None = None) -> dict[str, GoldFile]:
    """Every ``*.json`` directly in ``directory`` (not recursive), keyed by article id.

    Raises :class:`GoldFormatError` on the first invalid file, or when there are none.
    Quotes are not checked against articles here; run :func:`check_gold` for that.
    """
    directory = Path(directory)
    paths = _gold_paths(directory)
    if not paths:
        raise GoldFormatError(f"{directory}: no gold files (*.json)")
    return {gold.article_id: gold for gold in (load_gold_file(p, articles) for p in paths)}


def _same_speaker(a: GoldClaim, b: GoldClaim) -> bool:
    names_a = (a.speaker, *a.speaker_aliases)
    names_b = (b.speaker, *b.speaker_aliases)
    return any(names_match(x, y, LENIENT) for x in names_a for y in names_b)


def _folded_quote(quote: str) -> str:
    return fold_plain(strip_wrapping(quote), lower=True)


def _claim_problems(path: str, gold: GoldFile, article: Article | None) -> list[GoldProblem]:
    problems: list[GoldProblem] = []
    index = ArticleIndex(article.text) if article is not None else None
    if article is not None and article.published and gold.published and article.published != gold.published:
        problems.append(
            GoldProblem(
                path,
                "published",
                f"{gold.published.isoformat()} differs from the article's published date "
                f"{article.published.isoformat()}",
                "published_mismatch",
            )
        )
    folded = [_folded_quote(c.quote) for c in gold.claims]
    for i, claim in enumerate(gold.claims):
        if index is not None and not index.find_all(claim.quote):
            problems.append(
                GoldProblem(
                    path,
                    f"claims[{i}].quote",
                    f"not found in article {gold.article_id} "
                    f"(after folding quote marks and white space): {_shorten(claim.quote)!r}",
                    "quote_not_found",
                )
            )
        if claim.date and gold.published and claim.date > gold.published:
            problems.append(
                GoldProblem(
                    path,
                    f"claims[{i}].date",
                    f"{claim.date.isoformat()} is after the publication date {gold.published.isoformat()}",
                    "date_after_published",
                )
            )
        for j in range(i):
            other = gold.claims[j]
            if folded[i] == folded[j]:
                problems.append(
                    GoldProblem(
                        path,
                        f"claims[{i}].quote",
                        f"duplicate of claims[{j}] (same quote)",
                        "duplicate",
                    )
                )
            elif (folded[i] in folded[j] or folded[j] in folded[i]) and _same_speaker(claim, other):
                inner, outer = (i, j) if folded[i] in folded[j] else (j, i)
                problems.append(
                    GoldProblem(
                        path,
                        f"claims[{i}].quote",
                        f"duplicate of claims[{j}]: claims[{inner}].quote is contained in "
                        f"claims[{outer}].quote, same speaker {claim.speaker!r}",
                        "duplicate",
                    )
                )
    return problems


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_gold_files(paths: Iterable[Path], articles: Mapping[str, Article]) -> list[GoldProblem]:
    """Check the given gold files against ``articles`` (by id); see :func:`check_gold`."""
    problems: list[GoldProblem] = []
    seen: dict[str, str] = {}
    for path in paths:
        gold, found = _parse(path, articles)
        problems.extend(found)
        if gold is None:
            continue
        shown = str(path)
        if gold.article_id in seen:
            problems.append(
                GoldProblem(
                    shown,
                    "article_id",
                    f"{gold.article_id!r} is also labelled in {seen[gold.article_id]}",
                    "duplicate_file",
                )
            )
        seen[gold.article_id] = shown
        article = articles.get(gold.article_id)
        if article is None:
            problems.append(
                GoldProblem(
                    shown,
                    "article_id",
                    f"no article {gold.article_id!r} among the articles",
                    "no_article",
                )
            )
        problems.extend(_claim_problems(shown, gold, article))
    return problems


def check_gold(gold_dir: str | Path, articles_dir: str | Path) -> list[GoldProblem]:
    """Every problem in the gold files of ``gold_dir``, checked against ``articles_dir``.

    An unreadable articles directory is not a gold problem: it raises ``InputError``.
    """
    gold_dir = Path(gold_dir)
    paths = _gold_paths(gold_dir)
    if not paths:
        return [GoldProblem(str(gold_dir), "", "no gold files (*.json)", "empty")]
    articles = {a.id: a for a in load_articles([str(articles_dir)])}
    return check_gold_files(paths, articles)


def raise_for_problems(problems: Sequence[GoldProblem]) -> None:
    """Raise :class:`GoldFormatError` naming every problem, if there are any."""
    if problems:
        raise GoldFormatError("\n".join(map(str, problems)))
