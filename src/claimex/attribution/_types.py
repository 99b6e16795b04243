"""Hand-off types between the stages (PARC / Citron vocabulary: cue, source, content).

quote pairing (``_segment``) -> :class:`Cue` (``_cues``) -> :class:`SourcePhrase`
(``_sources``) -> :class:`Content` (``_content``) -> :class:`Statement` with a resolved
speaker (``_resolve``) -> dated (``_dating``) -> :class:`Proposal` with targets and
stance (``_targets``, ``_stance``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from claimex.attribution._entities import Entity
from claimex.attribution._lexicons import VerbInfo
from claimex.attribution._segment import Sentence
from claimex.core.types import Claim, QuoteType

Via = Literal["name", "pronoun", "role", "document", "inherit", "run"]


@dataclass(frozen=True, slots=True)
class Cue:
    """A reporting verb (by lemma), or "according to"."""

    token: Any  # the spaCy token of the verb ("according" for "according to")
    start: int
    end: int
    verb: VerbInfo
    according: bool = False
    quoted: bool = False  # "X “categorically rejected” the comments": the verb opens a quotation

    @property
    def text(self) -> str:
        return str(self.token.text)


@dataclass(frozen=True, slots=True)
class SourcePhrase:
    """The words that name who speaks, found in the parse."""

    head: Any  # spaCy token: the phrase's head
    start: int
    end: int
    inherited: bool = False  # "... and said", ", saying": the governing verb's source


@dataclass(frozen=True, slots=True)
class Content:
    """What is reported, as character offsets into the article."""

    start: int
    end: int
    quote_type: QuoteType
    fragments: tuple[tuple[int, int], ...] = ()
    object_start: int | None = None  # whom an object verb addresses ("warned X")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A source resolved to one of the article's entities."""

    entity: Entity
    mention: str
    via: Via


@dataclass(slots=True)
class Statement:
    """One attributed statement before dating (``date`` is filled by ``_dating``)."""

    speaker: Speaker
    content: Content
    sentence: Sentence
    cue: Cue | None
    date: dt.date | None = None
    date_text: str | None = None
    object_entity: Entity | None = None


@dataclass(frozen=True)
class Proposal:
    """A statement the rules found, with what a model needs to settle target and stance."""

    claim: Claim
    target_candidates: tuple[str, ...]
    context: str
    cue: str | None


@dataclass(frozen=True)
class Attribution:
    """Everything the rules found in one article."""

    proposals: tuple[Proposal, ...]
    speakers: dict[str, tuple[str, ...]]
    entities: dict[str, tuple[str, ...]]
    dateline: dt.date | None
