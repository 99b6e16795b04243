"""``claimex report``: one self-contained HTML page over a corpus (no server, no network).

The page holds a speaker → target network (edge colour = dominant stance, width = claims),
a stance timeline for a chosen speaker/target pair, the most active speakers and targets,
and filters by date range, stance and entity; every node, edge and point opens its grounded
quotes with their article and offsets. Charts are Vega-Lite specs written with Vega-Altair
and drawn by the inlined Vega libraries; the page's own script only feeds them data.

Claims are streamed into the page as they are read, so memory stays flat. Everything from
an article or a record is JSON inside ``<script type="application/json">`` with ``<``, ``>``
and ``&`` escaped, and is shown with ``textContent``; the page's Content-Security-Policy
allows only its two inline scripts, by hash.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from claimex.core.types import Article, ExtractionResult, Stance
from claimex.core.version import __version__
from claimex.corpus._charts import network_spec, timeline_spec
from claimex.corpus._corpus import Corpus
from claimex.corpus._layout import network_layout
from claimex.corpus._vega import script_hash, vega_bundle

__all__ = ["ReportSummary", "write_report"]

_STANCES = [s.value for s in Stance]
_CLAIMS, _META = "@@CLAIMS@@", "@@META@@"


@dataclass(frozen=True)
class ReportSummary:
    """What :func:`write_report` wrote, for the CLI to print."""

    path: Path
    articles: int
    claims: int
    entities: int
    network_nodes: int
    pairs: int
    bytes: int
    seconds: float


def script_json(value: Any) -> str:
    """JSON that can sit inside ``<script type="application/json">``: it cannot close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are made clickable (a ``javascript:`` URL in an article is not)."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


@cache
def _environment() -> ImmutableSandboxedEnvironment:
    return ImmutableSandboxedEnvironment(
        loader=PackageLoader("claimex.corpus", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    return (files("claimex.corpus") / "assets" / name).read_text(encoding="utf-8")


class _Tally:
    """What the page needs besides the claims: counted while the claims stream past."""

    def __init__(self) -> None:
        self.articles: list[list[str | None]] = []
        self.pairs: Counter[tuple[int, int]] = Counter()
        self.activity: Counter[int] = Counter()
        self.first: str | None = None
        self.last: str | None = None

    def claim_row(self, result: ExtractionResult, n: int, index: Mapping[str, int], corpus: Corpus) -> list[Any]:
        c = result.claims[n]
        s = index[corpus.entities.id_of(result.article_id, c.speaker) or ""]
        target_id = corpus.entities.id_of(result.article_id, c.target)
        t = index[target_id] if target_id else -1
        self.activity[s] += 1
        if t >= 0:
            self.activity[t] += 1
            self.pairs[(s, t)] += 1
        date = c.date.isoformat() if c.date else ""
        if date:
            self.first = min(self.first or date, date)
            self.last = max(self.last or date, date)
        return [
            s, t, _STANCES.index(c.stance.value), date, len(self.articles) - 1, c.start, c.end, c.quote,
            c.quote_type.value, c.alignment.value, c.date_text,
        ]  # fmt: skip


def _stream_claims(out: IO[str], corpus: Corpus, articles: Mapping[str, Article] | None, tally: _Tally) -> int:
    index = {e.id: n for n, e in enumerate(corpus.entities.entities)}
    written = 0
    out.write("[")
    for result in corpus.results():
        article = articles.get(result.article_id) if articles else None
        published = (article.published if article and article.published else None) or result.published
        tally.articles.append(
            [
                result.article_id,
                article.title if article else None,
                article.source if article else None,
                safe_url(article.url) if article else None,
                published.isoformat() if published else None,
            ]
        )
        for n in range(len(result.claims)):
            out.write(("," if written else "") + script_json(tally.claim_row(result, n, index, corpus)))
            written += 1
    out.write("]")
    return written


def _meta(corpus: Corpus, tally: _Tally, max_nodes: int, labels: int) -> dict[str, Any]:
    shown = sorted(tally.activity, key=lambda i: (-tally.activity[i], i))[:max_nodes]
    layout = network_layout(shown, tally.pairs)
    pairs = sorted(tally.pairs.items(), key=lambda kv: (-kv[1], kv[0]))[:500]
    meta = {
        "entities": [[e.id, e.name, e.type] for e in corpus.entities.entities],
        "articles": tally.articles,
        "network": {str(i): list(p) for i, p in layout.items()},
        "pairs": [[s, t, n] for (s, t), n in pairs],
        "dates": [tally.first, tally.last] if tally.first and tally.last else [],
        "labels": labels,
        "specs": {"network": network_spec(), "timeline": timeline_spec()},
    }
    return meta


def write_report(
    corpus: Corpus,
    out: str | Path,
    *,
    articles: Mapping[str, Article] | None = None,
    title: str | None = None,
    max_nodes: int = 250,
    labels: int = 30,
) -> ReportSummary:
    """Write the corpus page to ``out``; ``articles`` (by id) adds titles, sources and links.

    The network draws the ``max_nodes`` most active entities (all of them in a smaller
    corpus) and labels the ``labels`` most active among those shown.
    """
    started = time.perf_counter()
    out = Path(out)
    bundle, js = vega_bundle(), _asset("report.js")
    page = (
        _environment()
        .get_template("report.html")
        .render(
            title=title or f"Corpus: {Path(corpus.source).name}",
            css=Markup(_asset("report.css")),
            js=Markup(js),
            bundle=Markup(bundle.js),
            bundle_hash=script_hash(bundle.js),
            script_hash=script_hash(js),
            version=__version__,
            vega_lite=bundle.vega_lite,
            vega=bundle.vega,
            vega_embed=bundle.vega_embed,
            source=corpus.source,
            problems=list(corpus.problems[:20]),
            stances=_STANCES,
            totals={
                "articles": corpus.articles,
                "claims": corpus.claims,
                "entities": len(corpus.entities),
                "errors": len(corpus.errors),
            },
            network_note=(
                f"The network shows the {max_nodes} most active of {len(corpus.entities)} entities; "
                "the filters, tables and quotes cover them all."
                if len(corpus.entities) > max_nodes
                else None
            ),
        )
    )
    head, rest = page.split(_CLAIMS, 1)
    middle, tail = rest.split(_META, 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tally = _Tally()
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(head)
            written = _stream_claims(handle, corpus, articles, tally)
            meta = _meta(corpus, tally, max_nodes, labels)
            handle.write(middle + script_json(meta) + tail)
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ReportSummary(
        path=out,
        articles=len(tally.articles),
        claims=written,
        entities=len(corpus.entities),
        network_nodes=len(meta["network"]),
        pairs=len(tally.pairs),
        bytes=out.stat().st_size,
        seconds=time.perf_counter() - started,
    )
