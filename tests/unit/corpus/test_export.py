"""``export``: the DuckDB and Parquet stores give back every claim, and the README's queries run on them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import duckdb
import pytest

from claimex.core.errors import InputError
from claimex.core.types import Claim, ErrorRecord, ExtractionResult
from claimex.corpus import Corpus, export_corpus, load_corpus
from tests.unit.corpus.corpus_cases import seed_corpus_records
from tests.unit.view.view_cases import seed_articles

ROOT = Path(__file__).resolve().parents[3]
CLAIM_COLUMNS = (
    "article_id, claim_index, speaker, speaker_mention, speaker_aliases, quote, quote_type, target, target_aliases, "
    'stance, date, date_text, start, "end", alignment, decided_by, speaker_id, target_id'
)


def _claims_back(con: duckdb.DuckDBPyConnection, source: str) -> list[tuple[str, int, Claim, str, str | None]]:
    rows = con.execute(f"SELECT {CLAIM_COLUMNS} FROM {source} ORDER BY article_id, claim_index").fetchall()
    back = []
    for r in rows:
        claim = Claim(
            speaker=r[2],
            speaker_mention=r[3],
            speaker_aliases=tuple(r[4]),
            quote=r[5],
            quote_type=r[6],
            target=r[7],
            target_aliases=tuple(r[8]),
            stance=r[9],
            date=r[10],
            date_text=r[11],
            start=r[12],
            end=r[13],
            alignment=r[14],
            decided_by=dict(r[15]),
        )
        back.append((r[0], r[1], claim, r[16], r[17]))
    return back


def _expected(records: list[ExtractionResult]) -> list[tuple[str, int, Claim]]:
    return sorted(((r.article_id, n, c) for r in records for n, c in enumerate(r.claims)), key=lambda t: t[:2])


@pytest.fixture(scope="module")
def records() -> list[ExtractionResult]:
    return seed_corpus_records()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, records: list[ExtractionResult]) -> tuple[Path, Corpus]:
    folder = tmp_path_factory.mktemp("export")
    failed = ErrorRecord(article_id="broken_article", error_type="InputError", message="empty file")
    corpus = Corpus.from_records([*records, failed])
    summary = export_corpus(corpus, folder / "claims.duckdb", articles=seed_articles())
    assert summary.claims == sum(len(r.claims) for r in records) and summary.errors == 1
    parquet = export_corpus(corpus, folder / "claims.parquet", articles=seed_articles())
    assert {p.name for p in parquet.paths} == {
        "claims.parquet",
        "claims.articles.parquet",
        "claims.entities.parquet",
        "claims.entity_aliases.parquet",
        "claims.entity_links.parquet",
    }
    return folder, corpus


def test_duckdb_claims_table_gives_back_every_claim(
    exported: tuple[Path, Corpus], records: list[ExtractionResult]
) -> None:
    folder, corpus = exported
    with duckdb.connect(str(folder / "claims.duckdb"), read_only=True) as con:
        back = _claims_back(con, "claims")
    expected = _expected(records)
    assert [(a, n, c) for a, n, c, _, _ in back] == expected
    for article_id, _, claim, speaker_id, target_id in back:
        assert speaker_id == corpus.entities.id_of(article_id, claim.speaker) is not None
        assert target_id == corpus.entities.id_of(article_id, claim.target)


def test_parquet_claims_give_back_every_claim(exported: tuple[Path, Corpus], records: list[ExtractionResult]) -> None:
    folder, _ = exported
    back = _claims_back(duckdb.connect(), f"read_parquet('{folder / 'claims.parquet'}')")
    assert [(a, n, c) for a, n, c, _, _ in back] == _expected(records)


def test_articles_entities_and_links_tables(exported: tuple[Path, Corpus], records: list[ExtractionResult]) -> None:
    folder, corpus = exported
    with duckdb.connect(str(folder / "claims.duckdb"), read_only=True) as con:
        articles = dict(con.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall())
        assert articles == {"result": len(records), "error": 1}
        titled = con.execute("SELECT count(*) FROM articles WHERE title IS NOT NULL AND source IS NOT NULL").fetchone()
        assert titled == (len(seed_articles()),)
        strategy = con.execute("SELECT DISTINCT strategy FROM articles WHERE status = 'result'").fetchall()
        assert sorted(s for (s,) in strategy) == ["gold-replay", "rules"]
        assert con.execute("SELECT count(*) FROM entities").fetchone() == (len(corpus.entities),)
        orphans = con.execute(
            "SELECT count(*) FROM claims c LEFT JOIN entities e ON e.entity_id = c.speaker_id WHERE e.entity_id IS NULL"
        ).fetchone()
        assert orphans == (0,)
        links = con.execute("SELECT count(*), count(*) FILTER (WHERE reason = '') FROM entity_links").fetchone()
        assert links == (sum(len(e.links) for e in corpus.entities.entities), 0)
        statements = con.execute("SELECT count(*) FROM statements WHERE speaker_entity IS NULL").fetchone()
        assert statements == (0,)


def _readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Across articles", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.DOTALL)


def test_readme_example_queries_run(exported: tuple[Path, Corpus], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, _ = exported
    queries = _readme_queries()
    assert len(queries) == 5
    monkeypatch.chdir(folder)  # the Parquet example names 'claims.parquet' in the export's folder
    results: list[list[tuple[Any, ...]]] = []
    with duckdb.connect(str(folder / "claims.duckdb"), read_only=True) as con:
        for sql in queries:
            results.append(con.execute(sql).fetchall())
    stance_over_time, threatened, echoes, why, by_stance = results
    assert [(str(month)[:7], stance) for month, stance, _ in stance_over_time] == [
        ("2021-03", "oppose"),
        ("2021-03", "threaten"),
        ("2023-06", "neutral"),
    ]
    assert threatened and {row[1] for row in threatened} and all(row[4] is not None for row in threatened)
    assert echoes and all(row[2] >= 1 for row in echoes)
    assert {rule for _, _, rule, _ in why} >= {"first", "same-name"}
    assert sum(n for _, n in by_stance) == sum(len(r.claims) for r in seed_corpus_records())


def test_export_from_a_file_and_replace(tmp_path: Path, records: list[ExtractionResult]) -> None:
    claims = tmp_path / "claims.jsonl"
    lines = [r.model_dump_json() for r in records[:2]]
    claims.write_text("\n".join([lines[0], "{not json", lines[1], lines[0]]) + "\n", encoding="utf-8")
    corpus = load_corpus(claims)
    assert corpus.articles == 2 and len(corpus.problems) == 1 and ":2:" in corpus.problems[0]
    target = tmp_path / "out" / "c.duckdb"
    export_corpus(corpus, target)
    export_corpus(corpus, target)  # replaced, not appended to
    with duckdb.connect(str(target), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone() == (
            len(records[0].claims) + len(records[1].claims),
        )
    assert sorted(p.name for p in target.parent.iterdir()) == ["c.duckdb"]
    with pytest.raises(InputError):
        export_corpus(corpus, tmp_path / "c.csv")
    with pytest.raises(InputError):
        load_corpus(tmp_path / "missing.jsonl")
