"""The matcher: pair predicted claims with gold claims, one to one, and judge each pair.

Per article, every (predicted, gold) pair gets a quote similarity in [0, 1]:

- ``span``: when both are grounded (the gold quote is found in the article, the
  prediction has ``start``/``end`` and an alignment other than ``none``), the overlap of
  their character spans - intersection over union (``span_overlap="iou"``, the default)
  or intersection over the shorter span (``"min"``). A gold quote that occurs more
  than once takes its best occurrence.
- ``tokens``: otherwise, the F1 of the two quotes' sets of folded lower-case word tokens.

Pairs below ``MatchConfig.threshold`` cannot match; among the rest an optimal one-to-one
assignment (``scipy.optimize.linear_sum_assignment``) maximises the total similarity.
Near-exact ties are broken in favour of the pair with more fields right, so the result
does not depend on the order of the claims. Two predictions overlapping one gold claim:
one is matched, the other is a false positive.

Each matched pair is then judged field by field (:data:`FIELDS`): ``speaker`` and
``target`` by :func:`claimex.attribution.names.names_match` under the configured rules,
against the gold name and (with ``use_aliases``) its aliases, or any predicted alias;
``target`` both null counts as right. ``stance``, ``date`` and ``quote_type`` must be equal.

Public API (the CLI calls :func:`match_run`):

- :class:`MatchConfig` - ``threshold``, ``name_rules``, ``use_aliases``, ``surname_fallback``,
  ``span_overlap``; :meth:`MatchConfig.strict` for the no-forgiveness variant.
- :func:`match_article` ``(article_id, gold, predicted, text=None, config=...) -> ArticleMatch``
- :func:`match_run` ``(gold, predictions, articles=None, config=...) -> RunMatch`` - every gold
  article; an article with no result (error or missing) is scored as predicting nothing.

The results (:class:`PairVerdict`, :class:`ArticleMatch`, :class:`RunMatch`) are Pydantic
models, written to a run's ``matches.jsonl`` and read back for re-scoring and comparison.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict
from scipy.optimize import linear_sum_assignment

from claimex.attribution.names import LENIENT, NameRules, names_match
from claimex.core.grounding import ArticleIndex
from claimex.core.types import Article, Claim
from claimex.evaluation.gold import GoldClaim, GoldFile
from claimex.evaluation.predictions import PredictionSet, PredictionStatus
from claimex.evaluation.similarity import gold_spans, pred_span, span_overlap, token_f1, tokens

__all__ = [
    "FIELDS",
    "ArticleMatch",
    "MatchConfig",
    "PairVerdict",
    "RunMatch",
    "match_article",
    "match_run",
    "quote_similarity_matrix",
]

FIELDS: tuple[str, ...] = ("speaker", "target", "stance", "date", "quote_type")
# Small enough never to outweigh a real difference in quote similarity.
_TIE_BREAK = 1e-6
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """How predictions are paired with gold claims and how names are compared."""

    threshold: float = 0.5
    name_rules: NameRules = field(default_factory=lambda: LENIENT)
    use_aliases: bool = True
    surname_fallback: bool = True
    span_overlap: Literal["iou", "min"] = "iou"

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if self.span_overlap not in ("iou", "min"):
            raise ValueError(f"span_overlap must be 'iou' or 'min', got {self.span_overlap!r}")

    @classmethod
    def strict(cls, threshold: float = 0.5) -> MatchConfig:
        """Exact names (case aside), no aliases, no surname fallback."""
        return cls(threshold, NameRules.strict(), use_aliases=False, surname_fallback=False)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchConfig:
        values = dict(data)
        if isinstance(values.get("name_rules"), Mapping):
            values["name_rules"] = NameRules(**values["name_rules"])
        return cls(**values)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PairVerdict(_Model):
    """A matched (gold, predicted) pair: indices into the article's lists, and field verdicts."""

    gold: int
    pred: int
    similarity: float
    method: Literal["span", "tokens"]
    speaker: bool
    target: bool
    stance: bool
    date: bool
    quote_type: bool

    @property
    def wrong_fields(self) -> tuple[str, ...]:
        return tuple(f for f in FIELDS if not getattr(self, f))

    @property
    def attribution_correct(self) -> bool:
        return self.speaker

    @property
    def fully_correct(self) -> bool:
        return self.speaker and self.target and self.stance and self.date and self.quote_type


class ArticleMatch(_Model):
    """One article's gold and predicted claims, the matched pairs, and what is left over."""

    article_id: str
    status: PredictionStatus = "ok"
    error: str | None = None
    gold: tuple[GoldClaim, ...]
    predicted: tuple[Claim, ...]
    pairs: tuple[PairVerdict, ...]
    missed: tuple[int, ...]
    false_positives: tuple[int, ...]
    grounded_text: bool = True

    def pair_for_gold(self, index: int) -> PairVerdict | None:
        return next((p for p in self.pairs if p.gold == index), None)


class RunMatch(_Model):
    """A whole run matched against gold: one :class:`ArticleMatch` per gold article."""

    config: dict[str, Any]
    articles: tuple[ArticleMatch, ...]
    unscored: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def by_id(self) -> dict[str, ArticleMatch]:
        return {a.article_id: a for a in self.articles}


# --------------------------------------------------------------------------- similarity


def quote_similarity_matrix(
    gold: Sequence[GoldClaim],
    predicted: Sequence[Claim],
    text: str | None,
    config: MatchConfig,
) -> tuple[np.ndarray, np.ndarray]:
    """``(similarity, by_span)``, both ``len(predicted) x len(gold)``.

    ``by_span`` marks the entries computed from character spans (the rest are token F1).
    """
    n_pred, n_gold = len(predicted), len(gold)
    if n_pred == 0 or n_gold == 0:
        empty = np.zeros((n_pred, n_gold))
        return empty, empty.astype(bool)
    index: list[ArticleIndex] = []
    if text is not None:
        gold_found = [gold_spans(text, index, g.quote) for g in gold]
        pred_spans = [pred_span(c, len(text)) for c in predicted]
    else:
        gold_found = [[] for _ in gold]
        pred_spans = [None for _ in predicted]
    by_span = np.array([p is not None for p in pred_spans])[:, None] & np.array([bool(s) for s in gold_found])[None, :]
    sim = span_overlap(pred_spans, gold_found, config.span_overlap) if by_span.any() else np.zeros((n_pred, n_gold))
    need = ~by_span
    n_need = int(need.sum())
    if n_need > 64:  # many pairs (no article text, say): one matrix product
        tok = token_f1([tokens(c.quote) for c in predicted], [tokens(g.quote) for g in gold])
        sim = np.where(by_span, sim, tok)
    elif n_need:  # a few ungrounded predictions: plain set arithmetic on just those pairs
        pred_tok: dict[int, frozenset[str]] = {}
        gold_tok: dict[int, frozenset[str]] = {}
        for i, j in zip(*np.nonzero(need), strict=True):
            if i not in pred_tok:
                pred_tok[i] = tokens(predicted[i].quote)
            if j not in gold_tok:
                gold_tok[j] = tokens(gold[j].quote)
            a, b = pred_tok[i], gold_tok[j]
            total = len(a) + len(b)
            sim[i, j] = 2.0 * len(a & b) / total if total else 0.0
    return sim, by_span


# --------------------------------------------------------------------------- field verdicts


@lru_cache(maxsize=65536)
def _names_match(a: str, b: str, rules: NameRules, surname_fallback: bool) -> bool:
    return names_match(a, b, rules, surname_fallback=surname_fallback)


def _name_ok(
    pred: str,
    pred_aliases: Sequence[str],
    gold: str,
    gold_aliases: Sequence[str],
    config: MatchConfig,
) -> bool:
    preds = (pred, *pred_aliases) if config.use_aliases else (pred,)
    golds = (gold, *gold_aliases) if config.use_aliases else (gold,)
    return any(_names_match(p, g, config.name_rules, config.surname_fallback) for p in preds for g in golds)


def _field_verdicts(pred: Claim, gold: GoldClaim, config: MatchConfig) -> dict[str, bool]:
    if pred.target is None or gold.target is None:
        target_ok = pred.target is None and gold.target is None
    else:
        target_ok = _name_ok(pred.target, pred.target_aliases, gold.target, gold.target_aliases, config)
    speaker_aliases = pred.speaker_aliases
    if pred.speaker_mention:
        speaker_aliases = (*speaker_aliases, pred.speaker_mention)
    return {
        "speaker": _name_ok(pred.speaker, speaker_aliases, gold.speaker, gold.speaker_aliases, config),
        "target": target_ok,
        "stance": pred.stance == gold.stance,
        "date": pred.date == gold.date,
        "quote_type": pred.quote_type == gold.quote_type,
    }


# --------------------------------------------------------------------------- assignment


def match_article(
    article_id: str,
    gold: Sequence[GoldClaim],
    predicted: Sequence[Claim],
    text: str | None = None,
    config: MatchConfig | None = None,
    *,
    status: PredictionStatus = "ok",
    error: str | None = None,
) -> ArticleMatch:
    """Match one article's predictions to its gold claims. ``text`` enables span overlap."""
    config = config or MatchConfig()
    sim, by_span = quote_similarity_matrix(gold, predicted, text, config)
    pairs: list[PairVerdict] = []
    if sim.size:
        candidate = sim >= config.threshold
        if candidate.any():
            weight = np.where(candidate, sim, 0.0)
            verdicts: dict[tuple[int, int], dict[str, bool]] = {}
            for i, j in zip(*np.nonzero(candidate), strict=True):
                v = _field_verdicts(predicted[i], gold[j], config)
                verdicts[int(i), int(j)] = v
                weight[i, j] += _TIE_BREAK * sum(v.values())
            rows, cols = linear_sum_assignment(weight, maximize=True)
            for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
                if candidate[i, j]:
                    pairs.append(
                        PairVerdict(
                            gold=j,
                            pred=i,
                            similarity=round(float(sim[i, j]), 6),
                            method="span" if by_span[i, j] else "tokens",
                            **verdicts[i, j],
                        )
                    )
    pairs.sort(key=lambda p: p.gold)
    matched_gold = {p.gold for p in pairs}
    matched_pred = {p.pred for p in pairs}
    return ArticleMatch(
        article_id=article_id,
        status=status,
        error=error,
        gold=tuple(gold),
        predicted=tuple(predicted),
        pairs=tuple(pairs),
        missed=tuple(j for j in range(len(gold)) if j not in matched_gold),
        false_positives=tuple(i for i in range(len(predicted)) if i not in matched_pred),
        grounded_text=text is not None,
    )


def match_run(
    gold: Mapping[str, GoldFile],
    predictions: PredictionSet,
    articles: Mapping[str, Article] | None = None,
    config: MatchConfig | None = None,
) -> RunMatch:
    """Match every gold article (sorted by id) against the predictions.

    Without ``articles`` (or for an article not among them) quotes are compared by tokens
    only; this is noted in ``RunMatch.warnings``. Predicted articles that have no gold are
    listed in ``RunMatch.unscored``.
    """
    config = config or MatchConfig()
    warnings: list[str] = []
    matches: list[ArticleMatch] = []
    no_text: list[str] = []
    for article_id in sorted(gold):
        article = articles.get(article_id) if articles is not None else None
        if article is None:
            no_text.append(article_id)
        status = predictions.status(article_id)
        error = predictions.errors[article_id].message if status == "error" else None
        matches.append(
            match_article(
                article_id,
                gold[article_id].claims,
                predictions.claims(article_id),
                article.text if article is not None else None,
                config,
                status=status,
                error=error,
            )
        )
    if no_text:
        shown = ", ".join(no_text[:5]) + (f" and {len(no_text) - 5} more" if len(no_text) > 5 else "")
        warnings.append(f"no article text for {shown}: quotes compared by tokens, not spans")
    unscored = tuple(sorted(set(predictions.results) - set(gold)))
    return RunMatch(
        config=config.to_dict(),
        articles=tuple(matches),
        unscored=unscored,
        warnings=tuple(warnings),
    )
