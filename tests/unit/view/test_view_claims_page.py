"""render_claims_page: one mark per grounded claim, ungrounded claims listed, everything escaped."""

from __future__ import annotations

import re

from view_cases import MARK, PROVENANCE, article_body, claim, grounded, result, seed_articles, seed_records

from claimex.core.types import AlignmentStatus, Article, ErrorRecord, ExtractionResult, Stance
from claimex.view import render_claims_page

XSS = "<script>alert(1)</script>"


def test_seed_pages_mark_every_grounded_claim_once() -> None:
    records = seed_records()
    html = render_claims_page(records, seed_articles())
    assert grounded(records) == sum(len(r.claims) for r in records) > 50
    assert html.count(MARK) == grounded(records)
    ids = re.findall(r'<mark class="claim[^"]*" id="m-([^"]+)"', html)
    assert len(ids) == len(set(ids)) == grounded(records)
    assert f'data-expected-marks="{grounded(records)}"' in html
    # Marking up never changes the text itself.
    for n, record in enumerate(records):
        assert article_body(html, n) == seed_articles()[record.article_id].text
    for stance in Stance:
        n = sum(1 for r in records for c in r.claims if c.stance is stance)
        assert html.count(f'<mark class="claim stance-{stance.value}"') == n


def test_ungrounded_claims_are_listed_but_not_highlighted() -> None:
    text = "The mayor said the budget was fine. Ann Lee said: we will fight this plan."
    article = Article(id="x1", text=text)
    claims = [claim(50, 73, text=text), claim(None, None, text=text)]
    html = render_claims_page([result(article, claims)], {"x1": article})
    assert html.count(MARK) == 1
    assert 'id="row-c1-2"' in html and 'id="m-c1-2"' not in html
    assert "not in text" in html and "words nobody wrote" in html
    assert "1 highlighted" in html


def test_overlapping_claims_nest_or_split() -> None:
    text = "0123456789abcdefghijklmnopqrstuvwxyz"
    article = Article(id="ov", text=text)
    claims = [
        claim(0, 20, text=text, stance=Stance.THREATEN),
        claim(5, 10, text=text, stance=Stance.SUPPORT),  # inside the first
        claim(15, 30, text=text, stance=Stance.NEUTRAL),  # crosses the end of the first
        claim(15, 30, text=text, speaker="Bo Park"),  # same span as the third
    ]
    html = render_claims_page([result(article, claims)], {"ov": article})
    assert html.count(MARK) == 4
    assert html.count('<span class="claim-frag') == 2
    assert re.search(r'data-frag-of="c1-3"', html) and re.search(r'data-frag-of="c1-4"', html)
    assert article_body(html) == text


def test_bad_offsets_and_changed_text_are_not_highlighted() -> None:
    text = "Short text here."
    article = Article(id="b", text=text)
    stale = Article(id="b", text=text + " Edited.")
    bad = claim(0, 5, text=text).model_copy(update={"end": 500})
    html = render_claims_page([result(article, [bad, claim(0, 5, text=text)])], {"b": stale})
    assert html.count(MARK) == 1
    assert "differs from the text this result was extracted from" in html
    html = render_claims_page([result(article, [claim(0, 5, text=text)])], {})
    assert html.count(MARK) == 0 and "Article text not available" in html


def test_article_and_claim_fields_are_escaped() -> None:
    text = f"Title {XSS}\n\nAnn Lee said {XSS} loudly. <img src=x onerror=alert(2)> & more."
    start = text.index("<script>", 10)
    article = Article(id='id"><b>x</b>', text=text, title=f"T {XSS}", source=f"<i>{XSS}</i>", url="javascript:alert(3)")
    c = claim(start, start + len(XSS), text=text, speaker='"><script>alert(4)</script>', target="<u>T</u>")
    c = c.model_copy(update={"date_text": XSS, "decided_by": {"speaker": "rules"}})
    html = render_claims_page([result(article, [c])], {article.id: article})
    assert "<script>alert" not in html
    assert html.count("<script") == 1  # the page's own
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html and "<b>x</b>" not in html and "<u>T</u>" not in html
    assert "javascript:" not in html
    assert html.count(MARK) == 1
    assert article_body(html) == text


def test_error_records_are_shown_as_errors() -> None:
    error = ErrorRecord(article_id="e1", error_type="ProviderError", message=f"model timed out {XSS}", attempts=3)
    orphan = ErrorRecord(article_id=None, origin="in.jsonl:4", error_type="InputError", message="bad JSON")
    text = "Ann Lee said no."
    article = Article(id="ok", text=text)
    html = render_claims_page([result(article, [claim(0, 7, text=text)]), error, orphan], {"ok": article})
    assert html.count('class="doc card error"') == 2
    assert "ProviderError" in html and "model timed out &lt;script&gt;" in html
    assert "in.jsonl:4" in html and "2 errors" in html


def test_filters_list_every_speaker_stance_and_target() -> None:
    records = seed_records()
    html = render_claims_page(records, seed_articles())
    speakers = {c.speaker for r in records for c in r.claims}
    options = re.search(r'<select id="f-speaker">(.*?)</select>', html, flags=re.DOTALL)
    assert options is not None and options.group(1).count("<option") == len(speakers) + 1
    targets = {c.target for r in records for c in r.claims}
    options = re.search(r'<select id="f-target">(.*?)</select>', html, flags=re.DOTALL)
    assert options is not None and options.group(1).count("<option") == len(targets) + 1
    assert "(no target)" in html


def test_provenance_footer() -> None:
    text = "Ann Lee said no."
    article = Article(id="p", text=text)
    record = ExtractionResult(
        article_id="p",
        article_sha256=article.text_sha256,
        claims=(claim(0, 7, text=text),),
        provenance=PROVENANCE.model_copy(update={"model": "tiny-model", "prompt": "claims@v1"}),
        warnings=("chunk 2 timed out",),
        dropped_ungrounded=2,
    )
    html = render_claims_page([record], {"p": article})
    assert "tiny-model" in html and "claims@v1" in html and PROVENANCE.strategy in html
    assert "chunk 2 timed out" in html and "2 claim(s) were dropped" in html
    assert AlignmentStatus.EXACT.value in html
