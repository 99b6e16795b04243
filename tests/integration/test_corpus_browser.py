"""The corpus report in real headless Chromium: the page's script drives its own filters and counts its SVG marks.

No model is called: the records are the seed gold (``seed_corpus_records``: the gold claims
located in the seed articles, plus two invented articles) and one hostile article. The page
writes what it counted into ``<pre id="selfcheck">``; these tests compare that with what the
records say. ``docs/corpus-report.png`` is the page over the seed gold (``UPDATE_SCREENSHOTS=1``
to refresh it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from claimex.core.types import Article, ExtractionResult, Stance
from claimex.corpus import Corpus, write_report
from tests.support.browser import screenshot, selfcheck
from tests.unit.corpus.corpus_cases import Said, result, seed_corpus_records
from tests.unit.view.view_cases import seed_articles, seed_records

WAIT_MS = 20_000
XSS_TEXT = (
    "Harbour row\n\nAnn Lee said <script>alert(1)</script> was not her line.\n\n"
    "<script>document.title='PWNED';document.body.insertAdjacentHTML('beforeend','<div id=\"xss-marker\"></div>')"
    "</script>\n\n<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"> The council said nothing."
)
HOSTILE_NAME = "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"


def _hostile() -> tuple[Article, ExtractionResult]:
    article = Article(
        id="xss",
        text=XSS_TEXT,
        title="<script>document.title='PWNED'</script>",
        url="javascript:document.body.setAttribute('data-pwned','3')",
        source="<b>bold</b>",
    )
    record = result(
        "xss",
        Said(HOSTILE_NAME, target="<script>document.title='PWNED'</script>", stance=Stance.OPPOSE,
             quote="<script>alert(1)</script>", date=dt.date(2020, 1, 8)),
        text=XSS_TEXT,
    )  # fmt: skip
    return article, record


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus, list[ExtractionResult]]:
    article, hostile = _hostile()
    records = [*seed_corpus_records(), hostile]
    corpus = Corpus.from_records(records)
    out = tmp_path_factory.mktemp("report") / "corpus.html"
    summary = write_report(corpus, out, articles={**seed_articles(), "xss": article}, title="Corpus: seed gold")
    assert summary.claims == sum(len(r.claims) for r in records)
    return out, corpus, records


def _claims(corpus: Corpus, records: list[ExtractionResult]) -> list[tuple[str, str | None, str, str]]:
    """(speaker id, target id, stance, date) of every claim."""
    out = []
    for r in records:
        for c in r.claims:
            speaker = corpus.entities.id_of(r.article_id, c.speaker)
            assert speaker is not None
            out.append(
                (
                    speaker,
                    corpus.entities.id_of(r.article_id, c.target),
                    c.stance.value,
                    c.date.isoformat() if c.date else "",
                )
            )
    return out


def _expected(claims: list[tuple[str, str | None, str, str]]) -> dict[str, int]:
    nodes = {s for s, _, _, _ in claims} | {t for _, t, _, _ in claims if t}
    return {"claims": len(claims), "nodes": len(nodes), "edges": len({(s, t) for s, t, _, _ in claims if t})}


def test_network_timeline_and_filters_match_the_records(
    page: tuple[Path, Corpus, list[ExtractionResult]], tmp_path: Path
) -> None:
    out, corpus, records = page
    claims = _claims(corpus, records)
    order = [e.id for e in corpus.entities.entities]
    check, _ = selfcheck(tmp_path, out, "#selfcheck&from=2020-01-08&to=2020-01-09&node=1", wait_ms=WAIT_MS)
    assert check["errors"] == [] and check["scripts"] == 4
    everything = _expected(claims)
    # one node per entity with a claim (every entity has one), one edge per distinct (speaker, target) pair
    assert everything["nodes"] == len(corpus.entities)
    for key in ("base", "reset"):
        counts = check[key]
        assert (counts["claims"], counts["dom_nodes"], counts["dom_edges"]) == (
            everything["claims"], everything["nodes"], everything["edges"],
        )  # fmt: skip
    # the timeline: one mark per dated claim of the chosen pair
    assert len(check["pairs"]) == 8
    for key, marks in check["pairs"].items():
        s, t = (order[int(i)] for i in key.split(">"))
        assert marks == sum(1 for cs, ct, _, d in claims if (cs, ct) == (s, t) and d), key
    assert any(marks > 2 for marks in check["pairs"].values())
    # each stance alone, then a date range: the drawn marks follow the filters
    for stance in Stance:
        kept = [c for c in claims if c[2] == stance.value]
        counts = check["stances"][stance.value]
        assert (counts["claims"], counts["dom_nodes"], counts["dom_edges"]) == tuple(_expected(kept).values()), stance
    dated = [c for c in claims if "2020-01-08" <= c[3] <= "2020-01-09"]
    counts = check["filtered"]
    assert (counts["claims"], counts["dom_nodes"], counts["dom_edges"]) == tuple(_expected(dated).values())
    assert 0 < counts["claims"] < everything["claims"]
    # the quotes panel for the second entity lists every claim it says or is the target of
    second = order[1]
    assert check["quotes"] == sum(1 for s, t, _, _ in claims if second in (s, t))


def test_entity_filter(page: tuple[Path, Corpus, list[ExtractionResult]], tmp_path: Path) -> None:
    out, corpus, records = page
    claims = _claims(corpus, records)
    leader = corpus.entities.id_of(records[0].article_id, records[0].claims[0].speaker)
    index = [e.id for e in corpus.entities.entities].index(leader or "")
    check, _ = selfcheck(tmp_path, out, f"#selfcheck&entity={index}", wait_ms=WAIT_MS)
    kept = [c for c in claims if leader in (c[0], c[1])]
    counts = check["filtered"]
    assert (counts["claims"], counts["dom_nodes"], counts["dom_edges"]) == tuple(_expected(kept).values())
    assert counts["claims"] >= 10


def test_script_in_article_text_stays_inert(page: tuple[Path, Corpus, list[ExtractionResult]], tmp_path: Path) -> None:
    out, corpus, _ = page
    hostile = [e.id for e in corpus.entities.entities].index(corpus.entities.id_of("xss", HOSTILE_NAME) or "")
    check, dom = selfcheck(tmp_path, out, f"#selfcheck&node={hostile}", wait_ms=WAIT_MS)
    assert check["errors"] == [] and check["scripts"] == 4
    assert check["title"] == "Corpus: seed gold" and "<title>PWNED" not in dom
    assert check["quotes"] == 1
    assert '<div id="xss-marker">' not in dom
    assert re.search(r"<[^>]*\sdata-pwned=", dom) is None
    assert "javascript:" not in re.sub(r"<script[^>]*>.*?</script>", "", dom, flags=re.DOTALL)  # no such link made
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # the quote, shown as text in the quotes panel


def test_screenshot_for_the_readme(tmp_path: Path) -> None:
    records = seed_records()
    corpus = Corpus.from_records(records)
    out = tmp_path / "corpus.html"
    write_report(corpus, out, articles=seed_articles(), title="Corpus: the five seed articles (gold claims)")
    top = corpus.entities.entities[1].id  # the most quoted speaker (the first is the most named target)
    shot = screenshot(tmp_path, out, "corpus-report.png", fragment=f"#quotes={top}", wait_ms=WAIT_MS)
    assert shot.exists() and Counter(shot.read_bytes()[:4])
