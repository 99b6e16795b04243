"""``claimex calibrate``: thin over :func:`claimex.evaluation.calibrate.calibrate`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from claimex.cli.app import app, fail
from claimex.cli.evaluate import ArticlesOpt, GoldOpt
from claimex.cli.logs import configure_logging, protect_secrets
from claimex.cli.options import VerboseOpt, build_settings, extraction_options
from claimex.core.errors import ClaimexError

console = Console(stderr=True)


def _show(profile: Any) -> None:
    table = Table(title=f"routing for {profile.model.label()} (model − rules, {profile.confidence:.0%} paired CI)")
    for column in ("field", "rules", "model", "delta", "CI", "decision"):
        table.add_column(column)
    for name, e in profile.evidence.items():

        def num(v: float | None) -> str:
            return "n/a" if v is None else f"{v:.3f}"

        ci = "" if e.low is None or e.high is None else f"[{e.low:+.3f}, {e.high:+.3f}]"
        table.add_row(name, num(e.rules), num(e.model), num(e.delta), ci, e.decision)
    console.print(table)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  claimex calibrate --model-path ~/models/qwen2.5-1.5b-instruct-q4_k_m.gguf --threads 1\n\n"
        "  claimex calibrate --backend openai --base-url http://localhost:8000/v1 --model Qwen2.5-7B\n\n"
        "  claimex calibrate --gold evals/gold/dev --articles evals/datasets/dev/texts -o routing/dev.json"
    )
)
@extraction_options
def calibrate(
    extraction: dict[str, Any],
    gold: GoldOpt = Path("evals/gold/seeds"),
    articles: ArticlesOpt = ["seeds"],  # noqa: B006 - typer needs a literal default
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Profile file (default: <routing-dir>/<backend>-<model>.routing.json)."),
    ] = None,
    resamples: Annotated[int, typer.Option("--resamples", help="Bootstrap resamples.")] = 1000,
    debias: Annotated[
        str,
        typer.Option(
            "--debias",
            help="Stance bias controls to try, comma-separated (none, shuffle, calibrate); the best measured is kept.",
        ),
    ] = "none,shuffle,calibrate",
    verbose: VerboseOpt = 0,
) -> None:
    """Measure the configured model against the rules on gold, field by field, and write its routing profile.

    [bold]auto[/] then lets the model decide only the fields where it beat the rules with a
    paired 95% interval above zero. Runs go through the cache: a re-run costs no model call.
    """
    from claimex.evaluation.calibrate import calibrate as run_calibration
    from claimex.pipeline.routing import profile_filename, save_profile

    configure_logging(verbose, quiet=False)
    try:
        settings = build_settings(extraction)
        protect_secrets(settings)
        modes = [m.strip() for m in debias.split(",") if m.strip()]
        unknown = sorted(set(modes) - {"none", "shuffle", "calibrate"})
        if unknown or not modes:
            raise fail(
                f"--debias: unknown mode(s) {', '.join(unknown) or '(none given)'}; use none, shuffle, calibrate"
            )
        result = run_calibration(
            settings, gold_dir=gold, article_specs=articles, resamples=resamples, debias_modes=modes
        )
        profile = result.profile
        path = output or settings.routing_dir / profile_filename(profile.model)
        save_profile(profile, path)
    except ClaimexError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot write {exc.filename}: {exc.strerror}") from None
    _show(profile)
    if len(profile.alternatives) > 1:
        tried = ", ".join(
            f"{mode} {e.delta:+.3f}" if e.delta is not None else f"{mode} n/a"
            for mode, e in profile.alternatives.items()
        )
        console.print(f"stance Δ by bias control: {tried}; best: {profile.stance_debias}")
    if profile.model_errors:
        console.print(f"[yellow]{profile.model_errors} article(s) failed in the model run (scored as missed)[/]")
    typer.echo(str(path))
