"""Page clean-up, quotation spans and sentences, all as offsets into the article text.

The page is split into paragraphs (lines). The title (first non-empty line), photo
captions, page furniture, short unpunctuated lines (sub-headings, bylines) and
paragraphs the page repeats are marked as skipped, so they produce no claims.

Quote marks are paired per paragraph by their position (a mark after white space and
before a letter opens, one after a letter and before space or punctuation closes),
not by their glyph, because pages mix glyphs (”same as ...”). Double marks and
guillemets pair first; single marks only outside them (inside they are nested).
An opening mark never closed ends its quote at the paragraph end (and, when the next
paragraph opens with a mark, the quote continues there: the news convention for
multi-paragraph quotes); a closing mark never opened starts its quote at the
paragraph start.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from claimex.attribution._lexicons import reporting_verbs, title_abbreviations

DOUBLE = frozenset('"“”„‟″＂«»')
SINGLE = frozenset("'‘’‚‛‹›")
# two apostrophes stand for a double mark in some archives ("''We will,'' he said")
_DOUBLE_RE = re.compile("''|[" + re.escape("".join(sorted(DOUBLE))) + "]")
_MARK_RE = re.compile("[" + re.escape("".join(sorted(DOUBLE | SINGLE))) + "]")
_OPEN_GLYPHS = frozenset("“„‟«‘‚‛‹")
_CLOSE_GLYPHS = frozenset("”»’›")
_OPEN_BEFORE = frozenset("([{—–-/:")
_CLOSE_AFTER = frozenset(".,;:!?)]}—–-…")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """``start``/``end`` cover the marks; ``inner_start``/``inner_end`` the words inside."""

    start: int
    end: int
    inner_start: int
    inner_end: int
    closed: bool = True  # False: recovered from an unbalanced mark
    continues: bool = False  # runs on into the next paragraph

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int
    quotes: list[QuoteSpan] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    index: int
    skipped: str | None = None  # why it yields no claims: title, caption, furniture, heading, repeat
    quotes: list[QuoteSpan] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)


_CAPTION = re.compile(
    r"/\s*(?:AFP|AP|Reuters|EPA|Getty(?: Images)?|Anadolu|Xinhua|dpa)\s*/"
    r"|\((?:AFP|AP|Reuters|EPA|Getty|Anadolu|Xinhua|dpa|File)?\s*(?:photo|Photo|PHOTO|image|file photo)\)"
    r"|\((?:[CLR]|left|right|centre|center|pictured)\)"
    r"|^(?:Photo|Image|Picture|Caption|File photo|FILE PHOTO)\s*[:|-]"
    r"|(?:Photo|Image|Picture)\s*(?:credit)?\s*:\s*\w"
)
_PARTY_TITLE = re.compile(r"\b(?:Sen|Rep|Gov|Senator|Representative|Governor|Congress(?:wo)?man|Mayor|Speaker)\b")


def _caption(body: str) -> bool:
    """A photo caption's marks; "(R)" after an office holder's name ("Gov. Jo Doe (R)") is
    their party, not the picture's right-hand side."""
    for m in _CAPTION.finditer(body):
        if not (m.group(0) == "(R)" and _PARTY_TITLE.search(body, max(0, m.start() - 40), m.start())):
            return True
    return False


_FURNITURE = re.compile(
    r"^\s*(?:\d[\d,.]*\s+(?:users?|people|readers|persons|comments?|votes?|shares?)\b"
    r"|(?:By\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*[-–—|]\s)"
    r"|Last updated|Published|Updated|Share this|Read more|Related|Advertisement|Subscribe|Sign up"
    r"|Get (?:top|the latest|our)|Follow us|You are here|Powered by|Click here|Copyright|©|All rights reserved)",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?…][\"'”’»)\]]*\s*$|[\"”»][.!?]?\s*$")
_INTRODUCES = re.compile(r"^\S+(?:\s+\S+){1,}:\s*$")  # "Holt told reporters:" opens a quotation
_OPENS_QUOTE = re.compile(r"\s*[\"“«‘']")


def _introduces(body: str, text: str, end: int) -> bool:
    """ "Holt continued:" closing a paragraph whose next one opens a quotation: not a heading."""
    return bool(_INTRODUCES.search(body)) and bool(_OPENS_QUOTE.match(text, end))


_ABBREV = (
    frozenset(
        """mr mrs ms dr prof st jr sr rev no vs etc inc co corp
    jan feb mar apr jun jul aug sep sept oct nov dec fig est approx dept govt u.s u.k u.n e.u a.m p.m""".split()
    )
    | title_abbreviations()
)  # "Lt.", "Gen.": titles of rank and office


_FOLD_MARKS = str.maketrans({c: '"' for c in DOUBLE} | {c: "'" for c in SINGLE} | {"–": "-", "—": "-", "\u00a0": " "})


def _line_key(text: str) -> str:
    """A cheap comparison key for a line: marks and dashes folded, case and spacing ignored."""
    return " ".join(text.translate(_FOLD_MARKS).lower().split())


def _word_count(text: str) -> int:
    return len(text.split())


def _same_title(title_key: str, line_key: str) -> bool:
    """Whether a (folded) first line is the (folded) title, allowing small edits."""
    line_key = line_key.strip()
    if title_key in line_key or line_key in title_key:
        return True
    a, b = set(re.findall(r"\w+", title_key)), set(re.findall(r"\w+", line_key))
    return bool(a and b) and len(a & b) >= 0.6 * max(len(a), len(b))


def _cut_off(body: str, text: str, end: int) -> bool:
    """The article's last paragraph, cut mid-sentence (an excerpt): prose, not a heading.

    A heading is short and mostly capitalised; a cut-off sentence runs on in lowercase.
    """
    if text[end:].strip():
        return False
    words = body.split()
    return len(words) >= 8 and sum(w[:1].islower() for w in words) >= len(words) / 2


# a line broken mid-sentence: it ends on a word or a comma (a closing mark may follow either)
_WRAPPED = re.compile(r"(?:[\w,\-–—]|[\w,;][”\"’])$")


def _unwrapped_lines(text: str) -> list[tuple[int, int]]:
    """Line spans, with hard-wrapped lines joined ("Army spokesman Jo Doe\nsaid troops ...").

    Why: old pages and wire copy wrap paragraphs at a fixed width; read line by line, a
    wrapped speaker line passes for a heading and a quotation is cut in two.
    """
    lines: list[tuple[int, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        lines.append((pos, pos + len(raw.rstrip("\r\n"))))
        pos += len(raw)

    def goes_on(prev: tuple[int, int], line: tuple[int, int]) -> bool:
        return bool(_WRAPPED.search(text[prev[0] : prev[1]].rstrip()) and text[line[0] : line[1]].strip())

    def opens_lower(line: tuple[int, int]) -> bool:
        return text[line[0] : line[1]].lstrip()[:1].islower()

    lower = sum(goes_on(a, b) and opens_lower(b) for a, b in itertools.pairwise(lines))
    wrapped = lower >= 3  # a wrapped page: a line ending mid-sentence goes on whatever the next one opens with
    spans: list[tuple[int, int]] = []
    for line in lines:
        if spans and goes_on(spans[-1], line) and (wrapped or opens_lower(line)):
            spans[-1] = (spans[-1][0], line[1])
        else:
            spans.append(line)
    return spans


def split_paragraphs(text: str, title: str | None = None) -> list[Paragraph]:
    """Non-empty lines as paragraphs, with the page's clutter marked as skipped.

    The first line is the title, unless ``title`` is given and differs from it (a JSON
    record whose ``text`` is the body alone: its first line is the lead).
    """
    title_key = _line_key(title) if title else None
    paragraphs: list[Paragraph] = []
    seen: set[str] = set()
    for start, end in _unwrapped_lines(text):
        body = text[start:end]
        if not body.strip():
            continue
        lead = len(body) - len(body.lstrip())
        start += lead
        end = start + len(body.strip())
        para = Paragraph(start, end, len(paragraphs))
        body = text[start:end]
        key = _line_key(body)
        if not paragraphs and (title_key is None or _same_title(title_key, key)):
            para.skipped = "title"
        elif _FURNITURE.search(body):
            para.skipped = "furniture"
        elif _caption(body):
            para.skipped = "caption"
        elif (
            not _TERMINAL.search(body)
            and _word_count(body) < 25
            and not _introduces(body, text, end)
            and not _cut_off(body, text, end)
        ):
            para.skipped = "heading"
        elif key in seen:
            para.skipped = "repeat"
        seen.add(key)
        paragraphs.append(para)
    return paragraphs


def _role(text: str, i: int, lo: int, hi: int, width: int = 1) -> str:
    """'open', 'close' or 'either' for the mark at ``i`` (``width`` characters) by what stands either side."""
    prev = text[i - 1] if i > lo else None
    nxt = text[i + width] if i + width < hi else None
    left = prev is None or prev.isspace() or prev in _OPEN_BEFORE or prev in DOUBLE or prev in SINGLE
    right = nxt is None or nxt.isspace() or nxt in _CLOSE_AFTER or nxt in DOUBLE or nxt in SINGLE
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    if prev is not None and nxt is not None and prev.isalnum() and nxt.isalnum():
        return "inside"  # an apostrophe in a word: Asa'ib, don't
    ch = text[i]
    if ch in _OPEN_GLYPHS:
        return "open"
    if ch in _CLOSE_GLYPHS:
        return "close"
    return "either"


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*\s")


def find_quotes(text: str, lo: int, hi: int) -> list[QuoteSpan]:
    """Top-level quotation spans in ``text[lo:hi]`` (one paragraph)."""
    spans: list[QuoteSpan] = []
    stack: list[tuple[int, int]] = []  # (position, width) of the open marks
    for mark in _DOUBLE_RE.finditer(text, lo, hi):
        i, width = mark.start(), mark.end() - mark.start()
        role = _role(text, i, lo, hi, width)
        if role == "inside":
            continue
        if role == "open" and stack and text[stack[0][0]] == text[i] and _SENTENCE_END.search(text, stack[0][0], i):
            # the same opening mark again after a sentence end while a quotation is still
            # open: that one ran on unclosed (a quotation continued in the next paragraph,
            # paragraph breaks lost in scraping); it ends here and a new one begins. (A
            # different mark inside may be a quoted term: "... about “Equal Justice” ...)
            start, opened = stack[0]
            end = len(text[:i].rstrip())
            spans.append(QuoteSpan(start, end, start + opened, end, closed=False))
            stack = [(i, width)]
        elif role == "open" or (role == "either" and not stack):
            stack.append((i, width))
        elif stack:
            start, opened = stack.pop()
            if not stack:
                spans.append(QuoteSpan(start, i + width, start + opened, i))
        elif not spans and i > lo:
            # a closing mark with no opening: the quote began with the paragraph
            spans.append(QuoteSpan(lo, i + width, lo, i, closed=False))
    if stack:
        start, opened = stack[0]
        spans.append(QuoteSpan(start, hi, start + opened, hi, closed=False))
    spans.extend(_single_quotes(text, lo, hi, spans))
    spans.sort(key=lambda s: s.start)
    return spans


def _single_quotes(text: str, lo: int, hi: int, doubles: list[QuoteSpan]) -> list[QuoteSpan]:
    out: list[QuoteSpan] = []
    open_at: int | None = None
    double_starts = {s.start for s in doubles}
    # The double spans are sorted and do not overlap, and marks come in order, so one
    # cursor answers "inside a double quote?" in linear time (was quadratic).
    ordered = sorted(doubles, key=lambda s: s.start)
    cursor = 0
    for mark in _MARK_RE.finditer(text, lo, hi):
        i = mark.start()
        while cursor < len(ordered) and ordered[cursor].end <= i:
            cursor += 1
        inside_double = cursor < len(ordered) and ordered[cursor].contains(i)
        if text[i] not in SINGLE or inside_double or "''" in text[max(lo, i - 1) : i + 2]:
            if open_at is not None and i in double_starts:
                open_at = None  # a single mark never closed before a double quote: an apostrophe
            continue
        role = _role(text, i, lo, hi)
        if role == "inside":
            continue
        nxt = text[i + 1] if i + 1 < hi else ""
        if open_at is None:
            if role == "open" and nxt.isalpha():
                open_at = i
        elif role in ("close", "either"):
            prev = text[i - 1]
            # "militias’ leaders": a plural possessive, not the end of the quote
            if prev == "s" and nxt == " " and i + 2 < hi and text[i + 2].islower() and i - open_at < 4:
                continue
            out.append(QuoteSpan(open_at, i + 1, open_at + 1, i))
            open_at = None
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    j = dot
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:dot].lower()
    return word in _ABBREV or len(word) == 1 or (len(word) <= 4 and "." in word)


# a stop and white space before a capital; or, in scraped text, a stop glued to the next
# sentence's first word ("responsibility.Mikati urged"): a lowercase word, a stop, a name
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)]*\s+(?=[\"'“‘«(]?[A-Z0-9\"“‘«])|(?<=[a-z]{3})[.!?](?=[A-Z][a-z]+\s)")


_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote",),
    "hold": ("held",),
    "shoot": ("shot",),
    "put": ("put",),
    "hit": ("hit",),
}


@cache
def _said_forms() -> frozenset[str]:
    """Finite forms of the reporting verbs ("said", "tweeted", "replies"), for use before any parse."""
    out: set[str] = set()
    for lemma in reporting_verbs():
        consonant_y = lemma.endswith("y") and lemma[-2:-1] not in "aeiou"
        stem = lemma[:-1] + "i" if consonant_y else lemma
        out.add(stem + "es" if consonant_y else lemma + "s")
        out.update(_IRREGULAR.get(lemma) or (stem + ("d" if lemma.endswith("e") else "ed"),))
    return frozenset(out)


def _attributed_after(text: str, end: int, hi: int) -> bool:
    """ "“Why would you?” Jan Bor asked.": a question or exclamation quoted, then its speaker
    and a reporting verb: one sentence, not two."""
    clause = re.split(r"[.;:!?“”\"]", text[end:hi], maxsplit=1)[0]
    words = clause.replace(",", " ").split()[:9]
    return any(w.lower() in _said_forms() for w in words)


def _opens_with_quote(text: str, start: int, dot: int, para: Paragraph) -> bool:
    """Whether the stop ends a quotation that opens the sentence."""
    return any(q.inner_end - 1 <= dot < q.end and not text[start : q.start].strip() for q in para.quotes)


def split_sentences(text: str, para: Paragraph) -> list[Sentence]:
    """Sentences of a paragraph; never split inside a quotation (multi-sentence quotes stay whole)."""
    sentences: list[Sentence] = []
    start = para.start
    for m in _BOUNDARY.finditer(text, para.start, para.end):
        dot = m.start()
        if any(q.inner_start <= dot < q.inner_end - 1 for q in para.quotes):
            continue
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        end = m.end()
        if text[dot] in "!?" and _opens_with_quote(text, start, dot, para) and _attributed_after(text, end, para.end):
            continue
        sentences.append(Sentence(start, len(text[:end].rstrip()), para.index))
        start = end
    if start < para.end:
        sentences.append(Sentence(start, para.end, para.index))
    for s in sentences:
        s.quotes = [q for q in para.quotes if q.start < s.end and q.end > s.start]
    return sentences


def segment(text: str, title: str | None = None) -> list[Paragraph]:
    """Paragraphs with their quotes and sentences (``title``: see :func:`split_paragraphs`)."""
    paragraphs = split_paragraphs(text, title)
    for para in paragraphs:
        para.quotes = find_quotes(text, para.start, para.end)
    # an unclosed quote followed by a paragraph that opens with a mark runs on
    for a, b in itertools.pairwise(paragraphs):
        if a.quotes and not a.quotes[-1].closed and a.quotes[-1].end == a.end:
            first = text[b.start] if b.start < len(text) else ""
            if first in DOUBLE or first in SINGLE:
                last = a.quotes[-1]
                a.quotes[-1] = QuoteSpan(last.start, last.end, last.inner_start, last.inner_end, True, True)
    for para in paragraphs:
        para.sentences = split_sentences(text, para)
    return paragraphs
