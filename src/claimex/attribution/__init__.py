"""The deterministic attribution layer: who said what, about whom, when, by rules alone.

``analyse(article)`` returns an :class:`Attribution`: the statements the rules found
(:class:`Proposal`, each holding a fully formed :class:`~claimex.core.types.Claim`,
target candidates and the context a model needs), plus the article's speakers and
entities with their aliases. No model, no network: a spaCy parse (``_nlp``) and
lexicons (``data/``), in explicit stages (``_pipeline``).
"""

from claimex.attribution._aliases import AliasTable
from claimex.attribution._canonical import canonicalise_speaker
from claimex.attribution._dates import find_dateline, resolve_date, resolve_relative
from claimex.attribution._evidence import stance_evidence
from claimex.attribution._nlp import pipeline_info, use_pipeline
from claimex.attribution._pipeline import analyse
from claimex.attribution._types import Attribution, Proposal

__all__ = [
    "AliasTable",
    "Attribution",
    "Proposal",
    "analyse",
    "canonicalise_speaker",
    "find_dateline",
    "pipeline_info",
    "resolve_date",
    "resolve_relative",
    "stance_evidence",
    "use_pipeline",
]
