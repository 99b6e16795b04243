"""The stages in order, for one article: ``analyse``.

quote pairing and sentences (``_segment``) -> parse (``_nlp``) -> cues (``_cues``) ->
source (``_sources``) -> content (``_content``, its ends trimmed by ``_trim``) -> source
resolution (``_resolve``, with ``_roles`` and ``_salience``) -> quotations with no cue of
their own: labelled or signed, introduced by a colon, embedded and floating (``_labelled``,
``_introduced``, ``_embedded``, ``_floating``) -> de-duplication
-> dating (``_dating``) -> targets (``_targets``) and stance (``_stance``), made consistent
per speaker (``_consistency``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from claimex.attribution._agency import harm_acted, harm_by_speaker, harm_by_target
from claimex.attribution._aliases import AliasTable
from claimex.attribution._canonical import default_table
from claimex.attribution._consistency import speaker_stances, speaker_targets
from claimex.attribution._content import find_content
from claimex.attribution._cues import find_cues
from claimex.attribution._dates import find_dateline
from claimex.attribution._dating import date_statements
from claimex.attribution._dedupe import dedupe
from claimex.attribution._embedded import embedded
from claimex.attribution._entities import Entity
from claimex.attribution._floating import floating, resumed
from claimex.attribution._introduced import introduced
from claimex.attribution._labelled import labelled, signed
from claimex.attribution._lexicons import reporting_nouns
from claimex.attribution._parsed import Parsed, prepare
from claimex.attribution._resolve import Resolver
from claimex.attribution._roles import build
from claimex.attribution._salience import Salience
from claimex.attribution._segment import Sentence
from claimex.attribution._sources import find_source
from claimex.attribution._stance import mentions_harm, mentions_threat, reports_harm_event, stance_of
from claimex.attribution._targets import AIMED, own_side, refers_to_party, weighted_candidates
from claimex.attribution._trim import strip_span
from claimex.attribution._types import Attribution, Cue, Proposal, SourcePhrase, Speaker, Statement
from claimex.core.types import AlignmentStatus, Article, Claim, QuoteType

_FIELDS = ("speaker", "quote", "quote_type", "target", "stance", "date")


def _inside(statements: list[Statement], s: Sentence, pos: int) -> bool:
    return any(st.sentence is s and st.content.start <= pos < st.content.end for st in statements)


def _speaker(resolver: Resolver, s: Sentence, src: SourcePhrase, found: list[Statement]) -> Speaker | None:
    if src.inherited:
        # "... and said", ", saying": the governing verb's statement speaks again
        own = [st for st in found if st.sentence is s]
        if own:
            prev = own[-1].speaker
            return Speaker(prev.entity, prev.mention, "inherit")
    return resolver.resolve(s, src)


Unnamed = list[tuple[Sentence, int, tuple[int, int]]]


def _split_at(parsed: Parsed, s: Sentence, cue: Cue, found: list[Statement]) -> bool:
    """ "X said the talks failed, claiming the envoy lied": a participle cue after a comma
    opens a statement of its own; the one it sat in ends at the comma."""
    text = parsed.text
    mark = _time_mark(cue)
    if mark is not None:
        comma = parsed.at(mark)  # "X said it would halt, after Washington pledged ...": the cut is the mark
    elif cue.token.tag_ != "VBG" or not text[: cue.start].rstrip().endswith(","):
        return False
    else:
        comma = text.rindex(",", 0, cue.start)
    for st in found:
        if st.sentence is s and st.content.start < comma < cue.start < st.content.end:
            end = strip_span(text, st.content.start, comma)[1]
            kept = tuple(f for f in st.content.fragments if f[1] <= end + 1)
            kind = st.content.quote_type if kept or st.content.quote_type is QuoteType.DIRECT else QuoteType.INDIRECT
            st.content = replace(st.content, end=end, fragments=kept, quote_type=kind)
            return True
    return False


def _time_mark(cue: Cue) -> Any | None:
    """The "after"/"as"/"when" opening a cue's clause that has a subject of its own: a second
    report the writer sets beside the first ("..., after Washington pledged a response")."""
    tok = cue.token
    if tok.dep_ != "advcl" or not any(k.dep_ == "nsubj" for k in tok.children):
        return None
    return next((k for k in tok.children if k.dep_ == "mark" and k.lower_ in ("after", "as", "when", "while")), None)


def _sentence(resolver: Resolver, s: Sentence, found: list[Statement], unnamed: Unnamed) -> None:
    parsed = resolver.parsed
    for cue in find_cues(parsed, s):
        if _inside(found, s, cue.start) and not _split_at(parsed, s, cue, found):
            continue
        src = find_source(parsed, cue)
        if src is None:
            continue
        speaker = _speaker(resolver, s, src, found)
        content = find_content(parsed, s, cue, src)
        if content is None:
            continue
        if speaker is None:
            unnamed.append((s, cue.start, (content.start, content.end)))
            continue
        if cue.according:  # the cited source speaks the whole clause
            found[:] = [
                st for st in found if not (st.sentence is s and content.start <= st.content.start < content.end)
            ]
        found.append(Statement(speaker, content, s, cue))
        if speaker.via in ("name", "role", "document"):
            resolver.salience.saw(speaker.entity)
    found.extend(labelled(parsed, s, found))
    signature = signed(parsed, s, found)
    if signature is not None:  # "“...”" / "— Jane Doe.": the signature names the quotation's speaker
        found[:] = [st for st in found if st is not signature[1]] + [signature[0]]
    found.extend(introduced(resolver, s, found))
    found.extend(embedded(resolver, s, found))
    added, dropped = resumed(parsed, s, found)  # "“If they stay,” he added, “we will eject them.”"
    found[:] = [st for st in found if not any(st is d for d in dropped)] + added
    found.extend(floating(parsed, s, found))
    _remember(resolver, s, found)


def _remember(resolver: Resolver, s: Sentence, found: list[Statement]) -> None:
    """Documents and their authors, and the sentence's named subject, for later sentences."""
    parsed = resolver.parsed
    own = [st for st in found if st.sentence is s]
    for tok in parsed.tokens[s.start]:
        if tok.lemma_.lower() not in reporting_nouns() or parsed.inside_quote(s, parsed.at(tok)):
            continue
        if _refers_back(tok) and resolver.salience.author(tok.lemma_.lower(), parsed.at(tok)) is not None:
            continue  # "The statement came a day after X said": the document already named, not X's
        author = own[0].speaker.entity if own else None
        if author is None:
            subj = next((t for t in parsed.tokens[s.start] if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
            m = parsed.mention_at(s, parsed.at(subj)) if subj is not None else None
            author = parsed.entity(m) if m is not None and not m.possessive else None
        if author is not None:
            resolver.salience.wrote(parsed.at(tok), tok.lemma_.lower(), author)
    if not own:
        subj = next((t for t in parsed.tokens[s.start] if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
        m = parsed.mention_at(s, parsed.at(subj)) if subj is not None else None
        if m is not None and not m.possessive:
            resolver.salience.saw(parsed.entity(m))  # "The DRC accuses X. It stresses ...": the body


def _refers_back(tok: Any) -> bool:
    """ "the statement", "this communique": a document named before, not a new one ("the statement by X")."""
    kids = list(tok.children)
    return any(k.dep_ == "det" and k.lower_ in ("the", "this", "that") for k in kids) and not any(
        k.dep_ in ("acl", "prep", "poss", "relcl") for k in kids
    )


def _side_forms(parsed: Parsed, st: Statement) -> list[str]:
    """The names of the speaker and of the side it speaks for."""
    side = own_side(parsed, st.speaker.entity)
    return [f for e in parsed.index.entities if e.key in side or e is st.speaker.entity for f in e.forms]


def _reports_event(parsed: Parsed, st: Statement, acted: bool) -> bool:
    """An armed action only suffered or described ("dozens were killed"): a report, not a position."""
    quote = parsed.text[st.content.start : st.content.end]
    return reports_harm_event(quote) and not mentions_threat(quote) and not acted


def _negated(st: Statement) -> bool:
    return st.cue is not None and any(k.dep_ == "neg" for k in st.cue.token.children)


def _proposal(parsed: Parsed, st: Statement, targets: list[Entity], target: Entity | None, acted: bool) -> Proposal:
    text = parsed.text
    quote = parsed.article_text[st.content.start : st.content.end]  # verbatim, line breaks kept
    negated = _negated(st)
    claim = Claim(
        speaker=st.speaker.entity.canonical,
        speaker_mention=st.speaker.mention,
        speaker_aliases=st.speaker.entity.aliases,
        quote=quote,
        quote_type=st.content.quote_type,
        target=target.canonical if target else None,
        target_aliases=target.aliases if target else (),
        stance=stance_of(
            quote,
            st.cue.verb if st.cue else None,
            negated=negated,
            harm_by_target=bool(target and harm_by_target(parsed, st.content.start, st.content.end, target.forms)),
            harm_acted=acted,
            harm_by_speaker=harm_by_speaker(
                parsed,
                st.content.start,
                st.content.end,
                _side_forms(parsed, st),
                person=st.speaker.entity.kind == "person",
            ),
        ),
        date=st.date,
        date_text=st.date_text,
        start=st.content.start,
        end=st.content.end,
        alignment=AlignmentStatus.EXACT,
        decided_by=dict.fromkeys(_FIELDS, "rules"),
    )
    s = st.sentence
    ctx = text[min(s.start, st.content.start) : max(s.end, st.content.end)]
    return Proposal(claim, tuple(e.canonical for e in targets), " ".join(ctx.split()), st.cue.text if st.cue else None)


def _consistent(
    parsed: Parsed, proposals: tuple[Proposal, ...], statements: list[Statement], acted: list[bool]
) -> tuple[Proposal, ...]:
    """Neutral statements take their speaker's usual stance in the article (``_consistency``).

    A statement that speaks of no party at all, by name or by reference ("the situation is
    heading towards calm", "the results are left to the military leadership"), keeps its
    neutral stance: a position needs someone to take it towards (dev stance 0.671 -> 0.705;
    share c, not tuned on, 0.616 -> 0.658).
    """
    claims = [p.claim for p in proposals]
    fixed = [
        (st.cue is not None and (st.cue.verb.lemma == "deny" or _negated(st)))
        or _reports_event(parsed, st, act)
        or not (p.target_candidates or refers_to_party(parsed, st))
        for st, p, act in zip(statements, proposals, acted, strict=True)
    ]
    violent = [mentions_harm(c.quote) for c in claims]
    stances = speaker_stances([c.speaker for c in claims], [c.stance for c in claims], fixed, violent)
    return tuple(
        p if p.claim.stance is stance else replace(p, claim=p.claim.model_copy(update={"stance": stance}))
        for p, stance in zip(proposals, stances, strict=True)
    )


def analyse(article: Article, *, alias_table: AliasTable | None = None, pipeline: str | None = None) -> Attribution:
    """Find the article's statements by rules over a parse (no model): speakers, quotes, dates, targets, stances."""
    parsed = prepare(article, alias_table or default_table(), pipeline)
    book = build(parsed)
    resolver = Resolver(parsed, book, Salience())
    found: list[Statement] = []
    unnamed: Unnamed = []
    for s in parsed.sentences:
        _sentence(resolver, s, found, unnamed)
    statements = dedupe(parsed.text, sorted(found, key=lambda st: (st.content.start, -st.content.end)))
    dateline = find_dateline(article.text)
    date_statements(parsed, article.published or dateline, statements, unnamed, book.affiliations)
    weighted = [weighted_candidates(parsed, book, st) for st in statements]
    options = [[e for e, _ in found] for found in weighted]
    by_key = {e.key: e for found in options for e in found}
    chosen = speaker_targets(
        [st.speaker.entity.key for st in statements],
        [[e.key for e in o] for o in options],
        [bool(found) and found[0][1] >= AIMED for found in weighted],
    )
    acted = [harm_acted(parsed, st.content.start, st.content.end) for st in statements]  # one token walk each
    proposals = tuple(
        _proposal(parsed, st, o, None if k is None else by_key[k], act)
        for st, o, k, act in zip(statements, options, chosen, acted, strict=True)
    )
    proposals = _consistent(parsed, proposals, statements, acted)
    speakers = {st.speaker.entity.canonical: st.speaker.entity.aliases for st in statements}
    entities = {e.canonical: e.aliases for e in parsed.index.entities}
    return Attribution(proposals, speakers, entities, dateline)
