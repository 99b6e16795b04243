"""``/readyz``: can an article be extracted now?

- rules: yes, once the parser is loaded (it is, before the server listens);
- local: once the embedded llama.cpp server has started (it is started in the
  background when the service starts, so ``/healthz`` answers at once) and answers;
- openai: when the endpoint answers HTTP at all (any status: a 401 or 404 from
  ``/models`` still proves it is reachable). The answer is remembered for a few seconds,
  so a busy prober does not become load on the endpoint.
"""

from __future__ import annotations

import logging
import threading
import time

import httpx

from claimex.clients.embedded import shared_server
from claimex.clients.factory import embedded_server_config
from claimex.core.errors import ClaimexError
from claimex.core.redact import redact_url
from claimex.pipeline.extractor import Extractor

log = logging.getLogger(__name__)
_PROBE_SECONDS = 3.0
_REMEMBER_SECONDS = 5.0


class Readiness:
    def __init__(self, extractor: Extractor) -> None:
        self._extractor = extractor
        self._settings = extractor.settings
        self.needs_model = extractor.strategy.prompt_ref is not None
        self._endpoint: str | None = self._settings.base_url if self._settings.backend == "openai" else None
        self._problem: str | None = None
        self._checked = 0.0
        self._ok = not self.needs_model
        self._lock = threading.Lock()
        self._started = threading.Event()

    @property
    def backend(self) -> str | None:
        if not self.needs_model:
            return None
        return self._extractor.provenance.backend

    def start(self) -> None:
        """Start the embedded model in the background (nothing to start for rules or a remote endpoint)."""
        if self.needs_model and self._settings.backend == "local":
            threading.Thread(target=self._start_embedded, name="claimex-model-start", daemon=True).start()
        else:
            self._started.set()

    def _start_embedded(self) -> None:
        try:
            self._endpoint = shared_server(embedded_server_config(self._settings)).start()
        except ClaimexError as exc:
            self._problem = f"the embedded model did not start: {exc}"
            log.error("%s", self._problem)
        finally:
            self._started.set()

    def check(self) -> str | None:
        """None when ready, else why not."""
        if not self.needs_model:
            return None
        if not self._started.is_set():
            return "the embedded model is still starting"
        if self._problem is not None and self._endpoint is None:
            return self._problem
        with self._lock:
            if time.monotonic() - self._checked < _REMEMBER_SECONDS:
                return None if self._ok else self._problem
            self._ok, self._problem = self._probe()
            self._checked = time.monotonic()
            return None if self._ok else self._problem

    def _probe(self) -> tuple[bool, str | None]:
        base = (self._endpoint or "https://api.openai.com/v1").rstrip("/")
        try:
            with httpx.Client(timeout=_PROBE_SECONDS) as client:
                client.get(f"{base}/models")
        except httpx.HTTPError as exc:
            return False, f"the model endpoint {redact_url(base)} is not reachable ({type(exc).__name__})"
        return True, None
