"""A whole-request deadline for HTTP calls to a model endpoint.

httpx's timeouts bound each wait for the next bytes, not the request: an endpoint that
drips one byte every half second holds a request for ever under a 2-second timeout.
This transport wraps the response body and fails the request once the deadline
passes, between any two chunks. It also fails at once, between chunks, after
:func:`cancel_all` (Ctrl-C), so requests in flight do not hold a stopping batch.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx

_cancelled = threading.Event()


def cancel_all() -> None:
    """Make every request in flight fail at its next chunk (used when a batch is interrupted)."""
    _cancelled.set()


def reset_cancel() -> None:
    _cancelled.clear()


class _DeadlineStream(httpx.SyncByteStream):
    def __init__(self, inner: httpx.SyncByteStream, deadline: float, request: httpx.Request) -> None:
        self._inner = inner
        self._deadline = deadline
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._inner:
            _check(self._deadline, self._request)
            yield chunk

    def close(self) -> None:
        self._inner.close()


def _check(deadline: float, request: httpx.Request) -> None:
    if _cancelled.is_set():
        raise httpx.ReadTimeout("request cancelled: the batch is stopping", request=request)
    if time.monotonic() > deadline:
        raise httpx.ReadTimeout("whole-request deadline passed", request=request)


class DeadlineTransport(httpx.BaseTransport):
    """Fails any request that takes longer than ``seconds`` in all, body included."""

    def __init__(self, seconds: float, inner: httpx.BaseTransport | None = None) -> None:
        self.seconds = seconds
        self._inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self.seconds
        _check(deadline, request)
        response = self._inner.handle_request(request)
        stream = response.stream
        assert isinstance(stream, httpx.SyncByteStream)
        response.stream = _DeadlineStream(stream, deadline, request)
        return response

    def close(self) -> None:
        self._inner.close()


def deadline_client(seconds: float) -> httpx.Client:
    """An httpx client whose every request must finish within ``seconds``."""
    return httpx.Client(transport=DeadlineTransport(seconds), timeout=httpx.Timeout(seconds))
