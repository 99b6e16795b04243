"""Records for the corpus tests: invented people and bodies, and the seed gold as records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from claimex.core.types import AlignmentStatus, Claim, ExtractionResult, Provenance, QuoteType, Stance

PROVENANCE = Provenance(claimex_version="0.1.0", strategy="rules")


@dataclass(frozen=True)
class Said:
    """One claim, briefly: who (with aliases and the mention), about whom, how, when."""

    speaker: str
    target: str | None = None
    stance: Stance = Stance.NEUTRAL
    date: dt.date | None = None
    aliases: tuple[str, ...] = ()
    mention: str | None = None
    target_aliases: tuple[str, ...] = ()
    quote: str = "words"


def result(article_id: str, *said: Said, published: dt.date | None = None, text: str | None = None) -> ExtractionResult:
    """A result whose claims are located one after another in ``text`` (built from the quotes when None)."""
    body = text if text is not None else " ".join(s.quote for s in said)
    claims, pos = [], 0
    for s in said:
        start = body.find(s.quote, pos)
        grounded = start >= 0
        claims.append(
            Claim(
                speaker=s.speaker,
                speaker_mention=s.mention,
                speaker_aliases=s.aliases,
                quote=s.quote,
                quote_type=QuoteType.DIRECT,
                target=s.target,
                target_aliases=s.target_aliases,
                stance=s.stance,
                date=s.date,
                start=start if grounded else None,
                end=start + len(s.quote) if grounded else None,
                alignment=AlignmentStatus.EXACT if grounded else AlignmentStatus.NONE,
                decided_by={"speaker": "rules", "stance": "rules"},
            )
        )
        pos = start + len(s.quote) if grounded else pos
    return ExtractionResult(
        article_id=article_id,
        article_sha256="0" * 64,
        published=published,
        claims=tuple(claims),
        provenance=PROVENANCE,
    )


def seed_corpus_records() -> list[ExtractionResult]:
    """The seed gold as records, plus two invented articles so every README question has an answer."""
    from tests.unit.view.view_cases import seed_records

    invented = [
        result(
            "zz_invented_2021",
            Said(
                "Kata'ib Hezbollah",
                target="United States",
                stance=Stance.THREATEN,
                date=dt.date(2021, 3, 4),
                quote="the occupiers will pay",
            ),
            Said("Kata'ib Hezbollah", target="United States", stance=Stance.OPPOSE, date=dt.date(2021, 3, 5)),
            published=dt.date(2021, 3, 5),
        ),
        result(
            "zz_invented_2023",
            Said(
                "Kataib Hezbollah",
                target="United States",
                stance=Stance.NEUTRAL,
                date=dt.date(2023, 6, 1),
                quote="talks are possible",
            ),
            published=dt.date(2023, 6, 1),
        ),
    ]
    return [*seed_records(), *invented]
