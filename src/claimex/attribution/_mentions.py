"""Named mentions: capitalised chunks found in running text, cleaned and classified.

A chunk is a run of capitalised words, joined by name connectors ("of", "al", "bin",
"de", ...). Sentence-initial function words, weekdays and months are dropped; a
possessive ("Iraq's") or a hyphenated modifier ("Iran-backed") ends a chunk and marks
it as a modifier. A chunk holding a title ("French Finance Minister Anne Moreau") is a
person named by the words after the last title; one holding an organisation word
("Command", "Ministry", "Forces") or written as an acronym is an organisation; one
the alias table knows ("Washington", "Iranian") is a place (a state).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from claimex.attribution._aliases import AliasTable
from claimex.attribution._lexicons import title_abbreviations

Kind = Literal["person", "org", "place"]

_WORD = re.compile(r"[^\W\d_](?:[\w'’.\-]*[\w.])?|\d+", re.UNICODE)
CONNECTORS = frozenset(
    "of for al el ad ar as ash an ahl bin ibn bint de del della der van von da di du la le y".split()
)
_PARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|an|at|az|ul|bin|ibn|abd|d|l)[-'’]", re.I)
STOP_CAPS = frozenset(
    """a an the but and or nor so yet in on at by for from to of with without about after before
    during since until while when where whereas if although though as because despite
    however meanwhile moreover furthermore also still yet earlier later hours days weeks months
    years minutes this that these those there here it its he she his her him they them their we
    our us i my me you your no not one two three four five six seven eight nine ten several
    many some all both each every more most other another such like following according
    thousands hundreds dozens millions calls accounts around over under between among amid
    against toward towards last next first second third new what who whom whose which why how
    now then soon finally indeed further thus hence therefore instead unlike even just yes would could
    should will can may might must""".split()
)
TITLES = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir dame lord lady sheikh shaikh sheik sayyed
    sayyid imam ayatollah cleric rev rev. reverend father president vice prime minister premier pm
    general colonel major brigadier captain admiral sergeant secretary senator representative
    governor mayor chairman chairwoman chair ambassador commander king queen prince princess
    emir sultan judge justice spokesman spokeswoman spokesperson deputy chief leader head
    director chancellor pope cardinal bishop speaker attorney foreign defence defense interior
    state finance security national joint chiefs staff field marshal crown envoy""".split()
) | frozenset(form for t in title_abbreviations() for form in (t, t + "."))
ORG_WORDS = frozenset(
    """command forces force army navy ministry department council party group movement front
    brigades brigade office committee organization organisation union bloc corps agency
    government court parliament assembly commission coalition alliance company corporation inc
    bank fund university institute service services police guard guards militia militias
    mobilization mobilisation authority administration association federation league network
    foundation center centre hezbollah hizbollah hizballah taliban resistance cabinet senate
    congress embassy mission tribunal board bureau unit units battalion division regiment
    faction factions axis houthis houthi hamas republic kingdom emirate emirates sultanate
    principality confederation affairs relations""".split()
)
_NAMEISH_BLOCK = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    twitter facebook telegram instagram youtube tiktok whatsapp gmt utc""".split()
)
_ABBREVS = frozenset("mr mrs ms dr st jr sr prof rev".split()) | title_abbreviations()
_JOIN_OF = (
    ORG_WORDS
    | TITLES
    | frozenset(
        "republic kingdom people states nations emirates house chamber friends sons party bank sea gulf".split()
    )
)
MODIFIER_SUFFIX = re.compile(
    r"-(?:backed|led|aligned|affiliated|based|allied|linked|funded|sponsored|born|run|made|owned|controlled|friendly|leaning)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Mention:
    text: str  # the name as used, titles removed ("Al Qasimi" for "Mr Al Qasimi")
    surface: str  # the whole chunk as written ("Mr Al Qasimi")
    start: int  # offsets of ``text`` in the article
    end: int
    chunk_start: int
    kind: Kind
    title: str  # the title words before the name ("Mr", "US Defence Secretary")
    possessive: bool  # "Iraq's ..."
    modifier: bool  # "Iran-backed": the name modifies what follows


def _is_cap(word: str) -> bool:
    if "-" in word[1:5] or "'" in word[1:5] or "’" in word[1:5]:
        core = _PARTICLE_PREFIX.sub("", word)
        return bool(core) and core[0].isupper()
    return word[:1].isupper()


def _is_acronym(word: str) -> bool:
    compact = word.replace(".", "").replace("-", "")
    # "M23", "G5": a letter and digits in capitals name a body too
    return len(compact) >= 2 and compact.isupper() and compact.isalnum() and compact[0].isalpha()


def classify(tokens: list[str], aliases: AliasTable) -> tuple[Kind, int]:
    """Kind of a chunk and the index where its name begins (after titles)."""
    lowered = [t.lower().rstrip(".") for t in tokens]
    text = " ".join(tokens)
    if aliases.canonical(text) is not None and not any(w in ORG_WORDS for w in lowered[1:]):
        return "place", 0
    last_title = -1
    for i, w in enumerate(lowered):
        if w in TITLES or w + "." in TITLES:
            last_title = i
    if last_title >= 0:
        tail = lowered[last_title + 1 :]
        while tail and tail[0] in CONNECTORS and tail[0] in ("of", "for"):
            tail = tail[1:]
            last_title += 1
        if tail and not any(w in ORG_WORDS for w in tail) and not all(_is_acronym(t) for t in tokens[last_title + 1 :]):
            return "person", last_title + 1
    person_at = _person_after_body(tokens, lowered, aliases)
    if person_at is not None:
        return "person", person_at
    if any(w in ORG_WORDS for w in lowered):
        return "org", 0
    if len(tokens) == 1 and _is_acronym(tokens[0]):
        return "org", 0
    return "person", 0


def _person_after_body(tokens: list[str], lowered: list[str], aliases: AliasTable) -> int | None:
    """ "the Islamic Jihad Movement Mohammed al-Hindi": a body's name, then a person's, unpunctuated.

    The body's name is then the person's title (and so names their side); the name after it
    must be two words or more that neither the alias table nor the body words know.
    """
    body_end = max((i for i, w in enumerate(lowered) if w in ORG_WORDS), default=-1)
    tail = tokens[body_end + 1 :]
    if body_end < 0 or len(tail) < 2 or lowered[body_end + 1] in ("of", "for", "and", "in"):
        return None
    if aliases.canonical(" ".join(tail)) is not None or any(_is_acronym(t) for t in tail):
        return None
    return body_end + 1


def _name_follows(text: str, end: int) -> bool:
    """Whether a capitalised word that is no stop word follows ``end`` (after a middle initial)."""
    after = re.match(r"\s+([A-Z][a-z][\w'’-]*)", text[end : end + 40])
    return after is not None and after.group(1).lower() not in STOP_CAPS


def find_mentions(
    text: str,
    lo: int,
    hi: int,
    aliases: AliasTable,
    *,
    skip: list[tuple[int, int]] | None = None,
    surnames: frozenset[str] = frozenset(),
) -> list[Mention]:
    """Named mentions in ``text[lo:hi]``, leaving out the ``skip`` spans (quotations).

    ``surnames`` are capitalised words that would be stop words but that the article
    uses as a person's surname ("Al From", "George Will"): alone, they name that person."""
    words: list[tuple[int, int, str]] = []
    for m in _WORD.finditer(text, lo, hi):
        if skip and any(a <= m.start() < b for a, b in skip):
            continue
        w = m.group(0)
        end = m.end()
        initial = re.fullmatch(r"[A-Z]\.", w) is not None and _name_follows(text, end)
        if w.endswith(".") and not (w.count(".") > 1 or w.lower() in TITLES or w.lower()[:-1] in _ABBREVS or initial):
            # a middle initial keeps its stop: "Jeffrey M. Jones" is one name
            w, end = w[:-1], end - 1
        words.append((m.start(), end, w))
    mentions: list[Mention] = []
    i = 0
    while i < len(words):
        _s, e, w = words[i]
        if not _is_cap(w) or _blocked(w, text, e):
            i += 1
            continue
        j = i
        chunk = [words[i]]
        while j + 1 < len(words):
            _ps, pe, pw = words[j]
            ns, ne, nw = words[j + 1]
            gap = text[pe:ns]
            in_name = _plural_possessive_in_name(pw + gap.strip(), nw)
            if (gap.strip() and not in_name) or (_ends_chunk(pw) and not in_name):
                break
            if _is_cap(nw) and not _blocked(nw, text, ne):
                chunk.append(words[j + 1])
                j += 1
                continue
            if (
                (nw.lower() in CONNECTORS or (nw.lower() == "and" and _body_of(chunk)))
                and j + 2 < len(words)
                and (nw.lower() not in ("of", "for") or pw.lower().rstrip(".") in _JOIN_OF)
            ):
                ns2, _, nw2 = words[j + 2]
                if not text[ne:ns2].strip() and _is_cap(nw2) and not _blocked(nw2, text, words[j + 2][1]):
                    chunk.extend([words[j + 1], words[j + 2]])
                    j += 2
                    continue
                if _of_the(words, j, text) and pw.lower() in ORG_WORDS:
                    # "Democratic Republic of the Congo", "Ministry of the Interior"
                    chunk.extend(words[j + 1 : j + 4])
                    j += 3
                    continue
            break
        i = j + 1
        mention = _make_mention(text, chunk, aliases, surnames)
        if mention is not None:
            mentions.append(mention)
    return mentions


def _of_the(words: list[tuple[int, int, str]], j: int, text: str) -> bool:
    """Whether "of the" and a capitalised word follow word ``j``, one space apart."""
    if j + 3 >= len(words) or words[j + 1][2] != "of" or words[j + 2][2] != "the":
        return False
    gaps = [text[words[k][1] : words[k + 1][0]] for k in (j, j + 1, j + 2)]
    return (
        all(g == " " for g in gaps)
        and _is_cap(words[j + 3][2])
        and not _blocked(words[j + 3][2], text, words[j + 3][1])
    )


def _body_of(chunk: list[tuple[int, int, str]]) -> bool:
    """ "Ministry of Foreign Affairs", "Department of Trade": a body's name that an "and" continues."""
    low = [w.lower() for _, _, w in chunk]
    return any(a in ORG_WORDS and b in ("of", "for") for a, b in pairwise(low))


_SHORT_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec".split())


def _blocked(word: str, text: str, end: int) -> bool:
    """Weekdays, months and platforms are not names; "Jan" and "May" are, unless a number follows."""
    low = word.lower().rstrip(".")
    if low in _SHORT_MONTHS:
        return bool(re.match(r"\.?\s*\d", text[end : end + 4]))
    return low in _NAMEISH_BLOCK


def _known_acronym(word: str, aliases: AliasTable) -> bool:
    """An all-caps form the alias table knows ("US") is a name, not the pronoun it spells."""
    return _is_acronym(word) and word in aliases


def _plural_possessive_in_name(word: str, nxt: str) -> bool:
    """ "Workers’ Party", "Martyrs’ Brigade": a plural possessive inside an organisation's name."""
    return bool(re.fullmatch(r"[\w.\-]*s['’]", word)) and nxt.lower() in ORG_WORDS


def _ends_chunk(word: str) -> bool:
    return bool(re.search(r"['’]s?$", word) and re.search(r"(?:['’]s|s['’])$", word)) or bool(
        MODIFIER_SUFFIX.search(word)
    )


def stop_surnames(mentions: list[Mention]) -> frozenset[str]:
    """The surnames of full person names that are also stop words ("Al From": "From")."""
    found = set()
    for m in mentions:
        words = m.text.split()
        if (
            m.kind == "person"
            and len(words) == 2
            and words[0].lower() not in STOP_CAPS
            and words[1].lower() in STOP_CAPS
        ):
            found.add(words[1])
    return frozenset(found)


def _make_mention(
    text: str, chunk: list[tuple[int, int, str]], aliases: AliasTable, surnames: frozenset[str] = frozenset()
) -> Mention | None:
    while chunk and (
        (chunk[0][2].lower() in STOP_CAPS and not _known_acronym(chunk[0][2], aliases) and chunk[0][2] not in surnames)
        or chunk[0][2] in CONNECTORS
    ):
        chunk = chunk[1:]
    # a particle opens a name: a capitalised one closing it is a surname ("Henry Ash")
    while chunk and (chunk[-1][2] in CONNECTORS or chunk[-1][2].lower() in STOP_CAPS & CONNECTORS):
        chunk = chunk[:-1]
    if not chunk:
        return None
    last = chunk[-1][2]
    possessive = bool(re.search(r"(?:['’]s|s['’])$", last))
    modifier = bool(MODIFIER_SUFFIX.search(last))
    tokens = [w for _, _, w in chunk]
    if possessive:
        tokens[-1] = re.sub(r"['’]s?$", "", last)
    if modifier:
        tokens[-1] = MODIFIER_SUFFIX.sub("", last)
        modifier = True
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    kind, name_at = classify(tokens, aliases)
    name_at = min(name_at, len(chunk) - 1)
    start = chunk[name_at][0]
    end = start + len(" ".join(tokens[name_at:])) if False else chunk[-1][0] + len(tokens[-1])
    name = text[start:end]
    if not any(c.isalpha() for c in name) or len(name) < 2:
        return None
    title = text[chunk[0][0] : chunk[name_at][0]].strip()
    return Mention(
        text=name,
        surface=text[chunk[0][0] : chunk[-1][1]],
        start=start,
        end=end,
        chunk_start=chunk[0][0],
        kind=kind,
        title=title,
        possessive=possessive,
        modifier=modifier,
    )
