"""The stance as a lettered choice scored by log-probability, with the bias controls of ``prompting.labels``.

Used by the hybrid strategy when ``Settings.stance_debias`` is ``shuffle`` (per-call
shuffled options, letter mapped back) or ``calibrate`` (also divided by the model's
prior for a content-free statement). A model whose next token is no option letter
gives no stance, and the rules' stance stands.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from claimex.clients.base import ModelClient, ModelRequest
from claimex.core.settings import Settings
from claimex.core.types import Claim, Stance, Usage
from claimex.prompting.labels import CONTENT_FREE, Option, best_label, calibrate, label_probabilities, shuffled_options
from claimex.prompting.registry import PromptRegistry
from claimex.prompting.response_schema import NextTokenV1, schema_sha256

PROMPT = "stance_choice@v1"
# The definitions stance_target@v2 gives, one per option (shown in a shuffled order).
DEFINITIONS = {
    "threaten": "warns of or promises violence or retaliation",
    "oppose": "criticises, condemns, blames, accuses or demands",
    "support": "praises, defends, endorses",
    "neutral": "no position",
}


class StanceChooser:
    """Asks the lettered stance question through the usual (cached, retried) client."""

    def __init__(self, client: Callable[[], ModelClient], registry: PromptRegistry, settings: Settings) -> None:
        self._client = client
        self._prompt = registry.get(PROMPT)
        self._params = {**settings.generation_params(), "top_logprobs": 20}

    def _scores(
        self, article: str, speaker: str, quote: str, options: tuple[Option, ...]
    ) -> tuple[dict[str, float] | None, Usage]:
        messages = self._prompt.render(
            article=article, speaker=speaker, quote=quote, options=[asdict(o) for o in options]
        )
        request = ModelRequest(
            messages=tuple(messages),
            response_model=NextTokenV1,
            prompt_ref=self._prompt.ref,
            prompt_sha256=self._prompt.sha256,
            schema_name=self._prompt.response_schema,
            schema_sha256=schema_sha256(NextTokenV1),
            params=self._params,
        )
        response = self._client().complete(request)
        value = response.value
        assert isinstance(value, NextTokenV1)
        return label_probabilities(value.top, options), response.usage

    def ask(self, article: str, claim: Claim, mode: str) -> tuple[Stance | None, Usage]:
        """The model's stance for ``claim`` under ``mode`` (shuffle | calibrate), and the tokens it cost."""
        options = shuffled_options(DEFINITIONS, key=f"{claim.speaker}\0{claim.quote}")
        probabilities, usage = self._scores(article, claim.speaker, claim.quote, options)
        if probabilities is None:
            return None, usage
        if mode == "calibrate":
            # the same options in the same order, with nothing to judge: what the model says by default
            prior, prior_usage = self._scores(CONTENT_FREE, CONTENT_FREE, CONTENT_FREE, options)
            usage = usage + prior_usage
            probabilities = calibrate(probabilities, prior)
        best = best_label(probabilities)
        return (Stance(best) if best else None), usage


__all__ = ["DEFINITIONS", "PROMPT", "StanceChooser"]
