"""The review pages in a real browser: headless Chromium runs the page's script, then we read the DOM.

No model is called: the predictions are the seed gold quotes, located in the articles with
``ArticleIndex``, and (for the evaluation page) perturbed to produce every verdict.

Each page writes counts it computed from its own DOM into ``<pre id="selfcheck">``;
``--dump-dom`` returns the DOM after the script ran. Screenshots go to a temporary folder;
set ``UPDATE_SCREENSHOTS=1`` (or delete the file) to refresh ``docs/eval-report.png``.
``docs/review-page.png`` shows what ``claimex view`` makes of a real run: ``docs/screenshots.sh``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from claimex.core.types import (
    AlignmentStatus,
    Article,
    Claim,
    ExtractionResult,
    Provenance,
    QuoteType,
    Stance,
)
from claimex.evaluation import compare_runs, compute_metrics, load_gold_dir, match_run, predictions_from_records
from claimex.view import render_claims_page, render_comparison_html, render_eval_report_html
from tests.support.browser import screenshot as _screenshot
from tests.support.browser import selfcheck as _selfcheck
from tests.unit.view.view_cases import seed_articles, seed_records

ROOT = Path(__file__).resolve().parents[2]
PROVENANCE = Provenance(claimex_version="0.1.0", strategy="gold-replay", model="none (gold quotes)")
XSS_TEXT = (
    "Harbour row\n\nAnn Lee said <script>alert(1)</script> was not her line.\n\n"
    "<script>document.title='PWNED';document.body.insertAdjacentHTML('beforeend','<div id=\"xss-marker\"></div>')"
    "</script>\n\n<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"> The council said nothing."
)


@pytest.fixture(scope="module")
def seeds() -> tuple[dict[str, Article], list[ExtractionResult]]:
    # The same gold-derived records the unit tests render, so both check one thing.
    return seed_articles(), seed_records()


def _grounded(records: list[ExtractionResult]) -> list[Claim]:
    return [c for r in records for c in r.claims if c.alignment is not AlignmentStatus.NONE]


def test_claims_page_in_chromium(seeds: tuple[dict[str, Article], list[ExtractionResult]], tmp_path: Path) -> None:
    articles, records = seeds
    page = tmp_path / "claims.html"
    page.write_text(render_claims_page(records, articles, title="Claims review: seed articles"), encoding="utf-8")
    check, _ = _selfcheck(tmp_path, page, "#selfcheck")
    grounded = _grounded(records)
    assert len(grounded) == sum(len(r.claims) for r in records) > 50
    assert check["marks"] == check["expected_marks"] == len(grounded)
    assert check["sidebar"] == check["rows"] == len(grounded)
    assert check["scripts"] == 1 and check["errors"] == 0
    # The stance filter, driven through the page's own controls, leaves only that stance highlighted.
    by_stance = Counter(c.stance.value for c in grounded)
    assert check["visible_marks_by_stance"] == dict(by_stance)
    assert check["shown_after_reset"] == f"{len(grounded)} of {len(grounded)} claims"
    _screenshot(tmp_path, page, "gold-replay-page.png", publish=False)  # docs/review-page.png: docs/screenshots.sh


def test_script_in_article_text_does_not_run(
    seeds: tuple[dict[str, Article], list[ExtractionResult]], tmp_path: Path
) -> None:
    articles, records = seeds
    article = Article(id="xss", text=XSS_TEXT, title="<script>document.title='PWNED'</script>")
    start = XSS_TEXT.index("<script>alert(1)")
    quote = "<script>alert(1)</script>"
    hostile = ExtractionResult(
        article_id="xss",
        article_sha256=article.text_sha256,
        claims=(
            Claim(
                speaker="\"><img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">",
                quote=quote,
                quote_type=QuoteType.DIRECT,
                target="<script>document.title='PWNED'</script>",
                stance=Stance.OPPOSE,
                start=start,
                end=start + len(quote),
                alignment=AlignmentStatus.EXACT,
            ),
        ),
        provenance=PROVENANCE,
    )
    page = tmp_path / "xss.html"
    page.write_text(render_claims_page([*records[:1], hostile], {**articles, "xss": article}), encoding="utf-8")
    check, dom = _selfcheck(tmp_path, page)
    assert check["scripts"] == 1
    assert check["marks"] == len(_grounded(records[:1])) + 1
    assert '<div id="xss-marker">' not in dom  # present only as escaped text
    assert re.search(r"<[^>]*\sdata-pwned=", dom) is None
    assert check["title"] != "PWNED" and "<title>PWNED" not in dom
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown as text


def test_eval_report_and_comparison_in_chromium(
    seeds: tuple[dict[str, Article], list[ExtractionResult]], tmp_path: Path
) -> None:
    articles, records = seeds
    perturbed = []
    for n, record in enumerate(records):
        claims = list(record.claims)
        if n % 2 == 0:
            flipped = Stance.SUPPORT if claims[0].stance is not Stance.SUPPORT else Stance.NEUTRAL
            claims[0] = claims[0].model_copy(update={"stance": flipped})
        if n % 3 == 0:
            claims[1] = claims[1].model_copy(update={"speaker": "Somebody Else", "speaker_aliases": ()})
        claims.pop()
        text = articles[record.article_id].text
        claims.append(
            Claim(speaker="Invented Person", quote=text[:40], quote_type=QuoteType.INDIRECT,
                  start=0, end=40, alignment=AlignmentStatus.EXACT)
        )  # fmt: skip
        perturbed.append(record.model_copy(update={"claims": tuple(claims)}))
    gold = load_gold_dir(ROOT / "evals" / "gold" / "seeds")
    run = match_run(gold, predictions_from_records(perturbed), articles)
    metrics = compute_metrics(run, resamples=500, seed=0)
    page = tmp_path / "report.html"
    manifest = {"run_id": "seed-replay", "model": "none (perturbed gold quotes)", "strategy": "gold-replay"}
    page.write_text(
        render_eval_report_html(metrics, run, articles, manifest=manifest, title="Evaluation report: seed-replay"),
        encoding="utf-8",
    )
    check, _ = _selfcheck(tmp_path, page)
    matched = metrics.counts["matched"]
    assert check["confusion_cells"] == 16
    assert check["confusion_sum"] == check["matched"] == matched == sum(len(a.pairs) for a in run.articles)
    assert check["rows"] == {
        "matched": sum(1 for a in run.articles for p in a.pairs if not p.wrong_fields),
        "wrong": sum(1 for a in run.articles for p in a.pairs if p.wrong_fields),
        "missed": metrics.counts["missed"],
        "fp": metrics.counts["false_positives"],
    }
    assert check["scripts"] == 1
    _screenshot(tmp_path, page, "eval-report.png")

    baseline = match_run(gold, predictions_from_records(records), articles)
    comparison = compare_runs(baseline, run, resamples=500)
    page = tmp_path / "compare.html"
    page.write_text(render_comparison_html(comparison), encoding="utf-8")
    check, _ = _selfcheck(tmp_path, page)
    assert check["changes"] == len(comparison.changes) > 0
