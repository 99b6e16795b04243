"""``claimex export`` and ``claimex report``: a claims file as a corpus (thin over ``claimex.corpus``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from claimex.cli.app import app, err_console, fail
from claimex.core.errors import ClaimexError

if TYPE_CHECKING:
    from claimex.core.types import Article
    from claimex.corpus import Corpus

ArticlesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--articles", "-a", help="The articles the records came from: adds titles, sources and links (optional)."
    ),
]
AliasesOpt = Annotated[
    Path | None,
    typer.Option("--aliases", help="An alias table (JSON or YAML) added to the built-in one for entity linking."),
]


def _load(claims: Path, articles: list[str] | None, aliases: Path | None) -> tuple[Corpus, dict[str, Article]]:
    from claimex.attribution import AliasTable
    from claimex.corpus import load_corpus, load_corpus_articles

    table = AliasTable.default().merged(AliasTable.from_file(aliases)) if aliases else None
    corpus = load_corpus(claims, alias_table=table)
    for problem in corpus.problems[:20]:
        err_console.print(f"[yellow]warning:[/] {problem}", highlight=False)
    texts, problems = load_corpus_articles(corpus, articles) if articles else ({}, [])
    for problem in problems[:20]:
        err_console.print(f"[yellow]warning:[/] {problem}", highlight=False)
    return corpus, texts


@app.command(
    epilog=(
        "Examples:\n\n  claimex export claims.jsonl --to claims.duckdb\n\n"
        "  claimex export claims.jsonl --to out/claims.parquet --articles seeds/"
    )
)
def export(
    claims: Annotated[Path, typer.Argument(help="JSONL written by claimex extract.")],
    to: Annotated[
        Path,
        typer.Option(
            "--to", help="A .duckdb file, or a .parquet file (other tables beside it as <stem>.<table>.parquet)."
        ),
    ],
    articles: ArticlesOpt = None,
    aliases: AliasesOpt = None,
) -> None:
    """Write the claims, articles and linked entities to DuckDB or Parquet, ready for SQL."""
    from claimex.corpus import export_corpus

    try:
        corpus, texts = _load(claims, articles, aliases)
        summary = export_corpus(corpus, to, articles=texts)
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    err_console.print(
        f"wrote {', '.join(str(p) for p in summary.paths)}: {summary.articles} articles, {summary.claims} claims, "
        f"{summary.entities} entities, {summary.errors} error records ({summary.seconds:.1f} s)",
        highlight=False,
    )


@app.command(epilog="Example:\n\n  claimex report claims.jsonl -o corpus.html --articles seeds/")
def report(
    claims: Annotated[Path, typer.Argument(help="JSONL written by claimex extract.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("corpus.html"),
    articles: ArticlesOpt = None,
    aliases: AliasesOpt = None,
    title: Annotated[str | None, typer.Option(help="Page title.")] = None,
    max_nodes: Annotated[int, typer.Option(help="Most active entities drawn in the network.", min=1)] = 250,
) -> None:
    """Write a self-contained HTML page: who speaks about whom, stance over time, with filters."""
    from claimex.corpus import write_report

    try:
        corpus, texts = _load(claims, articles, aliases)
        summary = write_report(corpus, output, articles=texts, title=title, max_nodes=max_nodes)
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    err_console.print(
        f"wrote {summary.path}: {summary.articles} articles, {summary.claims} claims, {summary.entities} entities, "
        f"{summary.pairs} speaker → target pairs ({summary.seconds:.1f} s)",
        highlight=False,
    )
