"""After the model: ground every quote, merge duplicates, drop (and count) ungrounded ones."""

from __future__ import annotations

from dataclasses import dataclass

from claimex.core.grounding import ArticleIndex
from claimex.core.text import fold_plain, strip_wrapping
from claimex.core.types import AlignmentStatus, Claim, QuoteType


@dataclass(frozen=True)
class Grounded:
    claims: tuple[Claim, ...]
    dropped_ungrounded: int
    warnings: tuple[str, ...]


def ground_claim(claim: Claim, index: ArticleIndex, *, fuzzy_threshold: float, near: int | None = None) -> Claim:
    """Locate the claim's quote; an exact hit replaces the quote by the article's own text."""
    if claim.alignment is AlignmentStatus.EXACT and claim.start is not None and claim.end is not None:
        return claim
    location = index.locate(claim.quote, fuzzy_threshold=fuzzy_threshold, near=near)
    if location.start is None or location.end is None:
        return claim.model_copy(update={"start": None, "end": None, "alignment": AlignmentStatus.NONE})
    quote = index.text[location.start : location.end]
    return claim.model_copy(
        update={"quote": quote, "start": location.start, "end": location.end, "alignment": location.status}
    )


def _statement_key(claim: Claim) -> str:
    return fold_plain(strip_wrapping(claim.quote), lower=True)


def _same_statement(qa: str, qb: str) -> bool:
    return qa == qb or (min(len(qa), len(qb)) >= 12 and (qa in qb or qb in qa))


def _richer(a: Claim, b: Claim) -> Claim:
    """Of two mentions of one statement keep the fullest; direct/mixed wording beats paraphrase."""

    def rank(c: Claim) -> tuple[int, int, int]:
        return (c.alignment is AlignmentStatus.EXACT, c.quote_type is not QuoteType.INDIRECT, len(c.quote))

    return a if rank(a) >= rank(b) else b


def merge_duplicates(claims: list[Claim]) -> list[Claim]:
    """One claim per statement: repeated paragraphs and fragments of a fuller quote merge."""
    kept: list[Claim] = []
    keys: list[str] = []
    for claim in claims:
        key = _statement_key(claim)
        for i, other_key in enumerate(keys):
            if _same_statement(key, other_key):
                kept[i] = _richer(kept[i], claim)
                keys[i] = _statement_key(kept[i])
                break
        else:
            kept.append(claim)
            keys.append(key)
    return sorted(kept, key=lambda c: c.start if c.start is not None else 10**12)


def ground_and_merge(
    claims: list[Claim],
    text: str,
    *,
    fuzzy_threshold: float = 90.0,
    keep_ungrounded: bool = False,
    index: ArticleIndex | None = None,
) -> Grounded:
    index = index or ArticleIndex(text)
    grounded = [ground_claim(c, index, fuzzy_threshold=fuzzy_threshold) for c in claims]
    merged = merge_duplicates(grounded)
    ungrounded = [c for c in merged if c.alignment is AlignmentStatus.NONE]
    warnings = tuple(
        f"quote not found in the article (dropped): {c.quote[:80]!r}" for c in ungrounded if not keep_ungrounded
    )
    kept = merged if keep_ungrounded else [c for c in merged if c.alignment is not AlignmentStatus.NONE]
    return Grounded(tuple(kept), 0 if keep_ungrounded else len(ungrounded), warnings)
