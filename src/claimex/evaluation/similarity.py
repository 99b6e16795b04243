"""Quote similarity pieces for matching: word tokens, gold spans in the text, overlaps.

Vectorised with numpy: a run compares every predicted quote with every gold quote of
its article, so these are the hot path of scoring.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from claimex.core.grounding import ArticleIndex
from claimex.core.text import strip_wrapping
from claimex.core.types import AlignmentStatus, Claim

_WORD = re.compile(r"\w+")


def tokens(quote: str) -> frozenset[str]:
    # Quote marks, dashes and white space never form part of a word token, so lower-casing
    # is all the folding tokens need (the full fold keeps an offset map and is far slower).
    return frozenset(_WORD.findall(quote.lower()))


def gold_spans(text: str, index: list[ArticleIndex], quote: str) -> list[tuple[int, int]]:
    # Most gold quotes are copied verbatim: find them without folding the whole article.
    needle = strip_wrapping(quote)
    spans: list[tuple[int, int]] = []
    if needle:
        pos = text.find(needle)
        while pos >= 0:
            spans.append((pos, pos + len(needle)))
            pos = text.find(needle, pos + 1)
    if spans:
        return spans
    if not index:
        index.append(ArticleIndex(text))
    return index[0].find_all(quote)


def pred_span(claim: Claim, text_length: int) -> tuple[int, int] | None:
    if claim.alignment is AlignmentStatus.NONE or claim.start is None or claim.end is None:
        return None
    if claim.end <= claim.start or claim.end > text_length:
        return None
    return claim.start, claim.end


def token_f1(pred_tokens: Sequence[frozenset[str]], gold_tokens: Sequence[frozenset[str]]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for toks in (*pred_tokens, *gold_tokens):
        for t in toks:
            vocab.setdefault(t, len(vocab))
    p = np.zeros((len(pred_tokens), max(len(vocab), 1)), dtype=np.float64)
    g = np.zeros((len(gold_tokens), max(len(vocab), 1)), dtype=np.float64)
    for i, toks in enumerate(pred_tokens):
        p[i, [vocab[t] for t in toks]] = 1.0
    for j, toks in enumerate(gold_tokens):
        g[j, [vocab[t] for t in toks]] = 1.0
    inter = p @ g.T
    sizes = p.sum(axis=1)[:, None] + g.sum(axis=1)[None, :]
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(sizes > 0, 2.0 * inter / sizes, 0.0)
    return f1


def span_overlap(
    pred: Sequence[tuple[int, int] | None],
    gold: Sequence[Sequence[tuple[int, int]]],
    mode: str,
) -> np.ndarray:
    """Best overlap of each predicted span with any occurrence of each gold quote.

    0 where either side is ungrounded.
    """
    out = np.zeros((len(pred), len(gold)))
    occ = [(j, s, e) for j, spans in enumerate(gold) for s, e in spans]
    rows = [i for i, span in enumerate(pred) if span is not None]
    if not occ or not rows:
        return out
    owner = np.array([o[0] for o in occ])
    gs = np.array([o[1] for o in occ], dtype=np.float64)[None, :]
    ge = np.array([o[2] for o in occ], dtype=np.float64)[None, :]
    ps = np.array([pred[i][0] for i in rows], dtype=np.float64)[:, None]  # type: ignore[index]
    pe = np.array([pred[i][1] for i in rows], dtype=np.float64)[:, None]  # type: ignore[index]
    inter = np.clip(np.minimum(pe, ge) - np.maximum(ps, gs), 0.0, None)
    union = (pe - ps) + (ge - gs) - inter
    denom = union if mode == "iou" else np.minimum(pe - ps, ge - gs)
    ratio = inter / denom
    per_gold = np.zeros((len(rows), len(gold)))
    np.maximum.at(per_gold.T, owner, ratio.T)
    out[rows, :] = per_gold
    return out
