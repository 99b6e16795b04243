"""Assemble the client chain from ``Settings``: cache → retry → backend."""

from __future__ import annotations

from claimex.clients.base import ModelClient
from claimex.clients.cache import CachedClient
from claimex.clients.embedded import EmbeddedClient, ServerConfig, default_model_path, require_local_extra
from claimex.clients.openai_compatible import OpenAICompatibleClient
from claimex.clients.retry import RetryingClient
from claimex.core.errors import ConfigError
from claimex.core.settings import Settings


def embedded_server_config(settings: Settings) -> ServerConfig:
    """The embedded llama.cpp server ``settings`` run on (shared per process: see ``shared_server``)."""
    return ServerConfig(
        model_path=settings.model_path or default_model_path(),
        n_ctx=settings.n_ctx,
        n_threads=settings.n_threads,
        n_parallel=max(settings.n_parallel, settings.concurrency),
    )


def endpoint_key(settings: Settings) -> str:
    """The API key for the OpenAI-compatible endpoint; local servers need none."""
    key = settings.api_key.get_secret_value() if settings.api_key else None
    if key is None:
        if settings.base_url is None:
            raise ConfigError(f"no API key: set ${settings.api_key_env} (or --api-key-env NAME)")
        key = "no-key-needed"  # local servers (vLLM, Ollama, llama.cpp) accept any key
    return key


def build_backend(settings: Settings) -> ModelClient:
    if settings.backend == "local":
        require_local_extra("xllamacpp")  # first: without it the bundled weights are no use either
        return EmbeddedClient(
            embedded_server_config(settings),
            mode=settings.instructor_mode,
            timeout=settings.timeout,
            max_reasks=settings.max_reasks,
        )
    if not settings.model:
        raise ConfigError("the openai backend needs --model (the model name the endpoint serves)")
    return OpenAICompatibleClient(
        base_url=settings.base_url,
        api_key=endpoint_key(settings),
        model=settings.model,
        mode=settings.instructor_mode,
        timeout=settings.timeout,
        max_reasks=settings.max_reasks,
    )


def build_client(settings: Settings) -> ModelClient:
    client: ModelClient = RetryingClient(
        build_backend(settings), max_attempts=settings.max_attempts, max_wait=settings.max_retry_wait
    )
    if settings.use_cache:
        client = CachedClient(client, settings.cache_dir)
    return client
