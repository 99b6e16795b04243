"""Helpers shared by the attribution tests: run the rules on a body under a neutral title."""

from __future__ import annotations

import datetime as dt

from claimex.attribution import Attribution, analyse
from claimex.core.types import Article, Claim

PUB = dt.date(2023, 3, 16)  # a Thursday


def run(body: str, published: dt.date | None = PUB, title: str = "A headline about nothing") -> Attribution:
    return analyse(Article(id="t", text=f"{title}\n\n{body}", published=published))


def claims(body: str, published: dt.date | None = PUB) -> list[Claim]:
    return [p.claim for p in run(body, published).proposals]


def only(body: str, published: dt.date | None = PUB) -> Claim:
    found = claims(body, published)
    assert len(found) == 1, [(c.speaker, c.quote) for c in found]
    return found[0]
