"""``claimex export`` and ``claimex report`` end to end, on what the rules extractor makes of the seeds."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from claimex.core.types import ExtractionResult
from claimex.corpus import load_corpus
from tests.integration.conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "claims.jsonl"
    run_cli("extract", str(ROOT / "seeds"), "-o", str(out), "--strategy", "rules", "--quiet", check=True)
    return out


def _results(path: Path) -> list[ExtractionResult]:
    return [ExtractionResult.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_rules_output_links_the_leader_across_articles(claims: Path) -> None:
    records = _results(claims)
    corpus = load_corpus(claims)
    first = next(r for r in records if r.claims)
    leader_id = corpus.entities.id_of(first.article_id, first.claims[0].speaker)
    leader = corpus.entities.get(leader_id or "")
    assert leader is not None and leader.type == "person"
    spellings = {
        form
        for r in records
        for c in r.claims
        if corpus.entities.id_of(r.article_id, c.speaker) == leader.id
        for form in (c.speaker, *c.speaker_aliases)
    }
    assert leader.articles >= 4 and len(spellings) >= 4, spellings
    assert all(link.reason for link in leader.links)
    assert any(link.rule == "spelling" for e in corpus.entities.entities for link in e.links)


def test_export_and_report_commands(claims: Path, tmp_path: Path) -> None:
    db = tmp_path / "claims.duckdb"
    done = run_cli("export", str(claims), "--to", str(db), check=True)
    assert "entities" in done.stderr
    total = sum(len(r.claims) for r in _results(claims))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (total,)
        assert con.execute("SELECT count(*) FROM articles WHERE title IS NULL").fetchone() == (5,)
    run_cli(
        "export", str(claims), "--to", str(tmp_path / "p" / "claims.parquet"), "-a", str(ROOT / "seeds"), check=True
    )
    assert duckdb.sql(f"SELECT count(*) FROM '{tmp_path / 'p' / 'claims.parquet'}'").fetchall() == [(total,)]
    page = tmp_path / "corpus.html"
    run_cli("report", str(claims), "-o", str(page), "--articles", str(ROOT / "seeds"), check=True)
    html = page.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and 'src="http' not in html and "<script src" not in html
    bad = run_cli("export", str(claims), "--to", str(tmp_path / "claims.csv"))
    assert bad.returncode == 2 and ".duckdb or .parquet" in bad.stderr
    missing = run_cli("report", str(tmp_path / "none.jsonl"), "-o", str(page))
    assert missing.returncode == 2 and "no such claims file" in missing.stderr
