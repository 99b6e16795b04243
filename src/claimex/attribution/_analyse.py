"""The rules: who said what, about whom, when, in one pass over the article.

For each sentence of a kept paragraph (see ``_segment``), every reporting cue outside
quotation marks is read as one statement:

1. the speaker: after the cue when it is inverted after a quotation (", said X"),
   after "according to"; otherwise the nearest subject before the cue (a name not
   inside a prepositional phrase, possessive or modifier; a pronoun; a role noun such
   as "the cleric" or "the letter"), or, for a coordinated verb ("... and said") or a
   participle (", saying"), the sentence's speaker;
2. the statement: the complement after the cue (that-clause, quotation, bare clause),
   or the words before ", X said" when the cue has none; a quotation alone is direct,
   a clause with quoted fragments mixed, one without indirect;
3. pronouns resolve to the last compatible speaker, role nouns to the name the article
   gives that role, a document ("the statement", "the letter") to its author; an
   organisation's unnamed spokesperson to the organisation; anonymous and plural
   speakers, and news outlets cited as the source, give no statement;
4. the date comes from the time words around the cue (not inside the statement), else
   from the occasion the statement belongs to (the same speaker's run of statements);
5. quotations no cue accounts for are statements when long enough (short ones are
   scare quotes) and take the speaker named in the next sentence ("The warning came
   from X") or of the statement just before (a run of quotes).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from claimex.attribution._aliases import AliasTable
from claimex.attribution._dates import DATE_PATTERN, find_dateline, is_relative, resolve_date, resolve_relative
from claimex.attribution._entities import Entity, EntityIndex
from claimex.attribution._lexicon import CUE_PATTERN, PASSIVE_AUX, CueKind, cue_kind, stance_of
from claimex.attribution._mentions import Mention, find_mentions
from claimex.attribution._segment import Paragraph, QuoteSpan, Sentence, segment
from claimex.core.text import fold_plain
from claimex.core.types import AlignmentStatus, Article, Claim, QuoteType

_FIELDS = ("speaker", "quote", "quote_type", "target", "stance", "date")

PREPOSITIONS = frozenset(
    """of in on at by for from to with without into onto about against among amid between toward towards
    through across over under near beside behind within via including like than per despite upon""".split()
)
_DETERMINERS = frozenset("the a an its his her their our this that these those".split())
PERSON_ROLES = (
    "prime minister|premier|pm|president|vice president|minister|secretary|cleric|commander|leader|"
    "official|spokesman|spokeswoman|spokesperson|general|chief|chairman|chairwoman|ambassador|envoy|"
    "governor|mayor|senator|lawmaker|congressman|congresswoman|king|queen|prince|emir|sheikh|imam|"
    "ayatollah|director|head|deputy|candidate|judge|chancellor|cardinal|pope|bishop|founder|owner|ceo"
)
DOC_ROLES = "statement|letter|tweet|post|message|communique|communiqué|resolution|video|report|declaration|memo"
BODY_ROLES = "group|militia|movement|organisation|organization|ministry|office|government|army|military|faction|party|company|agency|embassy|administration|council|court|coalition|network|alliance"
_ROLE_SYNONYMS = {
    "premier": "prime minister", "pm": "prime minister", "spokeswoman": "spokesman",
    "spokesperson": "spokesman", "chairwoman": "chairman",
}  # fmt: skip
_SPOKES = {"spokesman", "statement", "office", "communique", "communiqué"}
_ANONYMOUS = re.compile(
    r"\b(?:source|sources|officials|witnesses|residents|analysts|observers|experts|diplomats|people|"
    r"activists|protesters|demonstrators|crowds?|reports?|media|insiders|aides|lawmakers|leaders|"
    r"factions|militias|groups|users|accounts)\b",
    re.IGNORECASE,
)
NEWS_OUTLETS = frozenset(
    """afp ap reuters bloomberg xinhua tass irna isna ani pti bbc cnn upi efe dpa ansa kyodo yonhap
    anadolu associated press agence france-presse france presse al jazeera al arabiya sky news fox
    news new york times washington post wall street journal guardian financial times times telegraph
    independent axios politico nbc cbs abc npr nhk rt sputnik fars tasnim mehr mna ina rudaw
    shafaq sana wafa kuna spa wam qna bna""".split("\n")
)
_OUTLET_NAMES = frozenset(
    w.strip()
    for line in """afp, ap, reuters, bloomberg, xinhua, tass, irna, isna, ani, pti, bbc, cnn, upi, efe, dpa,
    ansa, kyodo, yonhap, anadolu, associated press, agence france-presse, al jazeera, al arabiya, sky news,
    fox news, new york times, the new york times, washington post, the washington post, wall street journal,
    the wall street journal, guardian, the guardian, financial times, axios, politico, nbc, cbs, abc, npr,
    nhk, rt, sputnik, fars, tasnim, mehr, state media, state tv, state television, local media""".split("\n")
    for w in line.split(",")
)
_PRONOUN_RE = re.compile(r"(?:^|[\s,(\"“”])(he|she|they|it|we)\s*$", re.IGNORECASE)
_ROLE_RE = re.compile(
    rf"(?:^|[\s,(\"“”])(?P<det>the|a|an|his|her|its|their|this)\s+(?P<mods>(?:[\w’'.\-]+\s+){{0,5}}?)"
    rf"(?P<role>{PERSON_ROLES}|{DOC_ROLES}|{BODY_ROLES})\s*$",
    re.IGNORECASE,
)
_TRAILING_ADJUNCT = re.compile(
    r"(?:\s+(?:also|even|later|then|again|previously|reportedly|repeatedly|separately|further|already|had|has|have|"
    r"would|will|once|too|himself|herself|itself|themselves|recently|publicly|earlier|late|early)"
    r"|\s+in\s+(?:a|an|his|her|its|their|the)\s+(?:[\w’'\-]+\s+){0,3}?(?:statement|tweet|post|letter|interview|speech|"
    r"address|message|video|communique|conference|briefing|remarks)"
    r"|\s+in\s+response|\s+on\s+(?:Twitter|X|Facebook|Telegram|Instagram|television|TV|radio)"
    r"|\s+(?:released|issued|put\s+out|published|posted|sent|made|gave)\s+(?:a|an|the)\s+(?:[\w’'\-]+\s+){0,3}?"
    r"(?:statement|tweet|post|letter|message|video|communique|response|reply)"
    r"|\s+(?:on\s+|late\s+|early\s+|earlier\s+|last\s+)?(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"(?:\s+(?:night|morning|afternoon|evening))?|\s+(?:yesterday|today))\s*$",
    re.IGNORECASE,
)
_LEADING_ADJUNCT = re.compile(
    r"\s*(?:(?:on|late|early|earlier|later|in|at|via|during|over|through|from)\s+(?:(?:a|an|his|her|its|their|the)\s+)?"
    r"(?:[\w’'\-]+\s+){0,3}?(?:Twitter|X|Facebook|Telegram|Instagram|television|TV|radio|statement|tweet|post|letter|"
    r"interview|speech|address|message|video|communique|conference|briefing|remarks|response|reply|"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:night|morning|afternoon|evening))?)\b"
    r"|(?:released|issued|published|posted|dated|broadcast|aired|carried)\s+(?:on\s+)?(?:(?:by|on)\s+[^,\"“]{1,40}?\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)\b"
    r"|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today)(?:\s+(?:night|morning|afternoon|evening))?\b"
    r"|(?:also|again|later|then|further|publicly|repeatedly)\b"
    r"|the\s+(?:next|following|previous|same)\s+day\b|a\s+day\s+(?:later|earlier)\b|hours\s+later\b"
    r"|in\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)*(?=\s*[.,;]|\s*$))",
    re.IGNORECASE,
)
_TELL_OBJECT = re.compile(
    r"\s*(?:reporters|journalists|the press|the media|a news conference|a press conference|lawmakers|"
    r"parliament|supporters|the crowd|(?:the\s+)?[A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*|him|her|them|us)\b",
)
_CONNECTOR = re.compile(r"(?:[,;]\s*|\s+[–—-]+\s+|\s+)(?:and|but|while|though|although|whereas|as\s+well\s+as)\s+|[,;]\s*|\s+[–—]\s+")
_REMARK_FROM = re.compile(
    r"\b(?:words|message|warning|remarks|comments?|statement|promise|threat|pledge|plea|verdict|assessment|"
    r"response|reply|answer)\s+(?:came\s+)?(?:of|from|by)\s+",
    re.IGNORECASE,
)
_DATELINE_PREFIX = re.compile(r"[A-Z][A-Z .'\-]{2,40}(?:,\s*[A-Z][\w .'\-]{1,40}?)?\s*(?:\([^)]{1,30}\)\s*)?[-–—]+\s+")
_WEEKDAY_POSSESSIVE = re.compile(r"^['’]s\b")
_ATTRIBUTIVE_BEFORE = re.compile(r"(?:\w['’]s?|\b(?:the|a|an|his|her|its|their|this|that))\s+$", re.IGNORECASE)
_EVENT_NOUN_AFTER = re.compile(
    r"\s+(?!(?:statement|tweet|post|letter|message|speech|address|remarks|interview|briefing|conference|press|"
    r"news|video|announcement|communique|sermon|call|comments?|meeting|session)\b)[a-z][\w\-]+\b"
)
_NOT_A_REPORT_BEFORE = re.compile(
    r"(?:^|[\s(“\"])(?:a|an|the|his|her|its|their|our|my|your|whose|every|each|any|no|to|would|could|might|may|should|must|can|cannot)\s+$"
    r"|\w['’]s?\s+$",
    re.IGNORECASE,
)
_ADJUNCT_START = re.compile(
    r"\s*(?:(?:at|on|in|with|during|of|from|outside|inside|near|before|after|while|upon|amid|without|through)\b"
    r"|(?:them|it|him|so|this)\s*(?:[,.;]|$))",
    re.IGNORECASE,
)


def head_quoted_early(text: str, lo: int, subject_at: int) -> bool:
    """Whether a quotation closes just before the subject ("“...,” X told the crowd")."""
    return subject_at > lo and bool(re.search(r"[,!?.]?[\"”’»]\s*,?\s*(?:\w+\s+){0,4}$", text[lo:subject_at]))


_SUBORDINATE_START = re.compile(r"\s*(?:after|when|before|as|since|while|if|because|although|though|once|until|unless|whether)\b", re.IGNORECASE)
# "issued a statement saying ...": the participle reports the document's content
_DOC_BEFORE = re.compile(rf"\b(?:{DOC_ROLES}|release|note|remarks)\s+$", re.IGNORECASE)
_PUT_IT_HEAD = re.compile(r"\s*[—–-]*\s*(?:(?:that|this)(?:['’]s|\s+is|\s+was)\s+)?(?:how|as)\s*$", re.IGNORECASE)
# ", X said, the plan ...": the clause after a comma that follows the cue
_COMMA_CLAUSE = re.compile(
    r"\s*,\s*(?:(?:however|though|too|also|again|in\s+(?:a|an|his|her|its|their|the)\s+[\w’'\- ]{1,30}?|on\s+[A-Z]\w+)\s*,\s*)?(?:that\s+)?"
    r"(?!(?:and|but|or|nor|while|as|adding|saying|citing|according|noting|who|whom|which|where|when|because|if|although|though|"
    r"before|after|in\s+an?\b|referring|speaking|without|with|than)\b)(?=[\w“‘\"'«])",
    re.IGNORECASE,
)
# "told a rally in Ohio she will ...": the object ends where a subject pronoun starts the clause
_TELL_TO_PRONOUN = re.compile(r"\s*(?:[\w’'.\-]+\s+){1,7}?(?=(?:he|she|they|we|I|it)\s+[a-z])")


# ---- targets: names that are never what a statement is about, and group phrases
_NON_TARGET_FORMS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june july august
    september october november december whoever whatever whichever whenever wherever anyone anybody everyone
    everybody someone somebody nobody afp reuters ap associated press agence france-presse agence france presse
    bloomberg dna ied ieds gmt utc tv gdp ceo""".split()
) | {"associated press", "agence france presse", "agence france-presse"}
_PROXY_SUFFIX = re.compile(r"-(?:backed|aligned|affiliated|allied|linked|funded|sponsored|supported|controlled)$", re.IGNORECASE)
_GROUP_NOUNS = r"(?:groups?|militias?|factions?|fighters|rebels|proxies|paramilitar(?:y|ies)|movements?|organi[sz]ations?)"
# "Iran-backed groups", "Iran-backed Shiite militias" (the name itself ends the chunk at the hyphenated word)
_PROXY_GROUP = re.compile(rf"(?:-[a-z]+)?(?:\s+[A-Za-z’'\-]+){{0,2}}?\s+{_GROUP_NOUNS}\b")
# "Iraqi militias", "Syrian rebels": not the state
_NATIONAL_GROUP = re.compile(rf"(?:\s+(?:armed|shiite|shia|sunni|islamist|kurdish|allied|rival))?\s+{_GROUP_NOUNS}\b", re.IGNORECASE)


# a group phrase followed by the group's own name: neither the backer nor the phrase is the target
_NAMED_LATER = Entity(-1, "org")


def _not_a_target(e: Entity) -> bool:
    """Weekdays, months, wh-words, news agencies and common-noun acronyms are not targets."""
    return e is _NAMED_LATER or all(re.sub(r"['’]s?$", "", f).casefold() in _NON_TARGET_FORMS for f in e.forms)


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


@dataclass
class _Ref:
    """A speaker found for one cue."""

    entity: Entity | None
    mention: str  # the words used at this statement
    start: int  # where those words begin
    via: str  # name, pronoun, role, inherit, document


@dataclass
class _Draft:
    speaker: Entity
    mention: str
    quote_start: int
    quote_end: int
    quote_type: QuoteType
    sentence: Sentence
    cue: str | None
    cue_kind: CueKind | None
    cue_pos: int
    zone: list[tuple[int, int]]
    object_entity: Entity | None = None
    via: str = "name"
    date: dt.date | None = None
    date_text: str | None = None
    context_end: int | None = None
    fragments: list[tuple[int, int]] = field(default_factory=list)
    clause_from: int | None = None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim white space, wrapping marks and trailing clause punctuation, keeping inner marks."""
    while start < end and text[start] in " \t\n,;:–—-":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:–—-":
        end -= 1
    if end > start and text[end - 1] == "." and not text[start:end].rstrip(".").endswith(("U.S", "Jr", "St")):
        end -= 1
    while end > start and text[end - 1] in " \t\n,;:":
        end -= 1
    return start, end


class _Analyser:
    def __init__(self, article: Article, aliases: AliasTable) -> None:
        self.article = article
        self.text = article.text
        self.aliases = aliases
        self.paragraphs = segment(self.text, article.title)
        self.kept = [p for p in self.paragraphs if p.skipped is None]
        self.dateline = find_dateline(self.text)
        self.published = article.published or self.dateline
        self.index = EntityIndex(aliases)
        self.sentence_mentions: dict[int, list[Mention]] = {}
        self.all_mentions: list[Mention] = []
        self.drafts: list[_Draft] = []
        self.last_person: Entity | None = None
        self.last_person_at = -1
        self.last_subject: tuple[int, Entity] | None = None  # the latest sentence's named person subject
        self.last_body: Entity | None = None
        self.doc_authors: list[tuple[int, str, Entity]] = []
        self.role_links: list[tuple[int, str, Entity]] = []
        self.affiliations: dict[int, set[int]] = {}
        self.anchor_date: dt.date | None = None
        self.sentences: list[Sentence] = [s for p in self.kept for s in p.sentences]
        self.pending: list[tuple[Sentence, QuoteSpan]] = []
        self._anchors: dict[int, dt.date | None] | None = None
        self._date_cache: dict[tuple[int, int], list[re.Match[str]]] = {}

    # ---- set-up -------------------------------------------------------------------
    def collect_mentions(self) -> None:
        for s in self.sentences:
            skip = [(q.start, q.end) for q in s.quotes]
            outside = find_mentions(self.text, s.start, s.end, self.aliases, skip=skip)
            inside = [
                m
                for q in s.quotes
                for m in find_mentions(self.text, max(q.inner_start, s.start), min(q.inner_end, s.end), self.aliases)
            ]
            self.sentence_mentions[s.start] = outside
            self.all_mentions.extend(outside + inside)
        self.index.build(self.all_mentions, self.text)
        for s in self.sentences:
            self._link_roles(s)

    def _link_roles(self, s: Sentence) -> None:
        """Record which name the article gives each role ("cleric X", "X, a commander of ...")."""
        text = self.text
        for m in self.sentence_mentions[s.start]:
            if m.kind == "place" or m.possessive or m.modifier:
                continue
            e = self.index.get(m.text, m.kind)
            before = text[max(s.start, m.chunk_start - 40) : m.chunk_start]
            roles: list[str] = []
            rm = re.search(rf"\b({PERSON_ROLES})\s+$", before, re.IGNORECASE)
            if rm:
                roles.append(rm.group(1))
            if m.title:
                roles.extend(re.findall(rf"\b(?:{PERSON_ROLES})\b", m.title, re.IGNORECASE))
            after = text[m.end : min(s.end, m.end + 90)]
            am = re.match(r"\s*(?:\([^)]*\)\s*)?,\s*((?:[^,;.“”\"]{0,70}?))(?:,|$|\s+(?:said|says|told|warned|added))", after)
            if am:
                appos = am.group(1)
                roles.extend(re.findall(rf"\b(?:{PERSON_ROLES})\b", appos, re.IGNORECASE))
                self._affiliate(e, appos, m.end)
            bm = re.search(rf"\b({PERSON_ROLES})\b[^,.;]{{0,40}},\s*$", text[max(s.start, m.chunk_start - 60) : m.chunk_start], re.IGNORECASE)
            if bm:
                roles.append(bm.group(1))
            if m.title:
                self._affiliate(e, m.title, m.chunk_start)
            for role in roles:
                role = role.lower()
                self.role_links.append((m.start, _ROLE_SYNONYMS.get(role, role), e))

    def _affiliate(self, e: Entity, phrase: str, pos: int) -> None:
        for am in find_mentions(phrase, 0, len(phrase), self.aliases):
            other = self.index.get(am.text, am.kind)
            if other is not e:
                self.affiliations.setdefault(e.key, set()).add(other.key)

    # ---- speakers ---------------------------------------------------------------
    def _qualifies(self, m: Mention, s: Sentence, lo: int) -> bool:
        if m.possessive or m.modifier:
            return False
        after = self.text[m.end : m.end + 20]
        if (
            m.kind == "place"
            and re.search(r"(?:i|ian|ians|ese|ish|an|ans|is)$", m.text)
            and re.match(r"\s+[a-z]", after)
            and not CUE_PATTERN.match(after.lstrip())
            and not re.match(r"\s+(?:has|have|had|also|on|in|late|later|earlier|is|was|will|would)\b", after)
        ):
            return False  # a demonym used as an adjective: "Iraqi armed factions"
        if re.match(r"\s*[-–]\s*(?:backed|led|aligned)", after):
            return False
        words = re.findall(r"[\w’'.\-]+|[,;:()“”\"]", self.text[lo : m.chunk_start])
        for w in reversed(words[-5:]):
            low = w.lower()
            if low in PREPOSITIONS:
                return False
            if not re.match(r"[\w’'\-]", w):
                return True
            if low in _DETERMINERS or w[0].isupper() or "-" in w or w.islower():
                continue
        return True

    def _name_ref(self, m: Mention) -> _Ref | None:
        if m.text.lower() in _OUTLET_NAMES or m.surface.lower() in _OUTLET_NAMES or _ANONYMOUS.fullmatch(m.text):
            return None
        e = self.index.get(m.text, m.kind)
        return _Ref(e, m.surface, m.chunk_start, "name")

    def _role_ref(self, role: str, mods: str, det: str, pos: int, s: Sentence) -> _Ref | None:
        role = _ROLE_SYNONYMS.get(role.lower(), role.lower())
        mod_mentions = find_mentions(mods, 0, len(mods), self.aliases)
        if role == "spokesman":
            # "a top Iraqi military spokesperson" named elsewhere ("X, spokesperson for Iraq's Y Command"):
            # the named spokesperson of the same organisation (or the only one the article names)
            people: list[Entity] = []
            for lk in self.role_links:
                if lk[1] == role and all(e is not lk[2] for e in people):
                    people.append(lk[2])
            mod_keys = {self.index.get(mm.text, mm.kind).key for mm in mod_mentions}
            if mod_keys:
                people = [e for e in people if mod_keys & self.affiliations.get(e.key, set())]
            if len(people) == 1:
                return _Ref(people[0], f"{det} {mods}{role}", pos, "role")
        if role in _SPOKES or role in BODY_ROLES.split("|"):
            named = [m for m in mod_mentions if not m.modifier or role in _SPOKES]
            if named and role in set(BODY_ROLES.split("|")) | _SPOKES:
                m = named[-1]
                e = self.index.get(m.text, m.kind)
                if e.kind != "person":
                    return _Ref(e, f"{det} {mods}{role}", pos, "role")
        if role in DOC_ROLES.split("|"):
            authors = [a for a in self.doc_authors if a[1] == role and a[0] <= pos]
            if authors:
                return _Ref(authors[-1][2], f"{det} {mods}{role}", pos, "document")
            return None
        if role in BODY_ROLES.split("|"):
            if self.last_body is not None and det.lower() in ("the", "its", "this"):
                return _Ref(self.last_body, f"{det} {mods}{role}", pos, "role")
            return None
        links = [lk for lk in self.role_links if lk[1] == role]
        if not links:
            return None
        before = [lk for lk in links if lk[0] <= pos]
        chosen = before[-1] if before else min(links, key=lambda lk: lk[0])
        return _Ref(chosen[2], f"{det} {mods}{role}".strip(), pos, "role")

    def _pronoun_ref(self, word: str, pos: int) -> _Ref | None:
        low = word.lower()
        if low in ("he", "she"):
            e = self.last_person
            if self.last_subject is not None and (e is None or self.last_subject[0] > self.last_person_at):
                e = self.last_subject[1]
        elif low == "we":
            return None
        else:
            e = self.last_body or self.last_person
        return _Ref(e, word, pos, "pronoun") if e is not None else None

    def _speaker_before(self, s: Sentence, lo: int, cue_start: int) -> _Ref | None:
        text = self.text
        dl = _DATELINE_PREFIX.match(text, lo, cue_start)
        if dl:
            lo = dl.end()
        pre = text[lo:cue_start]
        cleaned = pre.rstrip()
        for _ in range(6):
            new = _TRAILING_ADJUNCT.sub("", cleaned).rstrip()
            if new == cleaned:
                break
            cleaned = new
        end = lo + len(cleaned)
        pm = _PRONOUN_RE.search(cleaned)
        if pm:
            return self._pronoun_ref(pm.group(1), lo + pm.start(1))
        rm = _ROLE_RE.search(cleaned)
        mentions = [m for m in self.sentence_mentions[s.start] if lo <= m.chunk_start and m.end <= end]
        if rm and not (mentions and mentions[-1].end > lo + rm.start("role")):
            if _ANONYMOUS.search(rm.group("mods") or ""):
                return None
            det_at = lo + rm.start("det")
            for m in reversed(mentions):
                if m.end <= det_at and re.fullmatch(r"\s*(?:\([^)]*\)\s*)?,\s*", text[m.end : det_at]) and self._qualifies(m, s, lo):
                    return self._name_ref(m)  # "X, the commander of the Y militia, said": X speaks
            return self._role_ref(rm.group("role"), rm.group("mods") or "", rm.group("det"), lo + rm.start("det"), s)
        if re.search(r"\b(?:he|she|they|it)\s*,\s*[^,]{0,80},\s*$", cleaned, re.IGNORECASE):
            pm2 = re.search(r"\b(he|she|they|it)\s*,", cleaned, re.IGNORECASE)
            if pm2:
                return self._pronoun_ref(pm2.group(1), lo + pm2.start(1))
        if cleaned.endswith(","):
            # "Name, appositive, said": the name is the nearest mention followed by a comma
            for m in reversed(mentions):
                if re.match(r"\s*(?:\([^)]*\)\s*)?,", text[m.end : m.end + 20]) and self._qualifies(m, s, lo):
                    return self._name_ref(m)
        for m in reversed(mentions):
            if self._qualifies(m, s, lo):
                between = text[m.end:end]
                # a plural or anonymous head after the name ("Iraqi officials") is not the name
                if _ANONYMOUS.match(between.strip()):
                    return None
                return self._name_ref(m)
        return None

    def _speaker_after(self, s: Sentence, pos: int, limit: int) -> _Ref | None:
        text = self.text
        after = text[pos:limit]
        lead = len(after) - len(after.lstrip())
        start = pos + lead
        for m in self.sentence_mentions[s.start]:
            if m.chunk_start >= start and re.fullmatch(r"(?:[a-z][\w\-]*\s+){0,4}", text[start : m.chunk_start]):
                if re.match(r"(?:the|a|an)\s", text[start : m.chunk_start]) and (
                    m.kind == "person" or re.match(r"\s+[a-z]", text[m.end : m.end + 3])
                ):
                    break  # "the Iraqi premier": a role, not a name
                return self._name_ref(m)
        m2 = re.match(r"(the|a|an|his|her|its|their)\s+((?:[\w’'.\-]+\s+){0,4}?)(" + PERSON_ROLES + "|" + DOC_ROLES + "|" + BODY_ROLES + r")\b", text[start:limit], re.I)
        if m2:
            if _ANONYMOUS.search(m2.group(2) or ""):
                return None
            ref = self._role_ref(m2.group(3), m2.group(2) or "", m2.group(1), start, s)
            if ref is None:
                # "according to a statement from X", "said a spokesman for X"
                tail = text[start + m2.end() : limit]
                fm = re.match(r"\s*(?:released\s+|issued\s+)?(?:by|from|of|for)\s+", tail)
                if fm:
                    return self._speaker_after(s, start + m2.end() + fm.end(), limit)
            return ref
        m3 = re.match(r"(he|she|they|it|him|her|them)\b", text[start:limit], re.I)
        if m3:
            word = {"him": "he", "her": "she", "them": "they"}.get(m3.group(1).lower(), m3.group(1))
            return self._pronoun_ref(word, start)
        return None

    # ---- statements ---------------------------------------------------------------
    def process_sentence(self, s: Sentence) -> None:
        text = self.text
        cues = []
        for m in CUE_PATTERN.finditer(text, s.start, s.end):
            if any(q.inner_start <= m.start() < q.inner_end for q in s.quotes):
                continue
            kind = cue_kind(m.group(0))
            if kind.participle and not re.search(r"[,;–—]\s*$", text[s.start : m.start()]) and not _DOC_BEFORE.search(
                text[max(s.start, m.start() - 40) : m.start()]
            ):
                continue  # "militias condemning X": a reduced relative clause, not a report
            if PASSIVE_AUX.search(text[max(s.start, m.start() - 25) : m.start()]):
                continue
            if _NOT_A_REPORT_BEFORE.search(text[max(s.start, m.start() - 30) : m.start()]) and not kind.participle:
                continue  # "his tweet", "Hillary's claim", "need to confirm", "would say"
            if re.match(r"\s+by\b", text[m.end() : m.end() + 4]):
                continue  # "as declared by X": a reduced passive
            nxt = text[m.end() : m.end() + 12]
            if kind.name == "say" and not kind.participle and re.match(r"\s+(?:was|is|were|are|had|has|would|will|to be)\b", nxt) and not re.search(r"[,”\"]\s*$", text[s.start : m.start()]):
                continue  # "the letter the US said was a draft"
            if kind.name in ("call", "hold", "ask", "continue") and re.match(r"\s+(?:for|on|off|up|in|out|a meeting|an? (?:urgent|emergency))", nxt):
                continue
            cues.append((m, kind))
        made_any = False
        prev_ref: _Ref | None = None
        region_lo = s.start
        prev_end = s.start
        for i, (m, kind) in enumerate(cues):
            cue_start, cue_end = m.start(), m.end()
            # where this cue's own clause ends: at the connector before the next cue
            clause_limit = s.end
            for m2, _k2 in cues[i + 1 :]:
                between = text[cue_end : m2.start()]
                if any(q.start >= cue_end and q.end <= m2.start() and q.start < m2.start() for q in s.quotes) and not re.search(r"[,;–—]|\band\b", between):
                    continue
                conn = None
                for c in _CONNECTOR.finditer(between):
                    conn = c
                if _k2.according or _k2.participle:
                    cm = re.search(r"[,;–—]\s*$", between)
                    if cm:
                        clause_limit = cue_end + cm.start()
                        break
                if conn is not None and cue_end + conn.end() >= m2.start() - 60 and not any(q.contains(cue_end + conn.start()) for q in s.quotes):
                    clause_limit = cue_end + conn.start()
                    break
            if cue_start < prev_end:
                continue  # nested inside the previous cue's statement
            ref: _Ref | None = None
            inverted = False
            before_txt = text[region_lo:cue_start].rstrip()
            if kind.according:
                ref = self._speaker_after(s, cue_end, clause_limit)
                if ref is None:
                    prev_end = cue_end
                    continue
                made_any |= self._according(s, ref, m, kind, region_lo, clause_limit)
                prev_end = clause_limit
                region_lo = clause_limit
                continue
            if kind.say and not kind.participle and re.search(r"(?:[,!?][\"'”’»]|[\"'”’»],?|,)$", before_txt) and (
                cue_start - region_lo > 0
            ):
                after_ref = self._speaker_after(s, cue_end, clause_limit)
                if after_ref is not None and (
                    re.search(r"[\"'”’»],?$", before_txt) or not self._near_subject(s, region_lo, cue_start)
                ):
                    ref, inverted = after_ref, True
            if ref is None and (kind.participle or re.fullmatch(r"\s*(?:,?\s*(?:and|but|while|though|although|–|—)\s*)?(?:also\s+|later\s+|then\s+)?", text[prev_end:cue_start] if i else "x")):
                if prev_ref is not None and i > 0:
                    ref = _Ref(prev_ref.entity, prev_ref.mention, prev_ref.start, "inherit")
                elif kind.participle:
                    ref = self._speaker_before(s, s.start, cue_start)
            if ref is None:
                ref = self._speaker_before(s, region_lo, cue_start)
            if ref is None or ref.entity is None:
                prev_end = max(prev_end, cue_end)
                continue
            produced = self._statements(s, ref, m, kind, inverted, region_lo, clause_limit)
            made_any |= produced
            prev_ref = ref
            prev_end = clause_limit
            region_lo = clause_limit
        self._remember_documents(s)
        self._standalone_quotes(s)
        self._advance_anchor(s)
        self._remember_subject(s)
        _ = made_any

    def _near_subject(self, s: Sentence, lo: int, cue_start: int) -> bool:
        """A subject right before the cue ("X, an adviser, said"), not a name deep in a clause."""
        ref = self._speaker_before(s, lo, cue_start)
        if ref is None:
            return False
        between = self.text[ref.start + len(ref.mention) : cue_start]
        between = re.sub(r",[^,]*,", ",", between)  # an appositive
        return len(re.findall(r"[\w’'\-]+", between)) <= 3

    def _remember_subject(self, s: Sentence) -> None:
        """The first named person in subject position, for a later "he"/"she" with no speaker before it."""
        for m in self.sentence_mentions[s.start]:
            if m.kind == "person" and self._qualifies(m, s, s.start):
                e = self.index.get(m.text, m.kind)
                if e.kind == "person":
                    self.last_subject = (s.start, e)
                return

    def _according(self, s: Sentence, ref: _Ref, m: re.Match[str], kind: CueKind, lo: int, limit: int) -> bool:
        text = self.text
        start_clause = lo
        if text[s.start:m.start()].strip() == "" or re.match(r"\s*$", text[lo : m.start()]):
            # "According to X, clause."
            comma = text.find(",", m.end(), limit)
            if comma < 0:
                return False
            qs, qe = _strip_span(text, comma + 1, limit)
            zone = [(s.start, comma + 1)]
        else:
            qs, qe = _strip_span(text, start_clause, m.start())
            zone = [(m.start(), limit)]
        if qe - qs < 8:
            return False
        # the cited source speaks the whole clause: drop statements found inside it
        self.drafts = [d for d in self.drafts if not (d.sentence is s and d.quote_start >= qs and d.quote_end <= qe)]
        return self._add_draft(s, ref, qs, qe, m, kind, zone, None)

    def _statements(self, s: Sentence, ref: _Ref, m: re.Match[str], kind: CueKind, inverted: bool, lo: int, limit: int) -> bool:
        text = self.text
        cue_start, cue_end = m.start(), m.end()
        made = False
        # after the speaker (inverted) or after the cue: the rest up to the clause end
        after_at = cue_end
        if inverted:
            after_at = self._end_of_speaker_phrase(s, cue_end, limit)
        rest_start = after_at
        object_entity: Entity | None = None
        if kind.name == "tell" or (kind.takes_object and not inverted):
            om = _TELL_OBJECT.match(text, rest_start, limit) if kind.name == "tell" else None
            obj = self._object_after(s, rest_start, limit)
            if obj is not None:
                object_entity = obj
            if om is not None and kind.name == "tell":
                rest_start = om.end()
            elif kind.name == "tell":
                tp = _TELL_TO_PRONOUN.match(text, rest_start, limit)
                if tp is not None and not re.search(r"[,;:“”\"]|\bthat\b", tp.group(0)):
                    rest_start = tp.end()
        # skip adjuncts ("on Twitter", "in a statement released Saturday", "late Wednesday")
        pos = rest_start
        for _ in range(5):
            am = _LEADING_ADJUNCT.match(text, pos, limit)
            if not am or am.end() == pos:
                break
            pos = am.end()
        tm = re.match(r"\s*(?:,\s*)?that\b", text[pos:limit])
        that_found = tm is not None
        if tm:
            pos += tm.end()
        else:
            window = text[pos:limit][:90]
            far = re.search(r"\bthat\b", window)
            if far and not re.search(r"[,\"“”]", window[: far.start()]) and (kind.takes_object or re.match(
                r"\s*(?:on|in|at|during|late|earlier|last|to|via|through|from|after|before|this|[A-Z])", window
            )) and kind.name in ("say", "tell", "add", "warn", "stress", "confirm", "announce", "insist", "affirm", "note", "claim", "deny", "admit", "inform", "assure", "threaten", "vow"):
                pos += far.end()
                that_found = True
        cm = re.match(r"\s*[:,]?\s*", text[pos:limit])
        if cm and text[pos:limit][: cm.end()].strip(" ") in (":", ",") and re.match(r"\s*[:,]\s*[\"“‘'«]", text[pos:limit]):
            pos += cm.end()
        rest = text[pos:limit]
        has_complement = bool(rest.strip()) and not re.match(r"\s*(?:[,;.–—)]|and\b|but\b|while\b|as\b|though\b|although\b|before\b|after\b|because\b|when\b|in\s+a\b|to\s+reporters\b)", rest)
        if has_complement and not that_found and (
            _ADJUNCT_START.match(rest)
            or (kind.name in ("write", "tweet") and re.match(r"\s*(?:a|an|the|his|her|their|its|this)\s", rest) and not re.search(r"[“\"‘«]", rest))
            or (kind.name == "tell" and head_quoted_early(text, lo, ref.start) and len(rest.split()) <= 6)
        ):
            has_complement = False  # "said at a rally", "said with a grin", "said them", "wrote the book"
        if kind.takes_object and not has_complement and object_entity is not None:
            has_complement = False
        subject_at = self._subject_start(lo, ref.start) if not inverted and ref.start > lo else ref.start
        head_quoted = bool(re.search(r"[,!?.]?[\"”’»]\s*,?\s*$", text[lo:subject_at])) and subject_at > lo
        comma_clause = None
        if not has_complement and not inverted and kind.say and not kind.participle:
            # "Too often, X said, the debate ...": the clause after the parenthetical tag
            cm2 = _COMMA_CLAUSE.match(text, pos, limit)
            if cm2 is not None and len(text[cm2.end() : limit].split()) >= 4 and not _SUBORDINATE_START.match(text, lo):
                comma_clause = cm2.end()
        if inverted or (not has_complement) or head_quoted:
            # ", X said" closes the clause that came before it
            speaker_at = subject_at if not inverted else cue_start
            head = text[lo:speaker_at].rstrip()
            if kind.name == "put it":
                pm = _PUT_IT_HEAD.search(head)
                head = head[: pm.start()].rstrip() if pm else ""
                if head and not re.search(r"[,”\"’»]$", head):
                    head = ""
            elif not inverted and (ref.via == "inherit" or not re.search(r"[,”\"’»]$", head)):
                head = ""
            elif comma_clause is not None and not head_quoted and len(head.split()) < 6:
                head = ""  # "In the end, X said, ...": an adverbial, not the statement
            if head and (inverted or ref.start > lo):
                qs, qe = _strip_span(text, lo, lo + len(head))
                if qe - qs >= 3:
                    zone = [(speaker_at, limit)]
                    made |= self._add_draft(s, ref, qs, qe, m, kind, zone, object_entity)
        if comma_clause is not None:
            qs, qe = _strip_span(text, comma_clause, limit)
            made |= self._add_draft(s, ref, qs, qe, m, kind, [(s.start, comma_clause)], object_entity, clause_from=cue_end)
        if has_complement:
            qs, qe = _strip_span(text, pos, limit)
            if qe > qs:
                zone = [(s.start, pos)]
                made |= self._add_draft(s, ref, qs, qe, m, kind, zone, object_entity, clause_from=cue_end)
        return made

    def _subject_start(self, lo: int, name_at: int) -> int:
        """Where the subject phrase holding the name begins: "union leader Pablo Ruiz", "Al Kasimi"."""
        before = self.text[lo:name_at]
        m = re.search(r"(?:[\w’'.\-]+\s+){1,4}$", before)
        if m is None:
            return name_at
        words = m.group(0)
        boundary = re.search(r"(?:[,;:\"“”»]|’(?!\w))\s*(?=(?:[\w’'.\-]+\s+){1,4}$)", before)
        if boundary is None or any(w.lower() in PREPOSITIONS for w in words.split()):
            return name_at
        return lo + boundary.end()

    def _end_of_speaker_phrase(self, s: Sentence, pos: int, limit: int) -> int:
        text = self.text
        am = re.match(r"\s*[^,;.]*?(?=,|;|\.|$)", text[pos:limit])
        end = pos + (am.end() if am else 0)
        if end < limit and text[end] == ",":
            # ", whose authenticity was confirmed ...": an appositive; the clause stops here
            return limit
        return end

    def _object_after(self, s: Sentence, pos: int, limit: int) -> Entity | None:
        for m in self.sentence_mentions[s.start]:
            if m.chunk_start >= pos and m.chunk_start <= pos + 40 and m.chunk_start < limit:
                gap = self.text[pos : m.chunk_start]
                if re.fullmatch(r"\s*(?:(?:the|a|an|his|her|its|their|[a-z]+(?:-[a-z]+)*)\s+){0,3}", gap) and not m.possessive:
                    group = self._group_named_by(m)
                    if group is not None or _PROXY_SUFFIX.search(m.surface):
                        return None if group is _NAMED_LATER else group  # "held Iran-backed groups responsible"
                    return self.index.get(m.text, m.kind)
                break
        return None

    def _add_draft(self, s: Sentence, ref: _Ref, qs: int, qe: int, m: re.Match[str] | None, kind: CueKind | None,
                   zone: list[tuple[int, int]], object_entity: Entity | None, *, clause_from: int | None = None) -> bool:
        assert ref.entity is not None
        text = self.text
        quotes = [q for q in s.quotes if q.start < qe and q.end > qs]
        body = text[qs:qe]
        words = len(body.split())
        if not quotes:
            qtype = QuoteType.INDIRECT
            if words < 3:
                return False
        else:
            q0 = quotes[0]
            outside = text[qs : q0.start] + text[q0.end : qe] if len(quotes) == 1 else "x"
            if len(quotes) == 1 and not re.search(r"[A-Za-z]", re.sub(r"\b(?:that|as)\b", "", outside)):
                qtype = QuoteType.DIRECT
                qs, qe = _strip_span(text, q0.inner_start, q0.inner_end)
            else:
                qtype = QuoteType.MIXED
        if (
            kind is not None
            and kind.weak
            and qtype is QuoteType.INDIRECT
            and not (kind.name == "hold" and re.search(r"\b(?:responsible|accountable)\b", body))
        ):
            return False
        if kind is not None and kind.name == "claim" and re.fullmatch(r"\s*(?:the\s+)?responsibility\W*", body, re.I):
            return False  # "claimed responsibility" with nothing claimed: an act, not a statement
        if qe <= qs:
            return False
        if ref.via in ("name", "role", "document") and ref.entity.kind in ("person",):
            self.last_person = ref.entity
        elif ref.via in ("name", "role", "document"):
            self.last_body = ref.entity
        if ref.entity.kind == "person":
            self.last_person = ref.entity
        if self.last_person is ref.entity:
            self.last_person_at = s.start
        cue_pos = m.start() if m is not None else qs
        self.drafts.append(
            _Draft(
                speaker=ref.entity,
                mention=ref.mention,
                quote_start=qs,
                quote_end=qe,
                quote_type=qtype,
                sentence=s,
                cue=m.group(0) if m is not None else None,
                cue_kind=kind,
                cue_pos=cue_pos,
                zone=zone + ([(clause_from, min(qe, clause_from + 40))] if clause_from is not None else []),
                object_entity=object_entity,
                via=ref.via,
                fragments=[(q.inner_start, q.inner_end) for q in quotes],
                clause_from=clause_from,
            )
        )
        return True

    def _remember_documents(self, s: Sentence) -> None:
        text = self.text
        own = [d for d in self.drafts if d.sentence is s]
        for dm in re.finditer(rf"\b({DOC_ROLES})\b|\b(tweet(?:ed)?|wrote)\b", text[s.start : s.end], re.I):
            if any(q.contains(s.start + dm.start()) for q in s.quotes):
                continue
            noun = (dm.group(1) or "").lower() or ("tweet" if "tweet" in dm.group(0).lower() else "letter")
            author: Entity | None = own[0].speaker if own else None
            if author is None:
                after = text[s.start + dm.end() : s.end]
                bm = re.match(r"\s*(?:[\w\-]+\s+){0,3}?(?:by|from|of)\s+(?:the\s+)?", after)
                if bm:
                    for mm in self.sentence_mentions[s.start]:
                        if mm.chunk_start >= s.start + dm.end() + bm.end() and mm.chunk_start < s.start + dm.end() + bm.end() + 60:
                            author = self.index.get(mm.text, mm.kind)
                            if True:
                                break
            if author is None:
                subj = [mm for mm in self.sentence_mentions[s.start] if mm.start < s.start + dm.start() and self._qualifies(mm, s, s.start)]
                if subj:
                    author = self.index.get(subj[0].text, subj[0].kind)
            if author is not None:
                self.doc_authors.append((s.start + dm.start(), noun, author))

    def _standalone_quotes(self, s: Sentence) -> None:
        text = self.text
        for q in s.quotes:
            if q.start < s.start:
                continue
            if any(d.quote_start <= q.inner_start < d.quote_end or q.inner_start <= d.quote_start < q.inner_end for d in self.drafts):
                continue
            inner = text[q.inner_start : q.inner_end]
            if len(inner.split()) < 4:
                continue  # a scare quote or a term, not a statement
            outside = text[s.start : q.start] + text[q.end : s.end]
            if len(re.findall(r"[A-Za-z]+", outside)) > 3:
                continue
            ref = self._next_sentence_speaker(s) or self._run_speaker(s, q)
            if ref is None and q.continues:
                self.pending.append((s, q))
                continue
            if ref is None or ref.entity is None:
                continue
            self._add_draft(s, ref, q.inner_start, q.inner_end, None, None, [], None)
            nxt = self._next_sentence(s)
            if ref.via == "next" and nxt is not None:
                self.drafts[-1].context_end = nxt.end

    def _next_sentence(self, s: Sentence) -> Sentence | None:
        idx = self.sentences.index(s)
        return self.sentences[idx + 1] if idx + 1 < len(self.sentences) else None

    def _next_sentence_speaker(self, s: Sentence) -> _Ref | None:
        nxt = self._next_sentence(s)
        if nxt is None:
            return None
        body = self.text[nxt.start : nxt.end]
        rm = _REMARK_FROM.search(body)
        if rm is None:
            return None
        ref = self._speaker_after(nxt, nxt.start + rm.end(), nxt.end)
        if ref is not None:
            ref.via = "next"
        return ref

    def _run_speaker(self, s: Sentence, q: QuoteSpan) -> _Ref | None:
        if not self.drafts:
            return None
        last = self.drafts[-1]
        gap = [x for x in self.sentences if last.sentence.start < x.start < s.start]
        if len(gap) > 1 or (last.quote_type is QuoteType.INDIRECT and not q.continues):
            return None
        return _Ref(last.speaker, last.mention, q.start, "run")

    def _advance_anchor(self, s: Sentence) -> None:
        for dm in self._dates(s.start, s.end):
            if dm.lastgroup == "relative":
                resolved = resolve_relative(dm.group(0), self.anchor_date)
            else:
                resolved = resolve_date(dm.group(0), self.published)
            if resolved is not None:
                self.anchor_date = resolved

    # ---- dates ------------------------------------------------------------------------
    def date_for(self, d: _Draft) -> tuple[dt.date | None, str | None]:
        text = self.text
        best: tuple[int, dt.date | None, str] | None = None
        anchor = self._anchor_before(d.sentence)
        for lo, hi in d.zone:
            for dm in DATE_PATTERN.finditer(text, max(lo, d.sentence.start), min(hi, d.sentence.end)):
                if any(q.start <= dm.start() < q.end for q in d.sentence.quotes):
                    continue
                if _WEEKDAY_POSSESSIVE.match(text[dm.end() : dm.end() + 3]):
                    continue  # "Sunday's attack" dates the attack, not the statement
                if _ATTRIBUTIVE_BEFORE.search(text, max(0, dm.start() - 12), dm.start()) and _EVENT_NOUN_AFTER.match(text, dm.end()):
                    continue  # "Washington's Wednesday strike": the day of the event (but "his Saturday statement" counts)
                if any(
                    o is not d and o.sentence is d.sentence and o.quote_start <= dm.start() < o.quote_end
                    and len(text[o.cue_pos + len(o.cue or "") : dm.start()].split()) > 3
                    for o in self.drafts
                ):
                    continue  # deep inside another statement's reported content: it dates what is reported
                if re.search(r"\b(?:since|until|by|before|after)\s+$", text[max(0, dm.start() - 8) : dm.start()]):
                    continue
                expr = dm.group(0)
                if lo == d.clause_from and not re.match(r"(?:on|late|early|last|earlier|this)\b", expr, re.I):
                    continue
                value = resolve_relative(expr, anchor) if is_relative(expr) else resolve_date(expr, self.published)
                dist = abs(dm.start() - d.cue_pos)
                if best is None or dist < best[0]:
                    best = (dist, value, expr.strip())
        if best is None:
            return None, None
        return best[1], best[2]

    def _dates(self, lo: int, hi: int) -> list[re.Match[str]]:
        """Time expressions in ``text[lo:hi]`` (cached: each sentence is scanned once)."""
        found = self._date_cache.get((lo, hi))
        if found is None:
            found = self._date_cache[(lo, hi)] = list(DATE_PATTERN.finditer(self.text, lo, hi))
        return found

    def _anchor_before(self, s: Sentence) -> dt.date | None:
        if self._anchors is None:
            # the date last mentioned before each sentence, computed once
            self._anchors = {}
            running: dt.date | None = None
            for x in self.sentences:
                self._anchors[x.start] = running
                for dm in self._dates(x.start, x.end):
                    val = resolve_relative(dm.group(0), running) if is_relative(dm.group(0)) else resolve_date(dm.group(0), self.published)
                    if val is not None:
                        running = val
        anchor = self._anchors.get(s.start)
        # a date earlier in the same sentence counts too
        for dm in self._dates(s.start, s.end):
            if dm.lastgroup != "relative":
                val = resolve_date(dm.group(0), self.published)
                if val is not None:
                    anchor = val
        return anchor

    # ---- targets -----------------------------------------------------------------
    def targets_for(self, d: _Draft) -> list[Entity]:
        text = self.text
        out: list[Entity] = []
        excluded = {d.speaker.key} | self.affiliations.get(d.speaker.key, set())

        def add(e: Entity | None) -> None:
            if e is not None and e.key not in excluded and e not in out and not _not_a_target(e):
                out.append(e)

        add(d.object_entity)
        in_quote: list[tuple[int, Entity]] = []
        for m in find_mentions(text, d.quote_start, d.quote_end, self.aliases):
            group = self._group_named_by(m)
            if group is not None:
                in_quote.append((m.start, group))
                continue
            if _PROXY_SUFFIX.search(m.surface):
                continue  # "Iran-backed": the backer is not whom the statement is about
            pos = m.start
            for part in re.split(r"-(?=[A-Z])", m.text):
                e = self.index.lookup(part)
                if e is not None:
                    in_quote.append((pos, e))
                pos += len(part) + 1
        for _pos, e in in_quote:
            add(e)
        for m in self.sentence_mentions[d.sentence.start]:
            if d.quote_start <= m.start < d.quote_end:
                continue
            if m.chunk_start < d.cue_pos and not m.possessive:
                continue  # the speaker's side of the sentence
            group = self._group_named_by(m)
            if group is not None:
                add(group)
                continue
            if _PROXY_SUFFIX.search(m.surface):
                continue
            add(self.index.lookup(m.text))
        return out

    def _group_named_by(self, m: Mention) -> Entity | None:
        """"Iran-backed groups", "Iraqi militias": an armed or political group named by its backer or nationality."""
        if _PROXY_SUFFIX.search(m.surface):
            gm = _PROXY_GROUP.match(self.text, m.end)
        elif m.kind == "place" and self.aliases.canonical(m.text) is not None and not m.possessive:
            gm = _NATIONAL_GROUP.match(self.text, m.end)
        else:
            return None
        if gm is None:
            return None
        if re.match(r"\s+[A-Z]", self.text[gm.end() : gm.end() + 2]):
            return _NAMED_LATER  # "Iran-backed Lebanese movement Hizbollah": the name that follows is the target
        return self.index.get(self.text[m.start : gm.end()], "org")

    # ---- assembly ------------------------------------------------------------------
    def run(self) -> Attribution:
        self.collect_mentions()
        for s in self.sentences:
            self.process_sentence(s)
        for s, q in self.pending:
            # a quote running on into the next paragraph: the speaker named there
            later = [d for d in self.drafts if d.quote_start >= q.end and d.quote_type is QuoteType.DIRECT]
            if later:
                first = min(later, key=lambda d: d.quote_start)
                self._add_draft(s, _Ref(first.speaker, first.mention, q.start, "run"), q.inner_start, q.inner_end, None, None, [], None)
        drafts = self._dedupe(sorted(self.drafts, key=lambda d: (d.quote_start, -d.quote_end)))
        self._date_drafts(drafts)
        proposals: list[Proposal] = []
        speakers: dict[str, tuple[str, ...]] = {}
        for d in drafts:
            proposals.append(self._proposal(d))
            speakers[d.speaker.canonical] = d.speaker.aliases
        entities = {e.canonical: e.aliases for e in self.index.entities}
        return Attribution(tuple(proposals), speakers, entities, self.dateline)

    def _dedupe(self, drafts: list[_Draft]) -> list[_Draft]:
        kept: list[_Draft] = []
        for d in drafts:
            if any(k.quote_start <= d.quote_start and d.quote_end <= k.quote_end and k.speaker is d.speaker for k in kept):
                continue
            kept.append(d)
        # a lead paraphrase whose quoted words recur in a fuller quote by the same speaker
        text = self.text
        result: list[_Draft] = []
        folded: dict[int, str] = {}  # per-article folding, once per quote
        for d in kept:
            fuller = None
            if d.quote_type is not QuoteType.DIRECT and d.fragments:
                frags = [fold_plain(text[a:b], lower=True).strip(" ,.") for a, b in d.fragments]
                for k in kept:
                    if k is d or k.speaker is not d.speaker or k.quote_type is not QuoteType.DIRECT:
                        continue
                    body = folded.get(id(k)) or folded.setdefault(id(k), fold_plain(text[k.quote_start : k.quote_end], lower=True))
                    if all(f and f in body for f in frags):
                        fuller = k
                        break
            if fuller is not None:
                if fuller.date is None:
                    fuller.zone = fuller.zone + d.zone
                    fuller.cue_pos = fuller.cue_pos
                    fuller.date, fuller.date_text = self.date_for(d)
                continue
            result.append(d)
        return result

    def _date_drafts(self, drafts: list[_Draft]) -> None:
        for d in drafts:
            if d.date is None:
                d.date, d.date_text = self.date_for(d)
        # a day given for the occasion dates the speaker's other statements from it
        for i, d in enumerate(drafts):
            if d.date is not None or d.date_text is not None:
                continue
            for j in range(i - 1, -1, -1):
                p = drafts[j]
                if p.speaker is not d.speaker:
                    break
                if p.date is not None:
                    d.date, d.date_text = p.date, p.date_text
                    break
            if d.date is None and d.via in ("document", "pronoun", "run", "role"):
                for j in range(i + 1, len(drafts)):
                    n = drafts[j]
                    if n.speaker is not d.speaker:
                        break
                    if n.date is not None:
                        d.date, d.date_text = n.date, n.date_text
                        break

    def _proposal(self, d: _Draft) -> Proposal:
        text = self.text
        targets = self.targets_for(d)
        target = targets[0] if targets else None
        quote = text[d.quote_start : d.quote_end]
        stance = stance_of(quote, d.cue_kind)
        claim = Claim(
            speaker=d.speaker.canonical,
            speaker_mention=d.mention,
            speaker_aliases=d.speaker.aliases,
            quote=quote,
            quote_type=d.quote_type,
            target=target.canonical if target else None,
            target_aliases=target.aliases if target else (),
            stance=stance,
            date=d.date,
            date_text=d.date_text,
            start=d.quote_start,
            end=d.quote_end,
            alignment=AlignmentStatus.EXACT,
            decided_by=dict.fromkeys(_FIELDS, "rules"),
        )
        ctx_end = d.context_end or d.sentence.end
        ctx_start = min(d.sentence.start, d.quote_start)
        return Proposal(
            claim=claim,
            target_candidates=tuple(e.canonical for e in targets),
            context=" ".join(text[ctx_start:ctx_end].split()),
            cue=d.cue,
        )


def analyse(article: Article, *, alias_table: AliasTable | None = None) -> Attribution:
    """Find the article's statements by rules alone (no model): speakers, quotes, dates, targets, stances."""
    return _Analyser(article, alias_table or _default_table()).run()


_DEFAULT: list[AliasTable] = []


def _default_table() -> AliasTable:
    if not _DEFAULT:
        _DEFAULT.append(AliasTable.default())
    return _DEFAULT[0]


def canonicalise_speaker(name: str, attribution: Attribution, *, alias_table: AliasTable | None = None) -> tuple[str, tuple[str, ...]]:
    """Map a free-text speaker (e.g. a model's answer) to the article's canonical speaker and aliases.

    Tries the article's speakers, then its other entities, then the alias table; a name
    none of them knows comes back as given (trimmed), with no aliases.
    """
    from claimex.attribution.names import names_match, normalise_name

    clean = " ".join(name.split())
    table = alias_table or _default_table()
    for pool in (attribution.speakers, attribution.entities):
        for canonical, aliases in pool.items():
            forms = (canonical, *aliases)
            if any(normalise_name(f) == normalise_name(clean) for f in forms):
                return canonical, aliases
        for canonical, aliases in pool.items():
            if any(names_match(clean, f) for f in (canonical, *aliases)):
                return canonical, aliases
    table_name = table.canonical(clean)
    if table_name is not None:
        for pool in (attribution.speakers, attribution.entities):
            if table_name in pool:
                return table_name, pool[table_name]
        return table_name, ()
    return clean, ()


__all__ = ["Attribution", "Proposal", "analyse", "canonicalise_speaker"]
_ = (Paragraph,)
