"""Hand-made claims for the evaluation tests; every expected number is worked out by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from claimex.core.types import AlignmentStatus, Claim, ExtractionResult, Provenance
from claimex.evaluation.gold import GoldClaim, GoldFile

TEXT = (
    'Qais al-Khazali warned: "Expect an earth-shaking response." '
    "The State Department said it rejects these threats. "
    "Khazali added that the group will not target diplomatic missions."
)
DAY = dt.date(2020, 1, 9)


G0 = GoldClaim(
    speaker="Qais al-Khazali",
    speaker_aliases=("Khazali",),
    quote="Expect an earth-shaking response.",
    quote_type="direct",
    target="United States",
    target_aliases=("US", "Washington"),
    stance="threaten",
    date=DAY,
)
G1 = GoldClaim(
    speaker="State Department",
    quote="rejects these threats",
    quote_type="indirect",
    target="Qais al-Khazali",
    stance="oppose",
    date=None,
)
G2 = GoldClaim(
    speaker="Qais al-Khazali",
    quote="the group will not target diplomatic missions",
    quote_type="indirect",
    target=None,
    stance="neutral",
    date=None,
)
GOLD = (G0, G1, G2)


def pred(quote: str, *, grounded: bool = True, text: str = TEXT, **kw: Any) -> Claim:
    """A predicted claim; grounded ones carry the span of their quote in ``text``."""
    fields: dict[str, Any] = {"speaker": "Nobody", "quote_type": "direct", "stance": "neutral"}
    fields.update(kw)
    if grounded:
        start = text.index(quote)
        fields.update(start=start, end=start + len(quote), alignment=AlignmentStatus.EXACT)
    return Claim(quote=quote, **fields)


def from_gold(g: GoldClaim, text: str | None = TEXT, **changes: Any) -> Claim:
    """The prediction that copies a gold claim (optionally with fields changed)."""
    fields: dict[str, Any] = {
        "speaker": g.speaker,
        "quote_type": g.quote_type,
        "target": g.target,
        "stance": g.stance,
        "date": g.date,
    }
    fields.update(changes)
    if text is None:
        return Claim(quote=g.quote, **fields)
    return pred(g.quote, text=text, **fields)


def result(article_id: str, claims: tuple[Claim, ...] | list[Claim]) -> ExtractionResult:
    return ExtractionResult(
        article_id=article_id,
        article_sha256="0" * 64,
        claims=tuple(claims),
        provenance=Provenance(claimex_version="0.1.0", strategy="test"),
    )


def gold_file(article_id: str, claims: tuple[GoldClaim, ...], published: dt.date | None = DAY) -> GoldFile:
    return GoldFile(article_id=article_id, published=published, claims=claims)
