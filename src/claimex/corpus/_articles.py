"""The article files a corpus came from, read only for their titles, sources and links."""

from __future__ import annotations

from collections.abc import Sequence

from claimex.core.articles import iter_sources
from claimex.core.errors import ClaimexError
from claimex.core.types import Article
from claimex.corpus._corpus import Corpus

__all__ = ["load_corpus_articles"]


def load_corpus_articles(corpus: Corpus, specs: Sequence[str]) -> tuple[dict[str, Article], list[str]]:
    """The articles named by ``specs`` (what ``claimex extract`` accepts) that the corpus has results for.

    Returns them by id, with a problem line for each article that could not be read.
    """
    wanted = set(corpus.article_ids)
    found: dict[str, Article] = {}
    problems: list[str] = []
    for source in iter_sources(specs):
        try:
            article = source.load()
        except ClaimexError as exc:
            problems.append(f"article not loaded: {exc}")
            continue
        if article.id in wanted:
            found[article.id] = article
    return found, problems
