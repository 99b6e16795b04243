"""Content: what a cue reports, from its complements in the parse, as character offsets.

The complements are the cue's clausal and object dependents (``ccomp``, ``xcomp``,
``dobj``, ``oprd``, and prepositions that carry the content: "warned of", "called
for", "accused X of"); adjuncts of time, place and medium ("on Thursday", "in a
statement", "to reporters") are not content. A content that is one quotation (a
"that" aside) is direct; one with quoted fragments is mixed; else indirect. A cue
with no complement reports the quotation beside it in its sentence ("“...,” said X").
"""

from __future__ import annotations

import re
from typing import Any

from claimex.attribution._cues import quoted_as_saying
from claimex.attribution._lexicons import reporting_nouns, reporting_verbs
from claimex.attribution._parsed import Parsed
from claimex.attribution._segment import QuoteSpan, Sentence
from claimex.attribution._trim import (
    strip_span,
    whole_quotation,
    without_aside,
    without_circumstance,
    without_trailing_participle,
)
from claimex.attribution._types import Content, Cue, SourcePhrase
from claimex.core.types import QuoteType

_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "parataxis"})
_CONTENT_PREPS = frozenset({"of", "for", "against", "about", "over"})
_DESCRIBING = frozenset(
    {
        "describe",
        "call",
        "term",
        "brand",
        "label",
        "dub",
        "dismiss",
        "hail",
        "slam",
        "condemn",
        "refer",
        "characterize",
        "characterise",
        "portray",
    }
)


def _is_content_child(k: Any, cue: Cue) -> bool:
    if k.dep_ in _COMPLEMENTS:
        return not (cue.verb.lemma == "tell" and k.dep_ == "dobj")
    if k.dep_ == "prep" and k.lower_ in _CONTENT_PREPS:
        return not (k.lower_ == "of" and cue.verb.lemma == "say")  # "said of the company": whom, not what
    if k.dep_ == "prep" and k.lower_ == "as" and cue.verb.lemma in _DESCRIBING:
        return True  # "described the strikes as a violation": what it is called is said
    return k.dep_ == "prep" and k.lower_ == "on" and cue.verb.lemma == "call" and not _names_a_day(k)


_DAY_WORDS = re.compile(
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tonight|january|february|march|april|may|june|july"
    r"|august|september|october|november|december|\d+",
    re.IGNORECASE,
)


def _names_a_day(prep: Any) -> bool:
    """ "called on Wednesday for ...": a day, not whom the call is on."""
    return any(_DAY_WORDS.fullmatch(t.text) for t in prep.subtree if t.i != prep.i)


def _continues_content(k: Any, cue: Cue) -> bool:
    """ "said X may flee, but they cannot hide": a contrasting clause the parse hung on the cue;
    "called for an inquiry to uncover ...": the purpose of what is called for."""
    if k.dep_ == "conj" and k.lemma_.lower() not in reporting_verbs():
        has_but = any(c.dep_ == "cc" and c.lower_ == "but" for c in cue.token.children if c.i < k.i)
        return has_but and any(c.dep_ == "nsubj" for c in k.children)
    if k.dep_ == "advcl" and (
        cue.verb.lemma in ("call", "urge", "demand") or any(c.dep_ == "dobj" for c in cue.token.children)
    ):
        # "stressed the continuation of the inquiry to uncover ...": what the object is for
        return any(c.dep_ == "aux" and c.lower_ == "to" for c in k.children)
    if k.dep_ == "prep" and cue.verb.lemma in _PROMISING and k.i > cue.token.i and k.nbor(-1).text != ",":
        # "vowed a harsh response at a time of its choosing", "vowed revenge against X"
        # (", in retaliation for ...", set off by a comma, is the writer's)
        return not any(t.lemma_.lower() in reporting_nouns() or _DAY_WORDS.fullmatch(t.text) for t in k.subtree)
    return False


_PROMISING = frozenset({"vow", "pledge", "promise", "threaten"})
_ASKS = frozenset({"urge", "ask", "order", "instruct", "accuse", "blame", "call"})


def _complement_span(parsed: Parsed, cue: Cue, source: SourcePhrase) -> tuple[int, int] | None:
    # the particle of "put it", "point out" is the verb's, not what it says
    kids = [k for k in cue.token.children if _is_content_child(k, cue) and k.lower_ != cue.verb.particle]
    if cue.verb.lemma == "call":  # "called on Wednesday for X to ...": a clause marked "for"
        kids += [
            k
            for k in cue.token.children
            if k not in kids and k.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "for" for m in k.children)
        ]
    if kids:
        kids += [k for k in cue.token.children if _continues_content(k, cue)]
    if any(k.dep_ in ("ccomp", "xcomp") for k in kids) and cue.verb.takes_object and cue.verb.lemma not in _ASKS:
        # "warned Baghdad that ...": whom it addresses is not what it says ("urged X to Y" keeps X)
        kids = [k for k in kids if k.dep_ not in ("dobj", "dative")]
    spans = [parsed.span([k.left_edge, k.right_edge]) for k in kids]
    spans = [(a, b) for a, b in spans if not (source.start <= a < source.end)]
    if not spans:
        return None
    start = min(a for a, _ in spans)
    end = max(b for _, b in spans)
    if start < source.start and source.end <= end:
        # a garbled parse hung clauses on both sides of the frame on the cue: the words
        # after the cue are what it reports ("X said on Twitter the parliament would ...")
        after = [(a, b) for a, b in spans if a >= cue.end]
        if after:
            start = min(a for a, _ in after)
    # a "that" opening the clause is the cue's, not the content's; so is the "on" or "for" of "called on X to"
    m = re.match(r"\s*(?:on|for)\b" if cue.verb.lemma == "call" else r"\s*that\b", parsed.text[start:end])
    if m is not None:
        start += m.end()
    return start, end


def _according_span(parsed: Parsed, s: Sentence, cue: Cue) -> tuple[int, int] | None:
    """ "According to X, clause" / "clause, according to X": the clause around the cue."""
    sub = list(cue.token.subtree)
    lo, hi = parsed.span([sub[0], sub[-1]])
    before = strip_span(parsed.text, s.start, lo)
    after = strip_span(parsed.text, hi, s.end)
    best = max((before, after), key=lambda ab: ab[1] - ab[0])
    return best if best[1] - best[0] >= 8 else None


def _adjacent_quote(s: Sentence, cue: Cue, source: SourcePhrase) -> QuoteSpan | None:
    """The quotation a bare cue reports: the one closing just before its clause, else the next."""
    before = [q for q in s.quotes if q.end <= min(cue.start, source.start) and q.start >= s.start]
    if before:
        return before[-1]
    after = [q for q in s.quotes if q.start >= max(cue.end, source.end)]
    return after[0] if after else None


def _colon_quote(parsed: Parsed, s: Sentence, cue: Cue) -> Content | None:
    """A colon right after the cue ("interjected to say:") opening a quotation in the same sentence."""
    text = parsed.text
    m = re.match(r"(?:\s+to\s+(?:say|add|ask))?\s*:\s*", text[cue.end : cue.end + 16])
    if m is None:
        return None
    q = next((q for q in s.quotes if q.start >= cue.end), None)
    if q is None and not s.quotes and s.end > cue.end + m.end():
        # "said: the army will ...", "asking: Why would it ...?": the rest of the sentence,
        # unquoted (a weak cue only for a question: "boomed: the offer was bad" reports nothing)
        start, end = strip_span(text, cue.end + m.end(), s.end)
        if end <= start or (cue.verb.weak and not text[start:end].rstrip().endswith("?")):
            return None
        return _typed(parsed, s, start, end)
    if q is None or q.start != cue.end + m.end():
        return None
    return whole_quotation(text, q)


def _announces(parsed: Parsed, s: Sentence, cue: Cue) -> bool:
    """ "Holt continued:", "Doe tweeted a warning.": a cue that closes its sentence with a
    colon, or whose only object is the document it issued, announces the next quotation."""
    text = parsed.text
    if text[cue.end : s.end].strip()[-1:] == ":" and ":" in text[cue.end : cue.end + 40] + text[s.end - 2 : s.end]:
        return True
    # "tweeted a warning.", "said in a statement.": the document is the cue's object or its "in"
    objs = [k for k in cue.token.children if k.dep_ == "dobj"]
    objs += [
        g for k in cue.token.children if k.dep_ == "prep" and k.lower_ == "in" for g in k.children if g.dep_ == "pobj"
    ]
    obj = objs[0] if objs else None
    return (
        obj is not None
        and obj.lemma_.lower() in reporting_nouns()
        and not any(k.dep_ in ("prep", "acl", "relcl") for k in obj.children)
        and not s.quotes
    )


def _quote_after_colon(parsed: Parsed, s: Sentence, cue: Cue) -> Content | None:
    """The quotation opening the sentence after a cue that announces it (``_announces``)."""
    text = parsed.text
    if not _announces(parsed, s, cue):
        return None
    nxt = parsed.sentence_after(s)
    if nxt is None or not nxt.quotes or text[nxt.start : nxt.quotes[0].start].strip():
        return None
    q = nxt.quotes[0]
    return whole_quotation(text, q)


def _quote_before_bare_frame(parsed: Parsed, s: Sentence, cue: Cue, source: SourcePhrase) -> Content | None:
    """ "“We will find them.” Marsh said.": a bare frame after a closed quotation.

    The frame may go on ("“...!” Senator Doe said as he left") when it opens with its
    source and cue: the quotation's own "!" or "?" ended the sentence before the frame.
    """
    text = parsed.text
    opens_frame = not text[s.start : source.start].strip() and not text[source.end : cue.start].strip()
    if (re.search(r"\w", text[cue.end : s.end]) and not opens_frame) or s.quotes:
        return None
    prev = parsed.sentence_before(s)
    if prev is None or prev.paragraph != s.paragraph or not prev.quotes:
        return None
    q = prev.quotes[-1]
    if text[q.end : s.start].strip() or text[prev.start : q.start].strip():
        return None
    return whole_quotation(text, q)


_DOCUMENT_TO_QUOTE = re.compile(r"(?:\s+(?:on|via|to)\s+[\w.]+(?:\s+[\w.]+)?)?\s*[,:]\s*")


def _document_then_quote(parsed: Parsed, s: Sentence, cue: Cue) -> Content | None:
    """ "X issued a statement, “...”", "posted a message on Facebook: “...”": the cue's object
    names a statement and a quotation follows it at once; the quotation is what it says."""
    obj = next((k for k in cue.token.children if k.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in reporting_nouns():
        return None
    after = parsed.end(obj)
    q = next((q for q in s.quotes if q.start >= after), None)
    if q is None or not _DOCUMENT_TO_QUOTE.fullmatch(parsed.text, after, q.start):
        return None
    return whole_quotation(parsed.text, q)


def _fronted_before_quotation(
    parsed: Parsed, s: Sentence, cue: Cue, source: SourcePhrase, span: tuple[int, int]
) -> bool:
    """An unquoted participle clause ("Asked if ...", "Pressed on ...") wholly before the frame
    while a quotation opens right after its comma: the parse hung the fronted question on
    the cue as its complement. (A fronted statement, "X is wrong, Doe said, “...”", stays.)"""
    frame_end = max(cue.end, source.end)
    if span[1] > min(cue.start, source.start) or parsed.quoted(span[0]):
        return False
    first = parsed.token_at(span[0])
    if first is None or first.tag_ != "VBN":
        return False
    after = next((q for q in s.quotes if q.start >= frame_end), None)
    return after is not None and re.fullmatch(r"\s*,\s*", parsed.text[frame_end : after.start]) is not None


def _typed(parsed: Parsed, s: Sentence, start: int, end: int) -> Content | None:
    text = parsed.text
    end = without_circumstance(parsed, s, start, without_aside(parsed, s, start, end))
    end = without_trailing_participle(parsed, s, start, end)
    if re.match(r"\s*which\b", text[start:end]):
        return None  # a relative pronoun is no content: "which Washington has blamed"
    quotes = [q for q in s.quotes if q.start < end and q.end > start]
    for q in quotes:  # never cut a quotation in two
        start, end = min(start, q.start), max(end, q.end)
    start, end = strip_span(text, start, end)
    if end <= start:
        return None
    if not quotes:
        return Content(start, end, QuoteType.INDIRECT) if len(text[start:end].split()) >= 3 else None
    frags = tuple((q.inner_start, q.inner_end) for q in quotes)
    if len(quotes) == 1:
        q = quotes[0]
        outside = text[start : q.start] + text[q.end : end]
        if not re.search(r"[A-Za-z]", re.sub(r"\b(?:that|as)\b", "", outside)):
            qs, qe = strip_span(text, q.inner_start, q.inner_end)
            return Content(qs, qe, QuoteType.DIRECT, frags) if qe > qs else None
    return Content(start, end, QuoteType.MIXED, frags)


def _framed_quote(parsed: Parsed, s: Sentence, cue: Cue, source: SourcePhrase) -> tuple[int, int] | None:
    """ "“...,” Doe said in an interview aired on “Show”": the quotation the frame closes on.

    A quotation ending in a comma, "?" or "!" right before the frame (source and cue, in
    either order) is what the frame reports, whatever else the parse hangs on the cue.
    """
    text = parsed.text
    if source.inherited or _reports_a_clause(parsed, cue):
        # ", adding that ...": the frame before it belongs to the first cue; "Asked on
        # “Show,” Doe said he ...": the cue's own clause after it is what it reports
        return None
    frame = min(cue.start, source.start)
    for q in s.quotes:
        if (
            q.end <= frame
            and not text[q.end : frame].strip()
            and text[q.inner_start : q.inner_end].rstrip(" '’")[-1:] in ",?!"  # also "the 'Sponsor,' ”"
        ):
            return q.start, q.end
    return None


def _reports_a_clause(parsed: Parsed, cue: Cue) -> bool:
    """Whether a finite clause with its own subject follows the cue at once, unquoted ("said he
    had not"); a quotation after a comma ("“...,” she said, “...”") is another matter."""
    nxt = cue.token.i + 1
    if nxt < len(cue.token.doc) and cue.token.doc[nxt].lower_ == "that":
        nxt += 1
    return any(
        k.dep_ == "ccomp"
        and k.left_edge.i == nxt
        and k.left_edge.tag_ not in ("IN", "WRB")  # "said as the crowd booed", "said when ..."
        and not parsed.quoted(parsed.at(k.left_edge))
        and any(c.dep_ == "nsubj" for c in k.children)
        for k in cue.token.children
    )


def _as_saying(parsed: Parsed, cue: Cue) -> tuple[int, int] | None:
    """ "..., the agency reported X as saying": the clause the reporting verb frames is X's."""
    if not quoted_as_saying(cue.token):
        return None
    clauses = [k for k in cue.token.head.head.children if k.dep_ in ("ccomp", "parataxis")]
    return parsed.span([clauses[0].left_edge, clauses[0].right_edge]) if clauses else None


def _beside(text: str, q: QuoteSpan, cue: Cue, source: SourcePhrase) -> bool:
    """Whether only punctuation separates the quotation from its frame."""
    gap = text[q.end : min(cue.start, source.start)] if q.end <= cue.start else text[max(cue.end, source.end) : q.start]
    return not re.search(r"\w", gap)


def find_content(parsed: Parsed, s: Sentence, cue: Cue, source: SourcePhrase) -> Content | None:
    if cue.according:
        span = _according_span(parsed, s, cue)
        return _typed(parsed, s, *span) if span else None
    if cue.quoted:  # the quotation opens with the verb: its words and their object are the claim
        opening = next(q for q in s.quotes if q.inner_start <= cue.start < q.inner_end)
        return _typed(parsed, s, opening.start, max(opening.end, parsed.end(cue.token.right_edge)))
    colon = _colon_quote(parsed, s, cue)
    if colon is not None:  # "said before adding: “...”": the quotation the colon opens
        return colon
    issued = _document_then_quote(parsed, s, cue)
    if issued is not None:  # "issued a statement, “...”": the quotation is the statement
        return issued
    span = _framed_quote(parsed, s, cue, source) or _complement_span(parsed, cue, source) or _as_saying(parsed, cue)
    if span is not None and _fronted_before_quotation(parsed, s, cue, source, span):
        span = None  # "Asked if ..., Doe replied, “...”": the quotation after the frame is the reply
    content = _typed(parsed, s, *span) if span is not None else None
    if content is None:
        # no complement, or one too slight to be content ("said of Apple"): the quotation beside the frame
        q = _adjacent_quote(s, cue, source)
        if q is not None and span is not None and not _beside(parsed.text, q, cue, source):
            q = None  # a slight complement and a quotation further off: nothing reported here
        if q is None:
            return _quote_after_colon(parsed, s, cue) or _quote_before_bare_frame(parsed, s, cue, source)
        content = _typed(parsed, s, q.start, q.end)
    if content is None:
        return None
    if cue.verb.weak and content.quote_type is QuoteType.INDIRECT and not _weak_ok(parsed, cue, content):
        # "“Do I think so?” Doe asked rhetorically, shaking his head": the words are the quotation;
        # "issued the following statement:": the quotation the colon announces
        return _quote_after_colon(parsed, s, cue) or _quote_before_bare_frame(parsed, s, cue, source)
    content = _named_as(parsed, cue, content)
    if re.fullmatch(
        r"\s*(?:full\s+)?(?:the\s+)?(?:responsibility|credit)\W*", parsed.text[content.start : content.end], re.I
    ):
        return None  # "claimed responsibility" with nothing claimed: an act
    obj = next((k for k in cue.token.children if k.dep_ in ("dobj", "dative")), None)
    if obj is not None and cue.verb.takes_object:
        return Content(content.start, content.end, content.quote_type, content.fragments, parsed.at(obj))
    return content


_NAMING = frozenset({"call", "term", "dub", "brand", "label"})
_NAMED_AS = re.compile(r"\W*(?:[\w’'-]+\W+){0,12}?(?:as\s+)?$")


def _named_as(parsed: Parsed, cue: Cue, content: Content) -> Content:
    """ "called it “bizarre”", "branded the move a “declaration of war”": the speaker's words
    are the quotation; the thing named is the writer's (ANNOTATION.md: "called it X")."""
    if cue.verb.lemma not in _NAMING or content.quote_type is not QuoteType.MIXED or len(content.fragments) != 1:
        return content
    text = parsed.text
    qs, qe = content.fragments[0]
    before, after = text[content.start : qs], text[qe : content.end]
    if _NAMED_AS.fullmatch(before) and not re.search(r"\w", re.sub(r"\b(?:and|but)\b", "", after)):
        start, end = strip_span(text, qs, qe)
        return Content(start, end, QuoteType.DIRECT, content.fragments) if end > start else content
    return content


def _weak_ok(parsed: Parsed, cue: Cue, content: Content) -> bool:
    """Weak cues report only with a quotation, except "called for/on", "held X responsible"."""
    body = parsed.text[content.start : content.end]
    if cue.verb.lemma == "call":
        return any(k.dep_ == "prep" and k.lower_ in ("for", "on") for k in cue.token.children)
    if cue.verb.lemma in _DESCRIBING:  # "described the move as an aggressive step"
        return any(k.dep_ == "prep" and k.lower_ == "as" for k in cue.token.children)
    if cue.verb.lemma == "thank":  # "thanked the government for its actions"
        return any(k.dep_ == "prep" and k.lower_ == "for" for k in cue.token.children)
    return cue.verb.lemma == "hold" and re.search(r"\b(?:responsible|accountable)\b", body) is not None
