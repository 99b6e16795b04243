"""Standoff gold: claims that point into the article by character offsets, not by words.

Dev articles are third-party text and never go into git; their gold must. So a standoff
gold file names the exact text it labels by sha256 and gives each quote as
``start``/``end`` offsets into it. On load the quotes are materialised from the article
(``text[start:end]``) and the result is an ordinary :class:`~claimex.evaluation.gold.GoldFile`;
if the article's text is not the labelled one, that is an error, never a silent shift.

    {"article_id": "d01_…", "published": "2018-04-02", "text_sha256": "…",
     "claims": [{"speaker": "…", "start": 812, "end": 871, "quote_type": "direct", …}]}
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from claimex.core.grounding import ArticleIndex
from claimex.core.types import Article, QuoteType, Stance

STANDOFF_KEY = "text_sha256"  # the key that tells a standoff file from a quote-form one


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StandoffClaim(_Frozen):
    speaker: str = Field(min_length=1)
    speaker_aliases: tuple[str, ...] = ()
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    quote_type: QuoteType
    target: str | None = None
    target_aliases: tuple[str, ...] = ()
    stance: Stance
    date: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> StandoffClaim:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class StandoffFile(_Frozen):
    article_id: str = Field(min_length=1)
    published: dt.date | None = None
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    claims: tuple[StandoffClaim, ...]


def materialise(standoff: StandoffFile, article: Article) -> dict[str, Any]:
    """The quote-form gold (as a dict for ``GoldFile``) with quotes cut from ``article``.

    Raises ``ValueError`` naming the claim when the text differs or an offset is out of range.
    """
    if article.text_sha256 != standoff.text_sha256:
        raise ValueError(
            f"the article's text has sha256 {article.text_sha256[:12]}…, the gold labels {standoff.text_sha256[:12]}…: "
            "re-collect the text this gold was made on (see the dataset's index.jsonl)"
        )
    claims = []
    for i, claim in enumerate(standoff.claims):
        if claim.end > len(article.text):
            raise ValueError(f"claims[{i}]: end {claim.end} is past the article's {len(article.text)} characters")
        data = claim.model_dump(mode="json", exclude={"start", "end"})
        data["quote"] = article.text[claim.start : claim.end]
        claims.append(data)
    return {"article_id": standoff.article_id, "published": standoff.published, "claims": claims}


def to_standoff(gold: dict[str, Any], article: Article) -> dict[str, Any]:
    """Quote-form gold → standoff: each quote's first occurrence (exact, else after folding)."""
    index = ArticleIndex(article.text)
    claims = []
    for i, claim in enumerate(gold["claims"]):
        quote = claim["quote"]
        start = article.text.find(quote)
        if start >= 0:
            span = (start, start + len(quote))
        else:
            spans = index.find_all(quote)
            if not spans:
                raise ValueError(f"{gold['article_id']}: claims[{i}].quote not found in the article")
            span = spans[0]
        rest = {k: v for k, v in claim.items() if k != "quote"}
        claims.append({"speaker": rest.pop("speaker"), "start": span[0], "end": span[1], **rest})
    return {
        "article_id": gold["article_id"],
        "published": gold.get("published"),
        STANDOFF_KEY: article.text_sha256,
        "claims": claims,
    }
