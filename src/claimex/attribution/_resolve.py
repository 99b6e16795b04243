"""Source resolution: a source phrase to one of the article's entities, or to no one.

- a name (a mention the phrase's head belongs to, or its appositive's) is that entity;
- a pronoun is the salient person or body (``_salience``);
- an organisation's unnamed spokesperson or office ("a Houthi spokesman", "a spokesman
  for the ministry") is the organisation; a role noun ("the cleric") is the person the
  article gives that role (``_roles``); a document ("the statement") its author;
- anonymous and plural speakers ("sources", "officials") and news outlets are no one.
"""

from __future__ import annotations

import re
from typing import Any

from claimex.attribution._entities import Entity
from claimex.attribution._lexicons import anonymous_heads, outlets, reporting_nouns, roles
from claimex.attribution._mentions import Mention
from claimex.attribution._parsed import Parsed
from claimex.attribution._roles import RoleBook
from claimex.attribution._salience import Salience
from claimex.attribution._segment import Sentence
from claimex.attribution._sources import source_phrase
from claimex.attribution._types import SourcePhrase, Speaker

_PRONOUNS = frozenset("he she it they him her them".split())
_ANONYMITY = re.compile(
    r"\b(?:on\s+(?:the\s+)?condition\s+(?:of|that)\s+(?:anonymity|(?:he|she|they)\s+(?:be\s+)?not)|"
    r"(?:requested|asked\s+for|sought)\s+anonymity|speaking\s+anonymously|"
    r"(?:declined|asked|refused)\s+(?:not\s+)?to\s+be\s+(?:named|identified))",
    re.IGNORECASE,
)
_OWNED_BY_PERSON = frozenset({"office", "campaign", "camp"})
_AUTHORING = frozenset("issue release sign send file write publish post deliver circulate distribute pen".split())
_NEWS_AGENCY = re.compile(r"\b(?:news|press)\s+agency$")
_SPELLINGS = {"defense": "defence"}


def _folded(word: str) -> str:
    return _SPELLINGS.get(word, word)


def _holds_words(name: str, wanted: list[str]) -> bool:
    """Whether every wanted word starts some word of ``name`` ("foreign" in "Foreign Affairs")."""
    words = [_folded(w) for w in re.findall(r"[a-z]+", name.lower())]
    return all(any(w.startswith(x) for w in words) for x in wanted)


# a name that says it is a news medium ("X News Agency", "Y TV") reports; it is not a speaker
_MEDIUM = re.compile(
    r"\b(?:(?:news|press)\s+agency|news(?:\s+network)?|tv|television|radio|broadcast\w*|[a-z]+24)$", re.I
)


def _is_outlet(m: Mention) -> bool:
    if m.text.lower() in outlets() or m.surface.lower() in outlets():
        return True
    return _MEDIUM.search(m.text) is not None


def _is_title(m: Mention) -> bool:
    """A capitalised office written like a name ("Secretary-General", "Prime Minister")."""
    words = re.split(r"[\s-]+", m.text.lower())
    book = roles().person
    return " ".join(words) in book or all(w in book for w in words)


def _phrase_mentions(parsed: Parsed, s: Sentence, src: SourcePhrase) -> list[Mention]:
    return [m for m in parsed.mentions[s.start] if src.start <= m.chunk_start and m.end <= src.end + 1]


def _head_mention(parsed: Parsed, s: Sentence, head: Any) -> Mention | None:
    pos = parsed.at(head)
    m = parsed.mention_at(s, pos)
    if m is None or m.possessive or m.modifier:
        return None
    return m


def _names_a_statement(head: Any) -> bool:
    """A document or a statement ("letter", "response"): it speaks for whoever made it."""
    lemma = head.lemma_.lower()
    return lemma in roles().document or lemma in reporting_nouns()


def _role_of(head: Any) -> str | None:
    book = roles()
    words = [*[k.lower_ for k in head.lefts if k.dep_ in ("compound", "amod")][-1:], head.lower_]
    two = " ".join(words)
    if two in book.person:
        return book.fold(two)
    low = head.lemma_.lower()
    if low in book.person or low in book.document or low in book.body:
        return book.fold(low)
    return None


class Resolver:
    """Resolves sources against one article (read-only inputs, plus the salience it is given)."""

    def __init__(self, parsed: Parsed, book: RoleBook, salience: Salience) -> None:
        self.parsed = parsed
        self.book = book
        self.salience = salience
        self.by_key = {e.key: e for e in parsed.index.entities}

    def resolve(self, s: Sentence, src: SourcePhrase) -> Speaker | None:
        """The speaker of ``src``, or None; a source the rules cannot name (an anonymous
        official, a news agency) becomes the salient one, so that a later "he said" or "it
        said" stays unnamed rather than falling to whoever spoke before."""
        head = src.head
        if _ANONYMITY.search(self.parsed.text, src.start, s.end):
            self.salience.forget(head.tag_ != "NNS")  # "he said on condition of anonymity"
            return None
        if head.lower_ in _PRONOUNS:
            e = self.salience.pronoun(head.lower_)
            return Speaker(e, head.text, "pronoun") if e is not None else None
        if head.lower_ in anonymous_heads() or head.lemma_.lower() in anonymous_heads():
            if head.tag_ == "NN":
                self.salience.forget(person=True)  # "added the official, who ..."
            return None
        phrase = " ".join(self.parsed.text[src.start : src.end].lower().split())
        if phrase in outlets() or phrase.removeprefix("the ") in outlets() or _NEWS_AGENCY.search(phrase):
            self.salience.forget(person=False)
            return None
        m = _head_mention(self.parsed, s, head)
        if m is None:
            app = next((k for k in head.children if k.dep_ == "appos"), None)
            m = _head_mention(self.parsed, s, app) if app is not None else None
        elif _is_title(m):  # "The Secretary-General of the X group, Jan Bor, said": the person named
            m = self._person_in_apposition(s, head) or m
        if m is not None:
            if _is_outlet(m):
                self.salience.forget(person=False)  # "according to the X News Agency. ... it said"
                return None
            return Speaker(self.parsed.entity(m), m.surface, "name")
        owner = self._office_owner(s, head) or self._document_agent(s, head)
        if owner is not None:
            return owner
        role = _role_of(head)
        if role is None:
            return None
        return self._role(s, src, role)

    def _person_in_apposition(self, s: Sentence, head: Any) -> Mention | None:
        """ "The Secretary-General of X, Jan Bor,": the person set off by commas; "Speaker of the
        House Rep. Jan Bor": the titled person the office's "of" runs into."""
        for k in head.subtree:
            if k.dep_ not in ("appos", "pobj"):
                continue
            m = _head_mention(self.parsed, s, k)
            if m is None or self.parsed.entity(m).kind != "person":
                continue
            set_off = self.parsed.text[: m.chunk_start].rstrip().endswith(",")
            if (k.dep_ == "appos" and set_off) or (k.dep_ == "pobj" and m.title):
                return m
        return None

    def _office_owner(self, s: Sentence, head: Any) -> Speaker | None:
        """ "Marsh's office said", "the Marsh campaign said", "Marsh's letter said", "Marsh's
        response was:": a person's office, campaign, document or statement speaks for the person."""
        if head.lemma_.lower() not in _OWNED_BY_PERSON and not _names_a_statement(head):
            return None
        poss = next(
            (k for k in head.children if k.dep_ == "poss" or (k.dep_ == "compound" and k.pos_ == "PROPN")), None
        )
        m = self.parsed.mention_at(s, self.parsed.at(poss)) if poss is not None else None
        if m is None or _is_outlet(m):
            return None
        e = self.parsed.entity(m)
        return Speaker(e, self.parsed.text[m.start : m.end], "name") if e.kind == "person" else None

    def _document_agent(self, s: Sentence, head: Any) -> Speaker | None:
        """ "A statement issued by the X Front said", "the letter, signed by X,": the author
        the document's participle names is the speaker."""
        if not _names_a_statement(head):
            return None
        authored = (k for k in head.children if k.dep_ == "acl" and k.tag_ == "VBN" and k.lemma_.lower() in _AUTHORING)
        for acl in authored:  # "a memo obtained by X", "a letter seen by X": X holds it, not wrote it
            for agent in (k for k in acl.children if k.dep_ == "agent"):
                obj = next((k for k in agent.children if k.dep_ == "pobj"), None)
                if obj is not None:
                    return self.resolve(s, source_phrase(self.parsed, obj))
        return None

    def _role(self, s: Sentence, src: SourcePhrase, role: str) -> Speaker | None:
        text = self.parsed.text[src.start : src.end]
        book = roles()
        named = [m for m in _phrase_mentions(self.parsed, s, src) if not _is_outlet(m)]
        orgs = [self.parsed.entity(m) for m in named]
        orgs = [e for e in orgs if e.kind != "person"]
        if role in book.body:
            named_body = self._named_body(s, src.head, orgs)
            if named_body is not None:
                return Speaker(named_body, text, "role")
        if role == "spokesman":
            spokesman = self._spokesman_of(orgs)
            if spokesman is not None:  # "the AA spokesman" when the article names one: that person
                return Speaker(spokesman, text, "role")
        if (role in book.spokes or role in book.body) and orgs:
            return Speaker(orgs[-1], text, "role")
        if role in book.document:
            author = self.salience.author(role, src.start)
            return Speaker(author, text, "document") if author is not None else None
        if role in book.body:
            body = self.salience.body
            if body is not None and src.head.left_edge.lower_ in ("the", "its", "this"):
                return Speaker(body, text, "role")
            return None
        return self._person_role(src, role, text)

    def _named_body(self, s: Sentence, head: Any, orgs: list[Entity]) -> Entity | None:
        """ "the Norland foreign ministry" after "Norland's Ministry of Foreign Affairs": a body
        described by its function is the one body the article names with those words (and,
        when the phrase names an owner, one affiliated with that owner)."""
        words = [
            _folded(k.lower_)
            for k in head.lefts
            if k.dep_ in ("compound", "amod") and k.is_alpha and self.parsed.mention_at(s, self.parsed.at(k)) is None
        ]
        if not words:
            return None
        wanted = [_folded(head.lemma_.lower()), *words]
        found = [e for e in self.parsed.index.entities if e.kind != "person" and _holds_words(e.canonical, wanted)]
        if orgs:
            found = [e for e in found if self._owned_by(e, orgs[-1])]
        return found[0] if len(found) == 1 else None

    def _owned_by(self, body: Entity, owner: Entity) -> bool:
        """Whether the article ties ``body`` to ``owner``: an affiliation, or the owner named just
        before one of the body's names ("Norland's Ministry of ...", "the Norland Ministry of ...")."""
        if owner.key in self.book.affiliations.get(body.key, set()):
            return True
        text = self.parsed.text
        return any(
            form.lower() in text[max(0, at - len(form) - 6) : at].lower()
            for at in body.first.values()
            for form in owner.forms
        )

    def _spokesman_of(self, orgs: list[Entity]) -> Entity | None:
        """The one person the article calls a spokesman (of one of ``orgs``, when given)."""
        people = [self.by_key[k] for k in self.book.people_with("spokesman") if k in self.by_key]
        keys = {e.key for e in orgs}
        if keys:
            people = [e for e in people if keys & self.book.affiliations.get(e.key, set())]
        return people[0] if len(people) == 1 else None

    def _person_role(self, src: SourcePhrase, role: str, text: str) -> Speaker | None:
        if role == "spokesman":
            return None  # no organisation named and no one spokesman in the article (see ``_role``)
        key = self.book.named(role, src.start)
        if key is None or key not in self.by_key:
            return self._described(src, text)
        return Speaker(self.by_key[key], text, "role")

    def _described(self, src: SourcePhrase, text: str) -> Speaker | None:
        """ "the Florida senator said", "the rebel commander added": a definite description of a
        person no one was given that role before is the person the article is about just then."""
        head = src.head
        if head.tag_ != "NN" or not any(k.dep_ == "det" and k.lower_ == "the" for k in head.children):
            return None
        person = self.salience.person or self._last_person(src)
        return Speaker(person, text, "role") if person is not None else None

    def _last_person(self, src: SourcePhrase) -> Entity | None:
        """The person named last before ``src``, in its sentence or the two before it."""
        sentences = [s for s in self.parsed.sentences if s.start < src.start][-3:]
        found = [
            m
            for s in sentences
            for m in self.parsed.mentions[s.start]
            if m.end <= src.start and self.parsed.entity(m).kind == "person"
        ]
        return self.parsed.entity(found[-1]) if found else None
