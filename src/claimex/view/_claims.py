"""The claims page: each article with its quotes highlighted, a sidebar of claims, filters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markupsafe import Markup

from claimex.core.types import AlignmentStatus, Article, Claim, ErrorRecord, ExtractionResult, Stance
from claimex.view._assets import CLAIMS_CSS, CLAIMS_JS
from claimex.view._env import render_page
from claimex.view._spans import Piece, nest, render_nested

__all__ = ["highlight_span", "render_claims_page", "safe_url"]


def highlight_span(claim: Claim, text: str | None) -> tuple[int, int] | None:
    """The claim's span when it can be highlighted: grounded, with offsets inside ``text``."""
    if text is None or claim.alignment is AlignmentStatus.NONE or claim.start is None or claim.end is None:
        return None
    if not 0 <= claim.start < claim.end <= len(text):
        return None
    return claim.start, claim.end


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are made clickable (a ``javascript:`` URL in an article is not)."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _ClaimView:
    cid: str
    n: int
    speaker: str
    mention: str | None
    target: str | None
    stance: str
    quote: str
    short_quote: str
    quote_type: str
    date: str | None
    date_text: str | None
    alignment: str
    span: str | None
    decided_by: str
    highlighted: bool
    speaker_key: str = ""
    target_key: str = ""


@dataclass
class _ArticleView:
    id: str
    anchor: str
    title: str
    source: str | None = None
    published: str | None = None
    url: str | None = None
    url_label: str | None = None
    body: Markup | None = None
    claims: list[_ClaimView] = field(default_factory=list)
    highlighted: int = 0
    notices: list[str] = field(default_factory=list)
    provenance: list[tuple[str, str]] = field(default_factory=list)
    error: ErrorRecord | None = None


def _label(claim: Claim) -> str:
    return f"{claim.speaker} → {claim.target}" if claim.target else claim.speaker


def _body(text: str, spans: Sequence[tuple[int, int]], views: Sequence[_ClaimView], claims: Sequence[Claim]) -> Markup:
    def open_tag(piece: Piece) -> Markup:
        view, claim = views[piece.index], claims[piece.index]
        if piece.primary:
            return Markup(
                '<mark class="claim stance-{stance}" id="m-{cid}" data-claim-id="{cid}" data-f-speaker="{sk}" '
                'data-f-stance="{stance}" data-f-target="{tk}" data-label="{label}" title="{title}">'
            ).format(
                stance=view.stance,
                cid=view.cid,
                sk=view.speaker_key,
                tk=view.target_key,
                label=_label(claim),
                title=f"#{view.n} {_label(claim)} ({view.stance}, {view.alignment})",
            )
        return Markup('<span class="claim-frag stance-{stance}" data-frag-of="{cid}">').format(
            stance=view.stance, cid=view.cid
        )

    def close_tag(piece: Piece) -> Markup:
        return Markup("</mark>" if piece.primary else "</span>")

    # Unhighlightable claims are (0, 0) placeholders, which nest() leaves out.
    pieces = nest(spans)
    return render_nested(text, pieces, open_tag, close_tag)


def _provenance(result: ExtractionResult) -> list[tuple[str, str]]:
    p = result.provenance
    rows: list[tuple[str, str]] = [("strategy", p.strategy)]
    for key, value in (
        ("prompt", p.prompt),
        ("prompt sha256", p.prompt_sha256),
        ("schema", p.schema_version),
        ("schema sha256", p.schema_sha256),
        ("backend", p.backend),
        ("model", p.model),
    ):
        if value:
            rows.append((key, value))
    if p.params:
        rows.append(("params", ", ".join(f"{k}={v}" for k, v in sorted(p.params.items()))))
    rows.append(("cache hit", "yes" if p.cache_hit else "no"))
    rows.append(("claimex", p.claimex_version))
    rows.append(("config key", p.config_key))
    rows.append(("article sha256", result.article_sha256))
    u = result.usage
    rows.append(
        (
            "usage",
            f"{u.model_calls} model calls, {u.prompt_tokens} prompt + {u.completion_tokens} completion tokens, "
            f"{u.cache_hits} cache hits",
        )
    )
    if result.timings:
        rows.append(("timings", ", ".join(f"{k} {v:.2f}s" for k, v in result.timings.items())))
    return rows


def render_claims_page(
    records: Iterable[ExtractionResult | ErrorRecord],
    articles: Mapping[str, Article],
    *,
    title: str = "Claims review",
    problems: Sequence[str] = (),
) -> str:
    """One self-contained HTML page of every record: quotes highlighted in their article.

    A record whose article is not in ``articles`` is listed without the text. ``problems``
    (e.g. unreadable lines of the predictions file) are shown at the top.
    """
    records = list(records)
    all_claims = [c for r in records if isinstance(r, ExtractionResult) for c in r.claims]
    # Filter keys are small indices, so any speaker or target name is a safe attribute value.
    speaker_counts = Counter(c.speaker for c in all_claims)
    target_counts = Counter(c.target for c in all_claims)
    speaker_keys = {name: f"s{i}" for i, name in enumerate(sorted(speaker_counts, key=str.casefold))}
    target_order = sorted(target_counts, key=lambda t: (t is None, (t or "").casefold()))
    target_keys = {name: f"t{i}" for i, name in enumerate(target_order)}

    views: list[_ArticleView] = []
    for n, record in enumerate(records, start=1):
        anchor = f"a{n}"
        if isinstance(record, ErrorRecord):
            article = articles.get(record.article_id) if record.article_id else None
            views.append(
                _ArticleView(
                    id=record.article_id or "(unknown article)",
                    anchor=anchor,
                    title=(article.title if article and article.title else None)
                    or f"Error: {record.article_id or record.origin or 'unknown article'}",
                    error=record,
                )
            )
            continue
        article = articles.get(record.article_id)
        text = article.text if article is not None else None
        view = _ArticleView(
            id=record.article_id,
            anchor=anchor,
            title=(article.title if article and article.title else None) or record.article_id,
            provenance=_provenance(record),
        )
        published = record.published
        if article is not None:
            view.source = article.source
            view.url = safe_url(article.url)
            view.url_label = urlsplit(view.url).netloc if view.url else None
            published = article.published or published
            if article.text_sha256 != record.article_sha256:
                view.notices.append(
                    "The article text differs from the text this result was extracted from; "
                    "highlighted spans may be off."
                )
        else:
            view.notices.append("Article text not available: claims are listed without highlighting.")
        view.published = published.isoformat() if published else None
        if record.dropped_ungrounded:
            view.notices.append(
                f"{record.dropped_ungrounded} claim(s) were dropped because their quote is not in the text."
            )
        view.notices.extend(record.warnings)
        spans: list[tuple[int, int]] = []
        for i, claim in enumerate(record.claims, start=1):
            span = highlight_span(claim, text)
            view.claims.append(
                _ClaimView(
                    cid=f"c{n}-{i}",
                    n=i,
                    speaker=claim.speaker,
                    mention=claim.speaker_mention,
                    target=claim.target,
                    stance=claim.stance.value,
                    quote=claim.quote,
                    short_quote=_short(claim.quote),
                    quote_type=claim.quote_type.value,
                    date=claim.date.isoformat() if claim.date else None,
                    date_text=claim.date_text,
                    alignment=claim.alignment.value,
                    span=f"{claim.start}–{claim.end}" if claim.start is not None and claim.end is not None else None,
                    decided_by=", ".join(f"{k}: {v}" for k, v in sorted(claim.decided_by.items())),
                    highlighted=span is not None,
                    speaker_key=speaker_keys[claim.speaker],
                    target_key=target_keys[claim.target],
                )
            )
            spans.append(span or (0, 0))
        view.highlighted = sum(1 for c in view.claims if c.highlighted)
        if text is not None:
            view.body = _body(text, spans, view.claims, record.claims)
        views.append(view)

    stance_counts = Counter(c.stance.value for c in all_claims)
    return render_page(
        "claims.html",
        title=title,
        css=CLAIMS_CSS,
        js=CLAIMS_JS,
        articles=views,
        problems=list(problems),
        stances=[s.value for s in Stance],
        speakers=[(speaker_keys[s], s, speaker_counts[s]) for s in speaker_keys],
        targets=[(target_keys[t], t or "(no target)", target_counts[t]) for t in target_order],
        stance_counts=[(s.value, stance_counts[s.value]) for s in Stance if stance_counts[s.value]],
        totals={
            "articles": sum(1 for v in views if v.error is None),
            "claims": len(all_claims),
            "highlighted": sum(v.highlighted for v in views),
            "errors": sum(1 for v in views if v.error is not None),
        },
    )
