"""render_eval_report_html / render_comparison_html and the writers the CLI calls."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from view_cases import MARK, perturbed_records, seed_articles, seed_gold, seed_records

import claimex.view
from claimex.core.errors import InputError
from claimex.core.types import ErrorRecord, Stance
from claimex.evaluation import (
    METRICS,
    RunFolder,
    compare_runs,
    compute_metrics,
    match_run,
    predictions_from_records,
)
from claimex.view import (
    render_comparison_html,
    render_eval_report_html,
    verdict_rows,
    write_claims_page,
    write_comparison_html,
    write_run_report_html,
)


def _run(records):  # type: ignore[no-untyped-def]
    run = match_run(seed_gold(), predictions_from_records(records), seed_articles())
    return run, compute_metrics(run, resamples=200, seed=1)


def _confusion(html: str) -> list[int]:
    table = re.search(r'<table id="confusion">(.*?)</table>', html, flags=re.DOTALL)
    assert table is not None
    return [int(n) for n in re.findall(r'<td[^>]*data-count="(\d+)"', table.group(1))]


def test_public_api_is_pinned() -> None:
    assert sorted(claimex.view.__all__) == sorted(
        [
            "REPORT_HTML",
            "ClaimsPageSummary",
            "highlight_span",
            "render_claims_page",
            "render_comparison_html",
            "render_eval_report_html",
            "verdict_rows",
            "write_claims_page",
            "write_comparison_html",
            "write_run_report_html",
            "render_comparison",
            "render_report",
            "write_run_reports",
        ]
    )


def test_report_confusion_cells_sum_to_matched_claims() -> None:
    run, metrics = _run(perturbed_records())
    html = render_eval_report_html(metrics, run, seed_articles())
    cells = _confusion(html)
    assert len(cells) == len(Stance) ** 2
    assert sum(cells) == metrics.counts["matched"] == sum(len(a.pairs) for a in run.articles)
    assert f'data-matched="{metrics.counts["matched"]}"' in html
    # The same page from a loaded metrics.json dict.
    assert _confusion(render_eval_report_html(metrics.model_dump(mode="json"), run)) == cells


def test_report_shows_every_verdict_side_by_side() -> None:
    run, metrics = _run(perturbed_records())
    html = render_eval_report_html(metrics, run, seed_articles(), manifest={"model": "tiny", "run_id": "r1"})
    rows = [v for a in run.articles for v, *_ in verdict_rows(a)]
    for verdict in ("matched", "wrong", "missed", "fp"):
        assert html.count(f'data-v="{verdict}"') == rows.count(verdict) > 0
    assert rows.count("missed") == metrics.counts["missed"]
    assert rows.count("fp") == metrics.counts["false_positives"]
    assert rows.count("wrong") == sum(1 for a in run.articles for p in a.pairs if p.wrong_fields)
    # The wrong field is marked on both sides: expected on gold, wrong on the prediction.
    assert 'class="chip stance-support f bad"' in html or 'class="chip stance-neutral f bad"' in html
    assert "Somebody Else" in html and 'class="who f bad"' in html and 'class="who f exp"' in html
    assert "tiny" in html and "r1" in html
    assert "95% CI [" in html
    assert MARK not in html


def test_report_escapes_and_handles_failed_articles() -> None:
    records = list(seed_records())
    bad = records[0].claims[0].model_copy(update={"speaker": "<script>alert(1)</script>"})
    records[0] = records[0].model_copy(update={"claims": (bad, *records[0].claims[1:])})
    records[1] = ErrorRecord(article_id=records[1].article_id, error_type="ProviderError", message="<b>down</b>")
    run, metrics = _run(records)
    html = render_eval_report_html(metrics, run)
    assert "<script>alert" not in html and html.count("<script") == 1
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;down&lt;/b&gt;" in html
    assert "status-error" in html


def test_comparison_page() -> None:
    run_a, _ = _run(seed_records())
    run_b, _ = _run(perturbed_records())
    comparison = compare_runs(run_a, run_b, resamples=200)
    html = render_comparison_html(comparison, title="a vs b")
    assert html.count('<tr class="change') == len(comparison.changes) > 0
    assert html.count('<tr class="change worse"') > 0
    for name in METRICS:
        assert f"<td>{name}</td>" in html
    assert "−" in html or "-0." in html
    assert "a vs b" in html and html.count("<script") == 1


def test_write_claims_page(tmp_path: Path) -> None:
    records = seed_records()
    lines = [r.model_dump_json() for r in records]
    lines.insert(2, "{not json")
    lines.append(ErrorRecord(article_id="gone", error_type="InputError", message="unreadable").model_dump_json())
    predictions = tmp_path / "claims.jsonl"
    predictions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "sub" / "view.html"
    summary = write_claims_page(predictions, [str(Path(__file__).resolve().parents[3] / "seeds")], out)
    html = out.read_text(encoding="utf-8")
    total = sum(len(r.claims) for r in records)
    assert html.count(MARK) == summary.highlighted == total == summary.claims
    assert summary.articles == len(records) and summary.errors == 1 and summary.path == out
    assert any("malformed JSON" in p for p in summary.problems)
    assert "malformed JSON" in html and "unreadable" in html


def test_write_run_report_html(tmp_path: Path) -> None:
    records = perturbed_records()
    run, metrics = _run(records)
    folder = RunFolder.create(tmp_path, "r1")
    folder.write_predictions(records)
    with pytest.raises(InputError, match="not scored"):
        write_run_report_html(folder.path, seed_articles())
    folder.write_scores(run, metrics)
    folder.write_manifest({"run_id": "r1", "model": "tiny-model"})
    path = write_run_report_html(folder.path, seed_articles())
    assert path == folder.path / "report.html" and path.is_file()
    html = path.read_text(encoding="utf-8")
    assert sum(_confusion(html)) == json.loads((folder.path / "metrics.json").read_text())["counts"]["matched"]
    assert "tiny-model" in html and "Evaluation report: r1" in html


def test_write_comparison_html(tmp_path: Path) -> None:
    run, _ = _run(seed_records())
    out = write_comparison_html(compare_runs(run, run, resamples=0), tmp_path / "cmp.html")
    html = out.read_text(encoding="utf-8")
    assert "No claim changed verdict." in html and "+0.000" in html
