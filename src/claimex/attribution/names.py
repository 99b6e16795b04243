"""Person and organisation names: normalisation, surname, and whether two mentions co-refer.

Used both by the attribution layer (one canonical name per speaker per article) and by
the evaluation matcher (is the predicted speaker the gold speaker?). Each folding rule
can be switched off so strict and lenient scores can both be reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

HONORIFICS = frozenset(
    """
    mr mrs ms miss dr prof professor sir dame lord lady sheikh shaikh sheik sayyed sayyid
    sayed imam ayatollah grand cleric rev reverend father hajji haji mullah
    president vice prime minister premier pm gen general lt col colonel maj major brig
    brigadier capt captain adm admiral sgt sergeant secretary senator sen rep representative
    gov governor mayor chairman chairwoman chair ambassador commander king queen prince
    princess emir sultan judge justice spokesman spokeswoman spokesperson deputy chief
    leader head minister foreign defence defense interior state us u.s. uk
    """.split()
)
# Name particles that are spelled many ways ("al-", "Al ", "el-", "ad-", ...).
PARTICLES = frozenset(
    "al el ad ar as at az ash an ul bin ibn bint abu abd abdul de del della der van von da di du la le".split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*", re.UNICODE)
_HYPHENS = re.compile(r"[-‐‑–—]")
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|an)-", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NameRules:
    """Which differences between two names to forgive."""

    case: bool = True
    diacritics: bool = True
    honorifics: bool = True
    particles: bool = True
    hyphens: bool = True
    typo_distance: int = 1  # per-token edit distance forgiven for tokens of 5+ letters

    @classmethod
    def strict(cls) -> NameRules:
        return cls(case=True, diacritics=False, honorifics=False, particles=False, hyphens=False, typo_distance=0)


LENIENT = NameRules()


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_tokens(name: str, rules: NameRules = LENIENT) -> list[str]:
    """The tokens of a name after the enabled folds (honorifics and particles removed)."""
    return list(_name_tokens(name, rules))


@lru_cache(maxsize=65536)
def _name_tokens(name: str, rules: NameRules) -> tuple[str, ...]:
    text = name
    if rules.diacritics:
        text = strip_diacritics(text)
    if rules.case:
        text = text.lower()
    text = text.replace("’", "'")
    if rules.hyphens:
        text = _HYPHENS.sub(" ", text)
    tokens = _TOKEN.findall(text)
    if rules.particles:
        # a particle opens a name, so the last word is never one ("Henry Ash", "Al From")
        tokens = [t for i, t in enumerate(tokens) if t.lower() not in PARTICLES or i == len(tokens) - 1]
        # "al-Rahimi" without hyphen folding: drop the particle prefix inside a token
        tokens = [_PARTICLE_PREFIX.sub("", t) for t in tokens]
    if rules.honorifics:
        kept = [t for t in tokens if t.lower().rstrip(".") not in HONORIFICS]
        tokens = kept or tokens
    return tuple(t.replace("'", "") for t in tokens)


@lru_cache(maxsize=65536)
def normalise_name(name: str, rules: NameRules = LENIENT) -> str:
    return " ".join(_name_tokens(name, rules))


def surname(name: str, rules: NameRules = LENIENT) -> str:
    tokens = name_tokens(name, rules)
    return tokens[-1] if tokens else ""


def _token_equal(a: str, b: str, rules: NameRules) -> bool:
    if a == b:
        return True
    if rules.typo_distance and min(len(a), len(b)) >= 5:
        return Levenshtein.distance(a, b) <= rules.typo_distance
    return False


@lru_cache(maxsize=262144)
def names_match(a: str, b: str, rules: NameRules = LENIENT, *, surname_fallback: bool = True) -> bool:
    """Whether two mentions name the same entity under ``rules``.

    Equal after folding; or (with ``surname_fallback``) one mention's tokens are all
    found, in order, in the other ("Rahimi" ~ "Omar al-Rahimi"), tokens compared with
    the typo allowance ("Rahmi" ~ "Rahimi").
    """
    ta, tb = _name_tokens(a, rules), _name_tokens(b, rules)
    if not ta or not tb:
        return False
    if len(ta) == len(tb) and all(_token_equal(x, y, rules) for x, y in zip(ta, tb, strict=True)):
        return True
    if not surname_fallback:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    # the shorter name must end on the longer one's last token (a surname, not a first name)
    if not _token_equal(short[-1], long_[-1], rules):
        return False
    it = iter(long_)
    return all(any(_token_equal(s, t, rules) for t in it) for s in short)
