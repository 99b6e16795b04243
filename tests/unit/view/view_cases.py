"""Records for the view tests: the seed articles with their gold quotes as predictions (no model)."""

from __future__ import annotations

import re
from functools import lru_cache
from html import unescape
from pathlib import Path

from claimex.core.articles import load_articles
from claimex.core.grounding import ArticleIndex
from claimex.core.types import AlignmentStatus, Article, Claim, ExtractionResult, Provenance, QuoteType, Stance
from claimex.evaluation import GoldFile, load_gold_dir

ROOT = Path(__file__).resolve().parents[3]
PROVENANCE = Provenance(claimex_version="0.1.0", strategy="gold-replay")
MARK = '<mark class="claim'


@lru_cache(maxsize=1)
def seed_articles() -> dict[str, Article]:
    return {a.id: a for a in load_articles([str(ROOT / "seeds")])}


@lru_cache(maxsize=1)
def seed_gold() -> dict[str, GoldFile]:
    return load_gold_dir(ROOT / "evals" / "gold" / "seeds")


def seed_records() -> list[ExtractionResult]:
    """One result per seed article: every gold claim, located in the text by ``ArticleIndex``."""
    articles = seed_articles()
    records = []
    for article_id, gold in sorted(seed_gold().items()):
        article = articles[article_id]
        index = ArticleIndex(article.text)
        claims = []
        for g in gold.claims:
            loc = index.locate(g.quote)
            claims.append(
                Claim(
                    speaker=g.speaker,
                    speaker_aliases=g.speaker_aliases,
                    quote=g.quote,
                    quote_type=g.quote_type,
                    target=g.target,
                    target_aliases=g.target_aliases,
                    stance=g.stance,
                    date=g.date,
                    start=loc.start,
                    end=loc.end,
                    alignment=loc.status,
                )
            )
        records.append(
            ExtractionResult(
                article_id=article_id,
                article_sha256=article.text_sha256,
                published=article.published,
                claims=tuple(claims),
                provenance=PROVENANCE,
            )
        )
    return records


def claim(
    start: int | None,
    end: int | None,
    *,
    text: str,
    speaker: str = "Ann Lee",
    stance: Stance = Stance.OPPOSE,
    target: str | None = "City Council",
) -> Claim:
    grounded = start is not None and end is not None
    return Claim(
        speaker=speaker,
        quote=text[start:end] if grounded else "words nobody wrote",
        quote_type=QuoteType.DIRECT,
        target=target,
        stance=stance,
        start=start,
        end=end,
        alignment=AlignmentStatus.EXACT if grounded else AlignmentStatus.NONE,
    )


def result(article: Article, claims: list[Claim]) -> ExtractionResult:
    return ExtractionResult(
        article_id=article.id, article_sha256=article.text_sha256, claims=tuple(claims), provenance=PROVENANCE
    )


def grounded(records: list[ExtractionResult]) -> int:
    return sum(1 for r in records for c in r.claims if c.alignment is not AlignmentStatus.NONE)


def article_body(html: str, n: int = 0) -> str:
    """The n-th article's text block, tags removed and entities decoded."""
    bodies = re.findall(r'<div class="text">(.*?)</div>', html, flags=re.DOTALL)
    return unescape(re.sub(r"<[^>]+>", "", bodies[n]))


def perturbed_records() -> list[ExtractionResult]:
    """The seed records with every kind of disagreement: a wrong stance, a wrong speaker, a
    dropped claim (missed), and an invented one (false positive)."""
    out = []
    for n, record in enumerate(seed_records()):
        claims = list(record.claims)
        if n % 2 == 0:
            claims[0] = claims[0].model_copy(
                update={"stance": Stance.SUPPORT if claims[0].stance is not Stance.SUPPORT else Stance.NEUTRAL}
            )
        if n % 3 == 0:
            claims[1] = claims[1].model_copy(update={"speaker": "Somebody Else", "speaker_aliases": ()})
        claims.pop()
        text = seed_articles()[record.article_id].text
        claims.append(
            Claim(
                speaker="Invented Person",
                quote=text[:40],
                quote_type=QuoteType.INDIRECT,
                start=0,
                end=40,
                alignment=AlignmentStatus.EXACT,
            )
        )
        out.append(record.model_copy(update={"claims": tuple(claims)}))
    return out
