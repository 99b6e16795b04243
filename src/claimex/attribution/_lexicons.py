"""The lexicons, loaded once per process from ``claimex/attribution/data`` (see its README)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from claimex.core.types import Stance

_PACKAGE = "claimex.attribution.data"


@dataclass(frozen=True, slots=True)
class VerbInfo:
    """What a reporting verb (by lemma) implies."""

    lemma: str
    takes_object: bool = False  # "warned Washington": whom the statement addresses
    weak: bool = False  # a report only when its clause holds a quotation
    stance: Stance | None = None
    particle: str | None = None  # "point out", "put it"
    leans: Stance | None = None  # the verb's stance when the content itself says nothing ("warned", "vowed")


@dataclass(frozen=True, slots=True)
class Roles:
    person: frozenset[str]
    document: frozenset[str]
    body: frozenset[str]
    spokes: frozenset[str]
    synonyms: dict[str, str]

    def fold(self, role: str) -> str:
        low = role.lower()
        return self.synonyms.get(low, low)


def _text(name: str) -> str:
    return resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _lines(name: str) -> frozenset[str]:
    return frozenset(
        line.strip().lower() for line in _text(name).splitlines() if line.strip() and not line.startswith("#")
    )


def _json(name: str) -> Any:
    return json.loads(_text(name))


@cache
def reporting_verbs() -> dict[str, VerbInfo]:
    out: dict[str, VerbInfo] = {}
    for lemma, flags in _json("reporting_verbs.json").items():
        stance, leans = flags.get("stance"), flags.get("leans")
        out[lemma] = VerbInfo(
            lemma,
            takes_object=bool(flags.get("object")),
            weak=bool(flags.get("weak")),
            stance=Stance(stance) if stance else None,
            particle=flags.get("particle"),
            leans=Stance(leans) if leans else None,
        )
    return out


@cache
def reporting_nouns() -> frozenset[str]:
    return _lines("reporting_nouns.txt")


@cache
def title_abbreviations() -> frozenset[str]:
    return _lines("title_abbreviations.txt")


@cache
def anonymous_heads() -> frozenset[str]:
    return _lines("anonymous.txt")


@cache
def outlets() -> frozenset[str]:
    return _lines("outlets.txt")


@cache
def roles() -> Roles:
    data = _json("roles.json")
    return Roles(
        person=frozenset(data["person"]),
        document=frozenset(data["document"]),
        body=frozenset(data["body"]),
        spokes=frozenset(data["spokes"]),
        synonyms=dict(data["synonyms"]),
    )


@cache
def stance_cues() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in _json("stance.json").items() if not k.startswith("_")}


def all_phrases() -> list[str]:
    """Every entry of every lexicon, as written (for the quality test against seed phrases)."""
    found: list[str] = [*reporting_verbs(), *reporting_nouns(), *anonymous_heads(), *outlets()]
    r = roles()
    found += [*r.person, *r.document, *r.body, *r.spokes, *r.synonyms]
    for cues in stance_cues().values():
        found += cues
    return found
