"""Real local HTTP servers for tests and benchmarks (127.0.0.1 only, ephemeral ports).

- :class:`FakeOpenAIServer` answers ``/v1/chat/completions`` with JSON valid for the
  requested schema after a fixed delay: a stand-in for a remote endpoint. It also serves
  OpenAI's Files and Batches endpoints (:mod:`tests.support.batch_api`), answering each
  batched request as it would online.
- :class:`FaultProxy` forwards to an upstream and injects faults on a seeded share of
  requests: 429 with Retry-After, 500, a stall past the client's timeout, a 200 with a
  garbage body, or a dropped connection.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
import urllib.request
from collections import Counter
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from tests.support.batch_api import BatchBackend

_QUOTED = re.compile(r"[“\"]([^”\"]{12,300})[”\"]")


def _target_enum(schema: dict[str, Any]) -> list[str]:
    target_schema = schema.get("properties", {}).get("target", {})
    ref = target_schema.get("$ref", "")
    enum = target_schema.get("enum")
    if ref:
        enum = schema.get("$defs", {}).get(ref.split("/")[-1], {}).get("enum")
    return list(enum or [])


_STATEMENT = re.compile(r"Statement by [^\n]*:\n<<<(\S+)\n(.*?)\n\1>>>", re.S)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _fold(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.lower().replace("’", "").replace("'", "")))


def _same_name(a: str, names: Sequence[str]) -> bool:
    x = _fold(a)
    return bool(x) and any(y and (x == y or x in y or y in x) for y in map(_fold, names))


def gold_oracle(gold_claims: Sequence[dict[str, Any]]) -> Callable[[dict[str, Any], str], dict[str, Any]]:
    """An answer hook for :class:`FakeOpenAIServer` that knows the gold: for a stance question, the stance
    and target of the gold claim whose quote shares most words with the statement asked about (a model
    that is always right, for calibration tests); claims questions get the default answer."""

    def answer(schema: dict[str, Any], user_text: str) -> dict[str, Any]:
        found = _STATEMENT.search(user_text)
        if "stance" not in schema.get("properties", {}) or found is None:
            return _answer_for(schema, user_text)
        asked = _words(found.group(2))
        best = max(gold_claims, key=lambda g: len(asked & _words(g["quote"])) / max(1, len(asked | _words(g["quote"]))))
        enum = _target_enum(schema)
        names = [best["target"], *(best.get("target_aliases") or [])] if best.get("target") else []
        target = next((c for c in enum if c != "none" and _same_name(c, names)), "none")
        return {"target": target, "stance": best["stance"]}

    return answer


def _answer_for(schema: dict[str, Any], user_text: str) -> dict[str, Any]:
    props = schema.get("properties", {})
    if "claims" in props:
        article = user_text.split("Article (published", 1)[-1]
        claims = [
            {
                "speaker": "Test Speaker",
                "quote": quote,
                "quote_type": "direct",
                "target": None,
                "stance": "neutral",
                "when": None,
            }
            for quote in _QUOTED.findall(article)[:3]
        ]
        return {"claims": claims}
    if "stance" in props:
        return {"target": (_target_enum(schema) or ["none"])[0], "stance": "neutral"}
    return {}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _LocalServer:
    """Serves ``handler`` on an ephemeral 127.0.0.1 port in a thread, as a context manager."""

    def _serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._httpd = _Server(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class FakeOpenAIServer(_LocalServer):
    """``stance``: answer this stance to every stance question (an adversarial model);
    ``invalid``: answer JSON that fits no schema (a broken model). Both can change mid-test.
    ``answer``: a hook ``(schema, user message) -> answer`` replacing the default answers (see :func:`gold_oracle`)."""

    def __init__(
        self,
        delay: float = 0.0,
        *,
        stance: str | None = None,
        invalid: bool = False,
        answer: Callable[[dict[str, Any], str], dict[str, Any]] | None = None,
        next_token: dict[str, float] | None = None,
    ) -> None:
        self.answer = answer
        # a request for log-probabilities gets these as its first token's top_logprobs (default: always "A")
        self.next_token = next_token or {"A": -0.05, "B": -3.5, "C": -4.0, "D": -4.5, "The": -6.0}
        self.logprob_requests: list[str] = []
        self.delay = delay
        self.hold: threading.Event | None = None  # when set to an Event, answers wait until it is set
        self.hold_after = 0  # ... all but the first ``hold_after`` answers
        self.requests = 0
        self.stance = stance
        self.invalid = invalid
        self.user_messages: list[str] = []
        self._lock = threading.Lock()
        self.batches = BatchBackend(self)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle on, each response
            # waits ~40 ms for a delayed ACK (measured in benchmarks/bench_concurrency.py).
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, payload: dict[str, Any] | bytes, content_type: str = "application/json") -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("content-type", content_type)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                raw = self.rfile.read(length)
                if self.path.startswith("/v1/files"):
                    self._send(*outer.batches.upload(self.headers.get("content-type", ""), raw))
                    return
                if self.path.startswith("/v1/batches"):
                    self._send(*outer.batches.create(json.loads(raw or b"{}")))
                    return
                body = json.loads(raw or b"{}")
                with outer._lock:
                    outer.requests += 1
                    number = outer.requests
                if outer.delay:
                    time.sleep(outer.delay)
                if outer.hold is not None and number > outer.hold_after:
                    outer.hold.wait(timeout=600)
                self._send(200, outer.reply(body))

            def do_GET(self) -> None:
                code, payload = outer.batches.get(self.path)
                self._send(
                    code, payload, "application/octet-stream" if isinstance(payload, bytes) else "application/json"
                )

        self._serve(Handler)

    def reply(self, body: dict[str, Any]) -> dict[str, Any]:
        """The chat completion this server answers ``body`` with (online, or inside a batch)."""
        fmt = body.get("response_format") or {}
        schema = (fmt.get("json_schema") or {}).get("schema") or {}
        if not schema and body.get("tools"):
            schema = body["tools"][0]["function"]["parameters"]
        user = next((m["content"] for m in reversed(body.get("messages", [])) if m["role"] == "user"), "")
        with self._lock:
            self.user_messages.append(str(user))
        answer = (self.answer or _answer_for)(schema, str(user))
        if self.stance and "stance" in answer:
            answer["stance"] = self.stance
        content = '{"target": 42, "stance": "maybe"}' if self.invalid else json.dumps(answer)
        logprobs = None
        if body.get("logprobs"):
            with self._lock:
                self.logprob_requests.append(str(user))
            top = [{"token": t, "logprob": lp, "bytes": None} for t, lp in self.next_token.items()]
            content = max(self.next_token, key=lambda t: self.next_token[t])
            first = {"token": content, "logprob": max(self.next_token.values()), "bytes": None, "top_logprobs": top}
            logprobs = {"content": [first]}
        choice = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}
        return {
            "id": "fake-1",
            "object": "chat.completion",
            "created": 0,
            "model": body.get("model", "fake"),
            "choices": [{**choice, "logprobs": logprobs}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
        }


FAULTS = ("429", "500", "timeout", "garbage", "drop")


class FaultProxy(_LocalServer):
    """Forward to ``upstream`` (a base URL ending in /v1); fail ``rate`` of requests."""

    def __init__(self, upstream: str, *, rate: float = 0.3, seed: int = 7, stall: float = 3.0) -> None:
        self.upstream = upstream.rstrip("/")
        self.rate = rate
        self.stall = stall
        self.injected: Counter[str] = Counter()
        self.forwarded = 0
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in separate writes; with Nagle on, each response
            # waits ~40 ms for a delayed ACK (measured in benchmarks/bench_concurrency.py).
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, code: int, data: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(code)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                payload = self.rfile.read(length)
                with outer._lock:
                    fault = outer._rng.choice(FAULTS) if outer._rng.random() < outer.rate else None
                    if fault:
                        outer.injected[fault] += 1
                    else:
                        outer.forwarded += 1
                if fault == "429":
                    self._send(429, b'{"error": {"message": "slow down"}}', {"retry-after": "0"})
                elif fault == "500":
                    self._send(500, b'{"error": {"message": "boom"}}')
                elif fault == "timeout":
                    time.sleep(outer.stall)
                    self._send(504, b'{"error": {"message": "late"}}')
                elif fault == "garbage":
                    self._send(200, b"<html>\x00\xffnot json at all")
                elif fault == "drop":
                    self.close_connection = True
                    self.connection.shutdown(2)
                else:
                    path = self.path.removeprefix("/v1")
                    request = urllib.request.Request(
                        outer.upstream + path, data=payload, headers={"content-type": "application/json"}
                    )
                    with urllib.request.urlopen(request, timeout=600) as response:
                        self._send(response.status, response.read())

        self._serve(Handler)


class DripServer(_LocalServer):
    """Sends a 200 and then one byte every ``interval`` seconds for ``seconds``: a request that never times out per read."""

    def __init__(self, *, interval: float = 0.3, seconds: float = 30.0) -> None:
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                outer.requests += 1
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(int(seconds / interval) + 10))
                self.end_headers()
                deadline = time.monotonic() + seconds
                try:
                    while time.monotonic() < deadline:
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(interval)
                except OSError:
                    pass  # the client gave up: what the test wants

        self._serve(Handler)


class EchoErrorServer(_LocalServer):
    """Answers 400 with a body that echoes the request's Authorization header and path (as some servers do)."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("content-length", 0)))
                echoed = f"bad request {self.path} with {self.headers.get('authorization')}"
                data = json.dumps({"error": {"message": echoed}}).encode()
                self.send_response(400)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._serve(Handler)
