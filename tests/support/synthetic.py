"""Synthetic news-like articles (no seed text) for batch tests and benchmarks."""

from __future__ import annotations

import random
from typing import Any

PEOPLE = ["Maria Lopez", "Daniel Okoro", "Priya Natarajan", "Tomasz Wilk", "Aiko Tanaka", "Samuel Brandt"]
ORGS = ["the Harbour Authority", "the Northern Union", "the Ministry of Transport", "the City Council"]
VERBS = ["said", "warned", "told reporters", "added", "insisted"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Friday"]


def synthetic_articles(n: int, *, seed: int = 0) -> list[dict[str, Any]]:
    """Article records with direct quotes, reporting verbs and indirect speech; seeded, so repeatable."""
    rng = random.Random(seed)
    articles = []
    for i in range(n):
        paras = [f"Dispute over port fees deepens ({i})"]
        for _ in range(rng.randint(2, 5)):
            who, org, verb = rng.choice(PEOPLE), rng.choice(ORGS), rng.choice(VERBS)
            paras.append(
                f"“We will not accept any deal that hurts {org} and its workers number {rng.randint(1, 99)},” "
                f"{who} {verb} {rng.choice(DAYS)}."
            )
            paras.append(f"{who} said that {org} had failed to answer letters sent in {rng.choice(['May', 'June'])}.")
        articles.append(
            {"id": f"syn-{i:05d}", "text": "\n\n".join(paras), "published": "2023-06-09", "title": paras[0]}
        )
    return articles
