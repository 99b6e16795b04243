"""Extraction strategies: how the rules layer and the model share the work.

- ``rules``: the deterministic attribution layer alone; no model is started.
- ``llm``: one model call per article chunk extracts claims freely; the rules layer
  only canonicalises names and resolves dates afterwards. Best with strong models.
- ``union``: the rules' claims plus the ``llm`` claims whose grounded span no rules claim
  covers: each side's recall adds up, and where both found a statement the rules' stands.
- ``hybrid``: the rules find statements, speakers, dates and candidate targets; the
  model only picks the target among the candidates (an enum in the JSON schema, so
  constrained decoding cannot invent one) and the stance. Invalid output or an
  abstention leaves the rules' answer standing. The article comes first and the
  question last so llama.cpp reuses the article's prefix across one article's calls.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from claimex.attribution import Attribution, Proposal, analyse, canonicalise_speaker, resolve_date, stance_evidence
from claimex.clients.base import ModelClient, ModelRequest
from claimex.core.errors import ClaimexError, ConfigError, OutputValidationError
from claimex.core.grounding import ArticleIndex
from claimex.core.settings import Settings
from claimex.core.types import AlignmentStatus, Article, Claim, QuoteType, Stance, Usage
from claimex.pipeline.chunking import Chunk, split_into_chunks
from claimex.pipeline.stance_choice import StanceChooser
from claimex.prompting.registry import Prompt, PromptRegistry
from claimex.prompting.response_schema import (
    NO_TARGET,
    ClaimsV1,
    ModelClaim,
    constrained_stance_target,
    get_schema,
    schema_sha256,
)

log = logging.getLogger(__name__)


@dataclass
class StrategyContext:
    settings: Settings
    registry: PromptRegistry
    client: Callable[[], ModelClient]  # lazy: the rules strategy never starts a model


@dataclass
class StrategyOutput:
    claims: list[Claim]
    usage: Usage = field(default_factory=Usage)
    warnings: list[str] = field(default_factory=list)
    index: ArticleIndex | None = None  # the folded article, reused by grounding
    degraded: int = 0  # model answers that were invalid, where the rules' answer was kept


class Strategy(Protocol):
    name: str
    prompt_ref: str | None

    def run(self, article: Article, ctx: StrategyContext) -> StrategyOutput: ...

    def plan(self, article: Article, ctx: StrategyContext) -> list[ModelRequest]:
        """The model requests :meth:`run` will make for ``article``, without making them.

        A batch engine (the OpenAI Batch API) sends these ahead, then runs :meth:`run`
        against the answers: one builder for both paths, so the requests are the same.
        (Follow-up questions that depend on an answer, such as a second ``llm`` pass or a
        debiased stance, are not planned: the batch engine refuses those settings.)
        """
        ...


def _request(prompt: Prompt, messages: list[dict[str, str]], settings: Settings, schema_name: str) -> ModelRequest:
    base_schema = get_schema(schema_name)
    return ModelRequest(
        messages=tuple(messages),
        response_model=base_schema,
        prompt_ref=prompt.ref,
        prompt_sha256=prompt.sha256,
        schema_name=schema_name,
        schema_sha256=schema_sha256(base_schema),
        params=settings.generation_params(),
    )


class RulesStrategy:
    name = "rules"
    prompt_ref: str | None = None

    def run(self, article: Article, ctx: StrategyContext) -> StrategyOutput:
        attribution = analyse(article)
        return StrategyOutput(claims=[p.claim for p in attribution.proposals])

    def plan(self, article: Article, ctx: StrategyContext) -> list[ModelRequest]:
        return []


def _chunk_of(chunks: list[Chunk], offset: int | None) -> Chunk:
    if offset is None:
        return chunks[0]
    for chunk in chunks:
        if chunk.start <= offset < chunk.start + len(chunk.text):
            return chunk
    return chunks[-1]


def _overlaps(claim: Claim, spans: list[tuple[int, int]]) -> bool:
    if claim.start is None or claim.end is None:
        return False
    return any(claim.start < end and start < claim.end for start, end in spans)


class LlmStrategy:
    name = "llm"

    def __init__(self, prompt_ref: str = "claims@v3") -> None:
        self.prompt_ref: str | None = prompt_ref

    def run(self, article: Article, ctx: StrategyContext) -> StrategyOutput:
        prompt = ctx.registry.get(self.prompt_ref or "claims")
        attribution = analyse(article)
        index = ArticleIndex(article.text)
        output = StrategyOutput(claims=[], index=index)
        # a second pass needs a prompt that can be told what was found (claims@v3 on)
        passes = ctx.settings.llm_passes if "found" in prompt.user else 1
        for chunk in split_into_chunks(article.text, ctx.settings.chunk_chars):
            kept: list[Claim] = []
            for _ in range(passes):
                found = [c.quote for c in kept]
                response = ctx.client().complete(self._chunk_request(article, chunk, prompt, ctx.settings, found))
                output.usage = output.usage + response.usage
                answer = response.value
                assert isinstance(answer, ClaimsV1)
                spans = [(c.start, c.end) for c in kept if c.start is not None and c.end is not None]
                new = [self._to_claim(item, article, attribution, index, chunk, ctx.settings) for item in answer.claims]
                # a later pass adds only statements no earlier claim covers (merged by span, as for recall)
                added = [c for c in new if c is not None and not _overlaps(c, spans)]
                kept += added
                if not added:
                    break  # nothing new: a further pass would ask the same question again
            output.claims += kept
        return output

    def plan(self, article: Article, ctx: StrategyContext) -> list[ModelRequest]:
        """Each chunk's first-pass question (later passes depend on its answer)."""
        prompt = ctx.registry.get(self.prompt_ref or "claims")
        chunks = split_into_chunks(article.text, ctx.settings.chunk_chars)
        return [self._chunk_request(article, chunk, prompt, ctx.settings, []) for chunk in chunks]

    @staticmethod
    def _chunk_request(
        article: Article, chunk: Chunk, prompt: Prompt, settings: Settings, found: list[str]
    ) -> ModelRequest:
        published = article.published.isoformat() if article.published else None
        messages = prompt.render(article=chunk.text, published=published, found=found)
        return _request(prompt, messages, settings, prompt.response_schema)

    @staticmethod
    def _to_claim(
        item: ModelClaim,
        article: Article,
        attribution: Attribution,
        index: ArticleIndex,
        chunk: Chunk,
        settings: Settings,
    ) -> Claim | None:
        if not item.speaker.strip() or not item.quote.strip():
            return None
        speaker, aliases = canonicalise_speaker(item.speaker.strip(), attribution)
        location = index.locate(item.quote, fuzzy_threshold=settings.fuzzy_threshold, near=chunk.start)
        target = item.target.strip() if item.target and item.target.strip() else None
        target_aliases: tuple[str, ...] = ()
        if target is not None:
            target, target_aliases = canonicalise_speaker(target, attribution)
        return Claim(
            speaker=speaker,
            speaker_mention=item.speaker.strip(),
            speaker_aliases=aliases,
            quote=article.text[location.start : location.end] if location.start is not None else item.quote,
            quote_type=QuoteType(item.quote_type),
            target=target,
            target_aliases=target_aliases,
            stance=Stance(item.stance),
            date=resolve_date(item.when, article.published) if item.when else None,
            date_text=item.when,
            start=location.start,
            end=location.end,
            alignment=location.status,
            decided_by={f: "model" for f in ("speaker", "quote", "quote_type", "target", "stance", "date")},
        )


@dataclass(frozen=True)
class _Answer:
    target: object
    stance: str | None


class HybridStrategy:
    name = "hybrid"

    def __init__(
        self, prompt_ref: str = "stance_target@v2", model_fields: frozenset[str] = frozenset({"stance", "target"})
    ) -> None:
        self.prompt_ref: str | None = prompt_ref
        self.model_fields = model_fields  # what a routing profile lets the model decide; the rest stays the rules'
        self._chooser: StanceChooser | None = None

    def run(self, article: Article, ctx: StrategyContext) -> StrategyOutput:
        prompt = ctx.registry.get(self.prompt_ref or "stance_target")
        attribution = analyse(article)
        chunks = split_into_chunks(article.text, ctx.settings.chunk_chars)
        output = StrategyOutput(claims=[])
        for proposal in attribution.proposals:
            claim = proposal.claim
            request = self._request(proposal, chunks, prompt, ctx.settings)
            if request is None:
                output.claims.append(claim)
                continue
            try:
                response = ctx.client().complete(request)
            except OutputValidationError as exc:
                output.warnings.append(f"model answer invalid for a claim by {claim.speaker}; rules kept ({exc})")
                output.claims.append(claim)
                output.usage = output.usage + (exc.usage or Usage(model_calls=1))  # asked, answered badly
                output.degraded += 1
                continue
            output.usage = output.usage + response.usage
            answer: object = response.value
            if ctx.settings.stance_debias != "none" and "stance" in self.model_fields:
                answer, extra = self._debiased(ctx, _chunk_of(chunks, claim.start).text, claim, answer)
                output.usage = output.usage + extra
            claim, unsupported = self._apply(claim, answer, attribution, proposal.cue, self.model_fields)
            if unsupported:
                output.warnings.append(
                    f"model stance {unsupported!r} for a claim by {claim.speaker} has no cue in the statement; "
                    "rules kept"
                )
            output.claims.append(claim)
        return output

    def plan(self, article: Article, ctx: StrategyContext) -> list[ModelRequest]:
        prompt = ctx.registry.get(self.prompt_ref or "stance_target")
        chunks = split_into_chunks(article.text, ctx.settings.chunk_chars)
        requests = (self._request(p, chunks, prompt, ctx.settings) for p in analyse(article).proposals)
        return [request for request in requests if request is not None]

    @staticmethod
    def _request(proposal: Proposal, chunks: list[Chunk], prompt: Prompt, settings: Settings) -> ModelRequest | None:
        """The question about one statement, or None when the rules found no candidate target."""
        claim = proposal.claim
        candidates = list(dict.fromkeys(proposal.target_candidates))
        if not candidates:
            return None
        chunk = _chunk_of(chunks, claim.start)
        messages = prompt.render(
            article=chunk.text,
            speaker=claim.speaker,
            quote=claim.quote,
            context=proposal.context,
            candidates=candidates,
        )
        request = _request(prompt, messages, settings, prompt.response_schema)
        return replace(
            request,
            response_model=constrained_stance_target(candidates),
            params={**request.params, "max_tokens": 64},
        )

    def _debiased(self, ctx: StrategyContext, article: str, claim: Claim, answer: object) -> tuple[object, Usage]:
        """The schema answer's target with the stance from the lettered, debiased question (None: rules kept)."""
        if self._chooser is None:
            self._chooser = StanceChooser(ctx.client, ctx.registry, ctx.settings)
        stance, usage = self._chooser.ask(article, claim, ctx.settings.stance_debias)
        return _Answer(target=getattr(answer, "target", None), stance=stance.value if stance else None), usage

    @staticmethod
    def _apply(
        claim: Claim,
        answer: object,
        attribution: Attribution,
        cue: str | None,
        fields: frozenset[str] = frozenset({"stance", "target"}),
    ) -> tuple[Claim, str | None]:
        """The model's target and stance, where the statement supports them; else the rules' answer.

        A stance is taken only when the rules' lexicon finds a cue for it in the statement
        itself (or it agrees with the rules): an instruction planted in the article
        ("answer support") cannot turn a threat into praise.
        """
        target_value = getattr(answer, "target", None)
        target = getattr(target_value, "value", target_value)
        stance = getattr(answer, "stance", None)
        update: dict[str, object] = {}
        decided = dict(claim.decided_by)
        unsupported: str | None = None
        if "target" in fields and isinstance(target, str) and target != NO_TARGET:
            update["target"] = target
            update["target_aliases"] = attribution.entities.get(target, ())
            decided["target"] = "model"
        if "stance" in fields and isinstance(stance, str):
            if Stance(stance) == claim.stance or Stance(stance) in stance_evidence(claim.quote, cue):
                update["stance"] = Stance(stance)
                decided["stance"] = "model"
            else:
                unsupported = stance
        update["decided_by"] = decided
        return claim.model_copy(update=update), unsupported


class UnionStrategy:
    """The rules' claims plus the model's (``llm``) claims that the rules missed, merged by grounded span.

    Where both found a statement (their spans overlap) the rules' claim stands: they
    measured better on every field. The model adds only statements the rules did not
    find, and only those whose quote is in the article, so each side's recall adds up
    and nothing is invented. A model pass that fails leaves the rules' claims, counted as
    degraded (redone on resume), never an empty result.
    """

    name = "union"

    def __init__(self, prompt_ref: str = "claims@v3") -> None:
        self.prompt_ref: str | None = prompt_ref
        self._llm = LlmStrategy(prompt_ref)

    def run(self, article: Article, ctx: StrategyContext) -> StrategyOutput:
        rules = [p.claim for p in analyse(article).proposals]
        spans = [(c.start, c.end) for c in rules if c.start is not None and c.end is not None]
        try:
            model = self._llm.run(article, ctx)
        except ClaimexError as exc:
            usage = exc.usage or Usage(model_calls=1)
            warning = f"model pass failed ({type(exc).__name__}: {exc}); the rules' claims kept"
            return StrategyOutput(claims=rules, usage=usage, warnings=[warning], degraded=1)
        added = [
            c
            for c in model.claims
            if c.alignment is not AlignmentStatus.NONE and c.start is not None and not _overlaps(c, spans)
        ]
        return StrategyOutput(claims=[*rules, *added], usage=model.usage, warnings=model.warnings, index=model.index)

    def plan(self, article: Article, ctx: StrategyContext) -> list[ModelRequest]:
        return self._llm.plan(article, ctx)


STRATEGIES: dict[str, Callable[[], Strategy]] = {
    "rules": RulesStrategy,
    "llm": LlmStrategy,
    "hybrid": HybridStrategy,
    "union": UnionStrategy,
}


def resolve_strategy_name(settings: Settings) -> str:
    """The strategy ``auto`` resolves to, by the configured model's routing profile (``pipeline.routing``)."""
    from claimex.pipeline.routing import resolve_route

    return resolve_route(settings).strategy


def get_strategy(name: str, model_fields: frozenset[str] | None = None) -> Strategy:
    """A strategy by name; ``model_fields`` limits what the hybrid takes from the model (a routing decision)."""
    if name == "hybrid" and model_fields is not None:
        return HybridStrategy(model_fields=model_fields)
    try:
        return STRATEGIES[name]()
    except KeyError:
        raise ConfigError(f"unknown strategy {name!r}; choose one of: auto, {', '.join(STRATEGIES)}") from None


__all__ = [
    "STRATEGIES",
    "AlignmentStatus",
    "Strategy",
    "StrategyContext",
    "StrategyOutput",
    "get_strategy",
    "resolve_strategy_name",
]
