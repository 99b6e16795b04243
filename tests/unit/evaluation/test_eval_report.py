"""Run folders and the Markdown renderers: write a run, read it back, re-score and compare without a model."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest
from eval_cases import DAY, G0, G1, G2, GOLD, TEXT, from_gold, gold_file, pred, result

from claimex.core.errors import InputError
from claimex.core.types import Article, ErrorRecord
from claimex.evaluation.compare import compare_runs
from claimex.evaluation.matching import RunMatch, match_run
from claimex.evaluation.metrics import compute_metrics
from claimex.evaluation.predictions import predictions_from_records
from claimex.evaluation.runs import RunFolder, dataset_hash, git_revision, load_run, new_run_id
from claimex.view import render_comparison, render_report

ARTICLES = {k: Article(id=k, text=TEXT, published=DAY) for k in ("a", "b")}
GOLD_FILES = {"a": gold_file("a", GOLD), "b": gold_file("b", (G0,))}
RECORDS = [
    result(
        "a",
        [
            from_gold(G0),
            from_gold(G1, stance="support"),
            pred("Qais al-Khazali warned", speaker="Qais al-Khazali"),
        ],
    ),
    ErrorRecord(article_id="b", error_type="ProviderError", message="model timed out"),
    result("c", [from_gold(G2)]),
]


def scored() -> tuple[RunMatch, object]:
    run = match_run(GOLD_FILES, predictions_from_records(RECORDS), ARTICLES)
    return run, compute_metrics(run, resamples=100)


def test_report_sections() -> None:
    run = match_run(GOLD_FILES, predictions_from_records(RECORDS), ARTICLES)
    report = render_report(compute_metrics(run, resamples=100), run, title="T")
    assert report.startswith("# T\n")
    assert "2 articles (1 without a result), 4 gold claims, 3 predicted, 2 matched" in report
    # claim P 2/3, R 2/4, F1 4/7 = 0.571
    assert re.search(r"\| Claim detection \(quote matched\) \| precision \| 0\.667 \| \[", report)
    assert "|  | f1 | 0.571 |" in report
    assert "| oppose | 0 | 0 | 1 | 0 |" in report  # gold oppose predicted support
    assert "| a | ok | 3 | 3 | 2 | 1 | 1 |" in report
    assert "| b | error | 1 | 0 | 0 | 1 | 0 |" in report
    assert "- prediction error: model timed out" in report
    assert 'Missed:\n- **Qais al-Khazali**: "the group will not target diplomatic missions"' in report
    assert 'False positives:\n- **Qais al-Khazali**: "Qais al-Khazali warned"' in report
    assert "stance: gold `oppose`, predicted `support`" in report
    assert "unscored (no gold): c" in report


def test_run_folder_round_trip_rescore_and_compare(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path / "runs", "r1")
    folder.write_predictions(RECORDS)
    run = match_run(GOLD_FILES, predictions_from_records(RECORDS), ARTICLES)
    metrics = compute_metrics(run, resamples=100)
    manifest = {"run_id": "r1", "model": "fake", "git_revision": None}
    folder.write_scores(run, metrics)
    folder.write_manifest(manifest)
    assert sorted(p.name for p in folder.path.iterdir()) == [  # the evaluation layer writes JSON only
        "manifest.json",
        "matches.jsonl",
        "metrics.json",
        "predictions.jsonl",
    ]
    loaded = load_run(folder.path)
    assert loaded.manifest == manifest
    assert loaded.matches == run  # matches.jsonl + metrics.json rebuild the match result
    assert loaded.metrics is not None
    assert loaded.metrics["headline"]["claim_f1"]["value"] == metrics.headline["claim_f1"].value
    # re-scoring the stored predictions gives the same numbers without any model
    rescored = compute_metrics(match_run(GOLD_FILES, loaded.predictions, ARTICLES), resamples=100)
    assert rescored == metrics
    # and two stored runs can be compared from their folders alone
    assert compare_runs(loaded.matches, run, resamples=50).changes == ()
    text = render_comparison(compare_runs(loaded.matches, run, resamples=50))
    assert "| claim_f1 | 0.571 | 0.571 | +0.000 |" in text


def test_run_folder_is_never_overwritten(tmp_path: Path) -> None:
    RunFolder.create(tmp_path, "r1")
    with pytest.raises(InputError, match="already exists"):
        RunFolder.create(tmp_path, "r1")


def test_load_run_needs_predictions(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a run folder"):
        load_run(tmp_path)


def test_comparison_lists_changed_claims() -> None:
    run_a = match_run(GOLD_FILES, predictions_from_records(RECORDS), ARTICLES)
    fixed = [result("a", [from_gold(g) for g in GOLD]), result("b", [from_gold(G0)])]
    run_b = match_run(GOLD_FILES, predictions_from_records(fixed), ARTICLES)
    text = render_comparison(compare_runs(run_a, run_b, resamples=50))
    assert "| a | 1 | State Department | rejects these threats | wrong stance | correct |" in text
    assert "| b | 0 | Qais al-Khazali | Expect an earth-shaking response. | missed | correct |" in text
    assert "| a | FP | Qais al-Khazali | qais al-khazali warned | false positive | absent |" in text


def test_dataset_hash_tracks_gold_and_articles(tmp_path: Path) -> None:
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "a.json").write_text(json.dumps({"article_id": "a", "claims": []}))
    arts = list(ARTICLES.values())
    h = dataset_hash(gold_dir, arts)
    assert h == dataset_hash(gold_dir, reversed(arts)) and len(h) == 64
    assert h != dataset_hash(gold_dir, [arts[0]])
    assert h != dataset_hash(gold_dir, [arts[0].model_copy(update={"text": "x"}), arts[1]])
    (gold_dir / "a.json").write_text(json.dumps({"article_id": "a", "claims": [], "published": None}))
    assert h != dataset_hash(gold_dir, arts)


def test_git_revision(tmp_path: Path) -> None:
    assert git_revision(tmp_path) is None
    here = git_revision(Path(__file__).parent)
    if shutil.which("git") and here is not None:
        assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", here)


def test_new_run_id() -> None:
    now = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert new_run_id(now=now) == "20250102T030405Z"
    assert new_run_id("gemma 270m / v1", now=now) == "20250102T030405Z-gemma-270m-v1"
