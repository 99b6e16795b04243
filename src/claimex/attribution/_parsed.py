"""An article made ready for the stages: kept sentences, their tokens (spaCy) and named mentions.

Paragraphs come from ``_segment`` (quote pairing, page clutter skipped); each kept
paragraph is parsed on its own (one ``nlp.pipe`` call per article) so a sentence never
runs across a paragraph break. Offsets everywhere are into the article text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimex.attribution import _nlp
from claimex.attribution._aliases import AliasTable
from claimex.attribution._entities import Entity, EntityIndex
from claimex.attribution._mentions import Mention, find_mentions, stop_surnames
from claimex.attribution._segment import Paragraph, Sentence, segment
from claimex.core.types import Article


@dataclass
class Parsed:
    """Read-only after :func:`prepare` (the entity index clusters mentions once)."""

    text: str
    aliases: AliasTable
    sentences: list[Sentence]
    tokens: dict[int, list[Any]]  # sentence start -> spaCy tokens inside it
    mentions: dict[int, list[Mention]]  # sentence start -> named mentions outside quotation marks
    index: EntityIndex
    base: dict[int, int] = field(default_factory=dict)  # id(doc) -> offset of its paragraph
    article_text: str = ""  # the article as written (``text`` reads line breaks in a paragraph as spaces)

    def at(self, tok: Any) -> int:
        """Article offset of a token."""
        return int(tok.idx) + self.base[id(tok.doc)]

    def end(self, tok: Any) -> int:
        return self.at(tok) + len(tok.text)

    def span(self, toks: Sequence[Any]) -> tuple[int, int]:
        return self.at(toks[0]), self.end(toks[-1])

    def token_at(self, pos: int, sentence_start: int | None = None) -> Any | None:
        """The token covering article offset ``pos`` (searched in one sentence when its start is known)."""
        if sentence_start is None:
            sentence_start = next((s.start for s in self.sentences if s.start <= pos < s.end), None)
            if sentence_start is None:
                return None
        return next((t for t in self.tokens[sentence_start] if self.at(t) <= pos < self.end(t)), None)

    def mention_at(self, s: Sentence, pos: int) -> Mention | None:
        """The named mention covering ``pos`` (``chunk_start`` counts: titles belong to it)."""
        for m in self.mentions[s.start]:
            if m.chunk_start <= pos < m.end:
                return m
        return None

    def entity(self, m: Mention) -> Entity:
        return self.index.get(m.text, m.kind)

    def inside_quote(self, s: Sentence, pos: int) -> bool:
        return any(q.inner_start <= pos < q.inner_end for q in s.quotes)

    def quoted(self, pos: int) -> bool:
        """Whether article offset ``pos`` lies inside quotation marks (in whichever sentence)."""
        return any(self.inside_quote(s, pos) for s in self.sentences if s.start <= pos < s.end)

    def sentence_after(self, s: Sentence) -> Sentence | None:
        i = self.sentences.index(s)
        return self.sentences[i + 1] if i + 1 < len(self.sentences) else None

    def sentence_before(self, s: Sentence) -> Sentence | None:
        i = self.sentences.index(s)
        return self.sentences[i - 1] if i > 0 else None

    def phrase_start(self, head: Any) -> Any:
        """The first word of ``head``'s phrase, past a closing mark or a whole quotation the
        parse hung on it ("“...,” Doe, 69, told": the phrase starts at "Doe")."""
        left = head.left_edge
        while left.i < head.i and (left.is_punct or self.quoted(self.at(left))):
            left = left.nbor(1)
        return left


# no-break and narrow spaces, and the invisible marks scraped pages carry (zero-width
# spaces, direction marks, byte-order marks), read as plain spaces: one character each, so
# offsets hold ("accountability,”\u00a0added Gowdy" is a frame like any other)
_ODD_SPACES = str.maketrans(
    dict.fromkeys("\u00a0\u2007\u2009\u200a\u202f\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\ufeff", " ")
)


_LINE_BREAKS = str.maketrans("\r\n", "  ")

FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a finite verb: a clause of its own


def word_before(tok: Any) -> Any | None:
    """The token before ``tok``, past the white-space tokens a double space leaves in the parse."""
    i = tok.i - 1
    while i >= 0 and tok.doc[i].is_space:
        i -= 1
    return tok.doc[i] if i >= 0 else None


def text_before(tok: Any) -> str:
    """The text of :func:`word_before` ("" at the start of the document)."""
    before = word_before(tok)
    return before.text if before is not None else ""


def _one_line_paragraphs(text: str, paragraphs: list[Paragraph]) -> str:
    """The text with the line breaks inside each paragraph (a hard-wrapped page) read as spaces.

    Why: the parse takes "aide Jo\nDoe" for two phrases and the names keep the break; a
    space is as long as a line break, so every offset still points into the article.
    """
    pieces: list[str] = []
    pos = 0
    for p in paragraphs:  # in order, never overlapping
        pieces += [text[pos : p.start], text[p.start : p.end].translate(_LINE_BREAKS)]
        pos = p.end
    pieces.append(text[pos:])
    return "".join(pieces)


def prepare(article: Article, aliases: AliasTable, pipeline: str | None = None) -> Parsed:
    plain = article.text.translate(_ODD_SPACES)
    kept = [p for p in segment(plain, article.title) if p.skipped is None]
    text = _one_line_paragraphs(plain, kept)
    docs = _nlp.parse((text[p.start : p.end] for p in kept), pipeline)
    parsed = Parsed(text, aliases, [s for p in kept for s in p.sentences], {}, {}, EntityIndex(aliases))
    parsed.article_text = article.text
    for p, doc in zip(kept, docs, strict=True):
        parsed.base[id(doc)] = p.start
        for s in p.sentences:
            parsed.tokens[s.start] = [t for t in doc if s.start <= t.idx + p.start < s.end and not t.is_space]
    everything = _find_all(parsed)
    surnames = stop_surnames(everything)
    if surnames:  # "Al From ... From said": a second pass that knows the surname
        everything = _find_all(parsed, surnames)
    parsed.index.build(everything, text)
    return parsed


def _find_all(parsed: Parsed, surnames: frozenset[str] = frozenset()) -> list[Mention]:
    """Every sentence's mentions (kept per sentence outside quotations), and all of them."""
    text, aliases = parsed.text, parsed.aliases
    everything: list[Mention] = []
    for s in parsed.sentences:
        skip = [(q.start, q.end) for q in s.quotes]
        outside = find_mentions(text, s.start, s.end, aliases, skip=skip, surnames=surnames)
        inside = [
            m
            for q in s.quotes
            for m in find_mentions(
                text, max(q.inner_start, s.start), min(q.inner_end, s.end), aliases, surnames=surnames
            )
        ]
        parsed.mentions[s.start] = outside
        everything += outside + inside
    return everything
