"""Reading predictions JSONL, and the package's public surface."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval_cases import G0, from_gold, result

import claimex.evaluation as evaluation
from claimex.core.errors import InputError
from claimex.core.types import ErrorRecord
from claimex.evaluation.predictions import read_predictions


def test_reads_results_errors_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    lines = [
        result("a", [from_gold(G0)]).model_dump_json(),
        ErrorRecord(article_id="b", error_type="InputError", message="bad").model_dump_json(),
        "",
        "{not json",
        '{"kind": "other"}',
        '{"kind": "result", "article_id": "c"}',
        "[1, 2]",
    ]
    path.write_text("\n".join(lines) + "\n")
    preds = read_predictions(path)
    assert list(preds.results) == ["a"] and list(preds.errors) == ["b"]
    assert preds.claims("a")[0].quote == G0.quote and preds.claims("zz") == ()
    assert (preds.status("a"), preds.status("b"), preds.status("zz")) == ("ok", "error", "missing")
    assert [str(p) for p in preds.problems] == [
        f"{path}:4: malformed JSON (Expecting property name enclosed in double quotes, column 2)",
        f"{path}:5: 'kind' must be 'result' or 'error', got 'other'",
        f"{path}:6: not a valid result record: article_sha256: Field required",
        f"{path}:7: expected a JSON object, got list",
    ]
    with pytest.raises(InputError, match=r"p\.jsonl:4: malformed JSON"):
        read_predictions(path, strict=True)


def test_later_result_replaces_error(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text(
        ErrorRecord(article_id="a", error_type="X", message="m").model_dump_json()
        + "\n"
        + result("a", []).model_dump_json()
        + "\n"
        + result("a", [from_gold(G0)]).model_dump_json()
        + "\n"
    )
    preds = read_predictions(path)
    assert preds.status("a") == "ok" and len(preds.claims("a")) == 1 and preds.errors == {}
    assert preds.warnings == [f"{path}:3: a later result replaces the earlier one for a"]


def test_missing_file() -> None:
    with pytest.raises(InputError, match="no such predictions file"):
        read_predictions("/nonexistent/p.jsonl")


def test_public_api_is_pinned() -> None:
    assert sorted(evaluation.__all__) == sorted(
        name
        for name in dir(evaluation)
        if not name.startswith("_")
        and name
        not in {
            "gold",
            "matching",
            "metrics",
            "predictions",
            "runner",
            "runs",
            "standoff",
            "compare",
            "thresholds",
            "similarity",
            "calibrate",  # claimex.evaluation.calibrate: imports the pipeline, so not re-exported here
        }
    )
    assert {
        "check_gold",
        "load_gold_dir",
        "read_predictions",
        "match_run",
        "compute_metrics",
        "compare_runs",
        "check_thresholds",
        "RunFolder",
        "load_run",
        "dataset_hash",
        "git_revision",
    } <= set(evaluation.__all__)
